// JSON Schemas an agent attaches to what it asks: the middleware's `argsSchema` for edited tool arguments, LangGraph's
// `response_schema` for the answer to a raw interrupt. Whether a value fits is the one rule in
// src/shared/json-schema-check.ts; here: the form an answer schema gives, and the schema an item's edit must fit.
import { schemaProblem, type JsonSchema } from '../../../shared/json-schema-check.js';

export { schemaProblem, type JsonSchema };

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

/**
 * The schema the edited action's arguments must fit, as the console checks it before the decision is written: the
 * arguments schema itself, the answer schema of a raw value answered as a form, or that schema under `value`.
 */
export function editSchemaOf(schema: JsonSchema | null, raw: boolean): JsonSchema | null {
  if (!schema) return null;
  if (!raw || objectTemplate(schema)) return schema;
  return { type: 'object', properties: { value: schema }, required: ['value'] };
}
