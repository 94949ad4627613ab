// Proposed versus edited: each RFC 6902 operation as "path: old → new", and for long text a word-level diff.
// Added and removed are marked by words and symbols as well as colour, so the diff reads without colour.
import { diffWords } from 'diff';
import type { PatchOp, ProposedAction } from '../../shared/domain.js';
import { actionPatch } from '../../shared/diff.js';
import { SafeText } from '../common/SafeText.js';

function unescapePointer(p: string): string {
  return p.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The value at a JSON Pointer in the proposed action (for "old"). */
function at(value: unknown, pointer: string): unknown {
  let cur: unknown = value;
  for (const seg of pointer.split('/').slice(1).map(unescapePointer)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

const isLongText = (v: unknown) => typeof v === 'string' && (v.length > 60 || v.includes('\n'));
/** A value as JSON text; JSON.stringify gives nothing only for what JSON cannot hold (a function, a symbol): their own text. */
const show = (v: unknown) => (v === undefined ? '(nothing)' : (JSON.stringify(v) ?? (typeof v === 'function' || typeof v === 'symbol' ? v.toString() : '(not JSON)')));

function WordDiff({ before, after }: { before: string; after: string }) {
  const parts = diffWords(before, after);
  return (
    <div className="word-diff" aria-label="Word-level changes">
      {parts.map((p, i) =>
        p.added ? (
          <ins key={i} title="added">
            <span className="sr-only">[added: </span>
            <SafeText text={p.value} />
            <span className="sr-only">]</span>
          </ins>
        ) : p.removed ? (
          <del key={i} title="removed">
            <span className="sr-only">[removed: </span>
            <SafeText text={p.value} />
            <span className="sr-only">]</span>
          </del>
        ) : (
          <SafeText key={i} text={p.value} />
        ),
      )}
    </div>
  );
}

function OpLine({ op, before }: { op: PatchOp; before: ProposedAction }) {
  const path = unescapePointer(op.path);
  const old = at(before, op.path);
  if (op.op === 'replace' && isLongText(old) && typeof op.value === 'string')
    return (
      <li className="diff-op diff-replace">
        <span className="diff-sym" aria-hidden="true">
          ~
        </span>{' '}
        <span className="diff-kind">changed</span> <code>{path}</code>
        <WordDiff before={old as string} after={op.value} />
      </li>
    );
  if (op.op === 'add')
    return (
      <li className="diff-op diff-add">
        <span className="diff-sym" aria-hidden="true">
          +
        </span>{' '}
        <span className="diff-kind">added</span> <code>{path}</code>:{' '}
        <ins>
          <SafeText text={show(op.value)} />
        </ins>
      </li>
    );
  if (op.op === 'remove')
    return (
      <li className="diff-op diff-remove">
        <span className="diff-sym" aria-hidden="true">
          −
        </span>{' '}
        <span className="diff-kind">removed</span> <code>{path}</code>:{' '}
        <del>
          <SafeText text={show(old)} />
        </del>
      </li>
    );
  return (
    <li className="diff-op diff-replace">
      <span className="diff-sym" aria-hidden="true">
        ~
      </span>{' '}
      <span className="diff-kind">{op.op === 'replace' ? 'changed' : op.op}</span> <code>{path}</code>:{' '}
      <del>
        <SafeText text={show(old)} />
      </del>{' '}
      →{' '}
      <ins>
        <SafeText text={show(op.value)} />
      </ins>
    </li>
  );
}

export function ActionDiff({
  before,
  after,
  emptyText = 'No changes: this approves the action as proposed.',
}: {
  before: ProposedAction;
  after: ProposedAction | null;
  emptyText?: string;
}) {
  const ops = actionPatch(before, after);
  if (ops.length === 0) return <p className="diff-empty muted">{emptyText}</p>;
  return (
    <ul className="action-diff" aria-label={`${ops.length} ${ops.length === 1 ? 'change' : 'changes'}`}>
      {ops.map((op, i) => (
        <OpLine key={i} op={op} before={before} />
      ))}
    </ul>
  );
}
