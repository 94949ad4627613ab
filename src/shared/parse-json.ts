// Stored or received JSON checked against a schema in one step: the value, or null when the text is
// missing, not JSON, or not of that shape. For reads where "unknown" is an answer, not an error.
import type { z } from 'zod';

export function parseJsonOrNull<T>(text: string | null | undefined, schema: z.ZodType<T>): T | null {
  if (!text) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
