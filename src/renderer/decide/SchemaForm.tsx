// The edit dialog's form: one input per field (schema-fields.ts decides which), two-way with the dialog's JSON view.
// Written here rather than taken from a JSON Schema form library: those validate with ajv, which compiles schemas with
// `new Function` (refused by the renderer's CSP, no eval) and would be a second rule beside json-schema-check.ts.
// No native constraint checks either (the form is noValidate): the dialog shows the one rule's verdict.
import { useEffect, useState } from 'react';
import { SafeText } from '../common/SafeText.js';
import type { FieldSpec } from './schema-fields.js';

type Args = Record<string, unknown>;

interface Props {
  fields: FieldSpec[];
  args: Args;
  /** `undefined` removes the argument (an emptied optional field). */
  onField: (key: string, value: unknown) => void;
  /** A JSON field that does not parse (null: it parses again). The dialog blocks confirming meanwhile. */
  onFieldError: (key: string, error: string | null) => void;
  legend: string;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const shown = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

export function SchemaForm({ fields, args, onField, onFieldError, legend }: Props) {
  if (fields.length === 0) return null;
  return (
    <fieldset className="edit-form">
      <legend>{legend}</legend>
      {fields.map((f, i) => (
        <Field key={f.key} spec={f} id={`field-${i}`} value={args[f.key]} present={f.key in args} onField={onField} onFieldError={onFieldError} />
      ))}
    </fieldset>
  );
}

function Field({ spec, id, value, present, onField, onFieldError }: { spec: FieldSpec; id: string; value: unknown; present: boolean } & Pick<Props, 'onField' | 'onFieldError'>) {
  const descId = spec.description || spec.extra ? `${id}-desc` : undefined;
  const common = { id, 'aria-describedby': descId, 'aria-required': spec.required || undefined };
  const set = (v: unknown) => onField(spec.key, v);
  let input: React.ReactNode;
  switch (spec.kind) {
    case 'boolean':
      input = <input {...common} type="checkbox" checked={value === true} onChange={(e) => set(e.target.checked)} />;
      break;
    case 'number':
    case 'integer':
      input = (
        <input
          {...common}
          type="number"
          step={spec.kind === 'integer' ? 1 : 'any'}
          min={spec.minimum}
          max={spec.maximum}
          value={typeof value === 'number' ? String(value) : ''}
          onChange={(e) => set(e.target.value === '' ? undefined : Number(e.target.value))}
        />
      );
      break;
    case 'enum': {
      const options = spec.options ?? [];
      const at = present ? options.findIndex((o) => same(o, value)) : -1;
      input = (
        <select {...common} value={at >= 0 ? String(at) : ''} onChange={(e) => set(e.target.value === '' ? undefined : options[Number(e.target.value)])}>
          {at < 0 ? <option value="">{present && value !== '' ? `${shown(value)} (not one of the choices)` : '(choose one)'}</option> : null}
          {options.map((o, n) => (
            <option key={n} value={String(n)}>
              {shown(o)}
            </option>
          ))}
        </select>
      );
      break;
    }
    case 'json':
      input = <JsonField common={common} value={value} present={present} onValue={set} onError={(e) => onFieldError(spec.key, e)} />;
      break;
    default: {
      const v = typeof value === 'string' ? value : present ? JSON.stringify(value) : '';
      input =
        spec.kind === 'longtext' ? (
          <textarea {...common} rows={8} value={v} onChange={(e) => set(e.target.value)} />
        ) : (
          <input {...common} type="text" value={v} onChange={(e) => set(e.target.value)} />
        );
    }
  }
  return (
    <div className={`field field-${spec.kind}`}>
      <div className="field-head">
        <label htmlFor={id}>{spec.key}</label>
        {spec.required ? (
          <span className="field-required" title="Required by the agent's schema" aria-hidden="true">
            *
          </span>
        ) : null}
        {spec.title && spec.title !== spec.key ? (
          <span className="muted">
            <SafeText text={spec.title} />
          </span>
        ) : null}
        {spec.kind === 'json' ? <span className="muted field-type">JSON</span> : null}
      </div>
      {input}
      {descId ? (
        <p id={descId} className="muted field-desc">
          {spec.extra ? 'Not in the schema the agent gives. ' : null}
          {spec.description ? <SafeText text={spec.description} /> : null}
        </p>
      ) : null}
    </div>
  );
}

/** A nested value edited as JSON: its own draft, so a half-typed value does not wipe the argument. */
function JsonField({
  common,
  value,
  present,
  onValue,
  onError,
}: {
  common: Record<string, unknown>;
  value: unknown;
  present: boolean;
  onValue: (v: unknown) => void;
  onError: (e: string | null) => void;
}) {
  const render = () => (present ? JSON.stringify(value, null, 2) : '');
  const [draft, setDraft] = useState(render);
  const [error, setError] = useState<string | null>(null);
  // The argument changed elsewhere (the dialog's JSON view): show it, unless the draft already says the same.
  useEffect(() => {
    setDraft((d) => {
      try {
        if (d.trim() !== '' && same(JSON.parse(d), value)) return d;
      } catch {
        // a broken draft gives way to the value it no longer matches
      }
      return render();
    });
    setError(null);
    onError(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- runs when the value itself changes
  }, [JSON.stringify(value), present]);
  const onChange = (t: string) => {
    setDraft(t);
    if (t.trim() === '') {
      setError(null);
      onError(null);
      onValue(undefined);
      return;
    }
    try {
      const v: unknown = JSON.parse(t);
      setError(null);
      onError(null);
      onValue(v);
    } catch (e) {
      const msg = `Not valid JSON: ${(e as Error).message}`;
      setError(msg);
      onError(msg);
    }
  };
  return (
    <>
      <textarea {...common} className="code" rows={4} spellCheck={false} value={draft} aria-invalid={!!error} onChange={(e) => onChange(e.target.value)} />
      {error ? <p className="error-text">{error}</p> : null}
    </>
  );
}
