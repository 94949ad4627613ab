// Does a value fit a JSON Schema an agent attached to what it asks (the LangChain middleware's `argsSchema` for edited
// tool arguments, LangGraph's `response_schema` for an answer)? One rule for the renderer's edit dialog (as you type),
// the core's item.decide (before anything is written) and the LangGraph source (before anything is sent). Read with
// zod's own JSON Schema reader; a schema it cannot read is not enforced (the agent did not enforce it either).
import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

/** The first problems of `value` against `schema`, or null when it fits (or there is no schema we can read). */
export function schemaProblem(schema: JsonSchema | null | undefined, value: unknown): string | null {
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
