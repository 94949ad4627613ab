// JSON Schemas an agent attaches to what it asks: the middleware's `argsSchema` for edited tool arguments, LangGraph's
// `response_schema` for the answer to a raw interrupt. Read with zod's own JSON Schema reader; a schema it cannot read
// is not enforced (the agent did not enforce it either), never a reason to refuse the answer.
import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

/** The first problems of `value` against `schema`, or null when it fits (or there is no schema we can read). */
export function schemaProblem(schema: JsonSchema | null, value: unknown): string | null {
  if (!schema) return null;
  let validator: z.ZodType;
  try {
    validator = z.fromJSONSchema(schema);
  } catch {
    return null;
  }
  const r = validator.safeParse(value);
  if (r.success) return null;
  return r.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(value)'}: ${i.message}`)
    .join('; ');
}

/** An object schema's properties, for a form: each field's default, else an empty value of its type. */
export function objectTemplate(schema: JsonSchema | null): Record<string, unknown> | null {
  const props = schema?.['properties'];
  if (schema?.['type'] !== 'object' || !props || typeof props !== 'object' || Array.isArray(props)) return null;
  const out: Record<string, unknown> = {};
  for (const [key, p] of Object.entries(props as Record<string, unknown>)) {
    const prop = (p && typeof p === 'object' ? p : {}) as Record<string, unknown>;
    if ('default' in prop) out[key] = prop['default'];
    else if (prop['type'] === 'string') out[key] = '';
    else if (prop['type'] === 'number' || prop['type'] === 'integer') out[key] = 0;
    else if (prop['type'] === 'boolean') out[key] = false;
    else if (prop['type'] === 'array') out[key] = [];
    else out[key] = null;
  }
  return out;
}
