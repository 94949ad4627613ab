// Which form fields the edit dialog shows for an action's arguments. From the agent's JSON Schema where it gives one
// (the middleware's argsSchema, a raw value's answer schema): the common cases become inputs (text, number, integer,
// yes/no, a choice from an enum), with required marks and descriptions; anything else (nested objects, arrays,
// unions) is a JSON field of its own. Without a schema, the simple top-level values (text and numbers), as before.
// Whether the result fits stays the one rule in src/shared/json-schema-check.ts: this only lays the form out.
import type { JsonSchema } from '../../shared/json-schema-check.js';

type FieldKind = 'text' | 'longtext' | 'number' | 'integer' | 'boolean' | 'enum' | 'json';

export interface FieldSpec {
  key: string;
  kind: FieldKind;
  required: boolean;
  title?: string;
  description?: string;
  /** enum: the allowed values, in the schema's order. */
  options?: unknown[];
  minimum?: number;
  maximum?: number;
  /** Present in the arguments but not among the schema's properties. */
  extra?: boolean;
}

const LONG = 80;
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isLong = (v: unknown) => typeof v === 'string' && (v.length > LONG || v.includes('\n'));
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v : undefined);

/** The one JSON type a property schema names (`["string", "null"]` counts as string: null stays possible in JSON). */
function typeOf(prop: Record<string, unknown>): string | null {
  const t = prop['type'];
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) {
    const named = t.filter((x) => x !== 'null');
    return named.length === 1 && typeof named[0] === 'string' ? named[0] : null;
  }
  return null;
}

function kindOf(prop: Record<string, unknown>, value: unknown): FieldKind {
  const options = prop['enum'];
  if (Array.isArray(options) && options.length > 0 && options.every((o) => o === null || typeof o !== 'object')) return 'enum';
  switch (typeOf(prop)) {
    case 'string':
      return isLong(value) ? 'longtext' : 'text';
    case 'number':
      return 'number';
    case 'integer':
      return 'integer';
    case 'boolean':
      return 'boolean';
    default:
      return 'json';
  }
}

/** The schema's object properties, or null when it does not describe an object with properties. */
function propertiesOf(schema: JsonSchema | null | undefined): Record<string, unknown> | null {
  if (!schema || schema['type'] !== 'object' || !isObject(schema['properties'])) return null;
  return schema['properties'];
}

/**
 * `proposed`: the arguments as the agent proposed them (a field's input stays what it was while the approver types);
 * `current`: as edited so far (an argument added in the JSON view gets a field too).
 */
export function fieldsOf(schema: JsonSchema | null | undefined, proposed: Record<string, unknown>, current: Record<string, unknown> = proposed): FieldSpec[] {
  const props = propertiesOf(schema);
  if (!props) {
    return Object.entries(proposed)
      .filter(([, v]) => typeof v === 'string' || typeof v === 'number')
      .map(([key, v]) => ({ key, kind: typeof v === 'number' ? 'number' : isLong(v) ? 'longtext' : 'text', required: false }));
  }
  const required = new Set(Array.isArray(schema!['required']) ? schema!['required'].filter((r): r is string => typeof r === 'string') : []);
  const fields: FieldSpec[] = Object.entries(props).map(([key, p]) => {
    const prop = isObject(p) ? p : {};
    const kind = kindOf(prop, proposed[key]);
    const spec: FieldSpec = { key, kind, required: required.has(key) };
    if (text(prop['title'])) spec.title = text(prop['title']);
    if (text(prop['description'])) spec.description = text(prop['description']);
    if (kind === 'enum') spec.options = prop['enum'] as unknown[];
    if (num(prop['minimum']) !== undefined) spec.minimum = num(prop['minimum']);
    if (num(prop['maximum']) !== undefined) spec.maximum = num(prop['maximum']);
    return spec;
  });
  for (const key of new Set([...Object.keys(proposed), ...Object.keys(current)])) {
    if (!(key in props)) fields.push({ key, kind: 'json', required: false, extra: true });
  }
  return fields;
}
