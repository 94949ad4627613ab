// Edit then approve: a form of the arguments (built from the agent's schema where it gives one, else the simple
// top-level fields), the JSON of all arguments, and a live diff. The form and the JSON are two views of one edited
// value; invalid JSON, in the JSON view or a form field, blocks approval and says why, and so does a misfit.
import { useMemo, useState } from 'react';
import type { ProposedAction } from '../../shared/domain.js';
import { ProposedAction as ProposedActionSchema } from '../../shared/domain.js';
import { actionChanged } from '../../shared/diff.js';
import { schemaProblem, type JsonSchema } from '../../shared/json-schema-check.js';
import { Dialog } from '../common/Dialog.js';
import { SafeText } from '../common/SafeText.js';
import { ActionDiff } from './ActionDiff.js';
import { ClosedNotice } from './ClosedNotice.js';
import { CONFIRM_KEY, isConfirmKey } from './confirm-key.js';
import { fieldsOf } from './schema-fields.js';
import { SchemaForm } from './SchemaForm.js';

type Args = Record<string, unknown>;

function parseArgs(text: string): { args?: Args; error?: string } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { error: `Not valid JSON: ${(e as Error).message}` };
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return { error: 'The arguments must be a JSON object ({ ... }).' };
  const checked = ProposedActionSchema.safeParse({ name: 'x', args: v });
  if (!checked.success) return { error: checked.error.issues[0]?.message ?? 'Invalid arguments' };
  return { args: v as Args };
}

/** `answer`: the item is a question (a raw source value), so this sends the edited value as the answer, changed or not. */
export function EditDialog({
  proposed,
  onConfirm,
  onCancel,
  answer = false,
  closed = null,
  schema = null,
}: {
  proposed: ProposedAction;
  onConfirm: (edited: ProposedAction) => void;
  onCancel: () => void;
  answer?: boolean;
  /** Why it can no longer be approved (decided elsewhere): the dialog stays with the edits, approve is off. */
  closed?: string | null;
  /** The schema the agent gives the arguments (an edit outside it is refused before anything is written or sent). */
  schema?: JsonSchema | null;
}) {
  const [args, setArgs] = useState<Args>(() => structuredClone(proposed.args));
  const [text, setText] = useState(() => JSON.stringify(proposed.args, null, 2));
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const edited = useMemo(() => ({ name: proposed.name, args }), [proposed.name, args]);
  const changed = actionChanged(proposed, edited);
  const schemaError = useMemo(() => {
    const problem = schemaProblem(schema, args);
    return problem ? `Does not fit the schema the agent gives: ${problem}` : null;
  }, [schema, args]);
  const fieldError = Object.entries(fieldErrors).map(([k, e]) => `${k}: ${e}`)[0] ?? null;
  const problem = jsonError ?? fieldError ?? schemaError;
  const fields = useMemo(() => fieldsOf(schema, proposed.args, args), [schema, args, proposed.args]);

  const setField = (key: string, value: unknown) => {
    const next = { ...args };
    if (value === undefined) delete next[key];
    else next[key] = value;
    setArgs(next);
    setText(JSON.stringify(next, null, 2));
    setJsonError(null);
  };
  const onJson = (t: string) => {
    setText(t);
    const r = parseArgs(t);
    if (r.args) {
      setArgs(r.args);
      setJsonError(null);
      setFieldErrors({});
    } else setJsonError(r.error!);
  };
  const confirm = () => {
    if (problem || closed) return;
    onConfirm(edited);
  };

  return (
    <Dialog title={answer ? 'Answer with a value' : 'Edit, then approve'} onCancel={onCancel} className="edit-dialog">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          confirm();
        }}
        onKeyDown={(e) => {
          // Ctrl/Cmd+Enter approves from anywhere in the editor; plain Enter never does (confirm-key.ts).
          if (isConfirmKey(e)) confirm();
        }}
      >
        <p className="muted">
          Action{' '}
          <code>
            <SafeText text={proposed.name} />
          </code>{' '}
          · {CONFIRM_KEY} {answer ? 'sends' : 'approves'} (Enter never does) · Esc cancels
        </p>
        {closed ? <ClosedNotice reason={closed} text={text} id="edit-closed" /> : null}
        <div className="edit-columns">
          <div className="edit-inputs">
            <SchemaForm
              fields={fields}
              args={args}
              legend={schema ? 'Fields (from the schema the agent gives)' : 'Fields'}
              onField={setField}
              onFieldError={(key, error) =>
                setFieldErrors((cur) => {
                  if ((cur[key] ?? null) === error) return cur;
                  const next = { ...cur };
                  if (error) next[key] = error;
                  else delete next[key];
                  return next;
                })
              }
            />
            <div className="field">
              <label htmlFor="edit-json">Arguments (JSON)</label>
              <textarea
                id="edit-json"
                className="code"
                rows={12}
                spellCheck={false}
                value={text}
                aria-invalid={!!problem}
                aria-describedby="edit-json-status"
                onChange={(e) => onJson(e.target.value)}
              />
              <p id="edit-json-status" className={problem ? 'error-text' : 'muted'} role={problem ? 'alert' : undefined}>
                {problem ?? (schema ? 'Valid JSON, fits the schema the agent gives' : 'Valid JSON')}
              </p>
            </div>
          </div>
          <section className="edit-diff" aria-labelledby="edit-diff-title" aria-live="polite">
            <h3 id="edit-diff-title">Proposed → edited</h3>
            <ActionDiff before={proposed} after={edited} />
          </section>
        </div>
        <div className="dialog-actions">
          <button type="button" onClick={onCancel}>
            {closed ? 'Close' : 'Cancel'}
          </button>
          <button type="submit" className="primary" disabled={!!problem || !!closed} aria-describedby={closed ? 'edit-closed' : undefined}>
            {answer ? 'Send answer' : changed ? 'Approve with edits' : 'Approve unchanged'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
