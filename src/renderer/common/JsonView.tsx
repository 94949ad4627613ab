// A JSON value pretty-printed as React text nodes (never HTML): every key and string goes through SafeText.
import { Fragment } from 'react';
import { SafeText } from './SafeText.js';

/** Deeper than this, a value is shown as one line of JSON text: hostile nesting must not blow the stack. */
const MAX_DEPTH = 40;
/** Past this many entries in one array or object, the rest is summarised: a hostile payload must not freeze the pane. */
const MAX_ENTRIES = 500;

function More({ n, pad }: { n: number; pad: string }) {
  return (
    <>
      {pad}
      <span className="json-more">… {n} more entries not shown here</span>
      {'\n'}
    </>
  );
}

function compact(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return '[value too deep to show]';
  }
}

function Value({ v, depth }: { v: unknown; depth: number }): React.ReactNode {
  if (v === null) return <span className="json-null">null</span>;
  if (typeof v === 'string')
    return (
      <span className="json-string">
        "<SafeText text={v} />"
      </span>
    );
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return <span className="json-literal">{String(v)}</span>;
  if (v === undefined) return <span className="json-null">undefined</span>;
  if (depth >= MAX_DEPTH)
    return (
      <span className="json-deep" title="Nested too deep to lay out; shown as one line">
        <SafeText text={compact(v)} />
      </span>
    );
  const pad = '  '.repeat(depth + 1);
  const end = '  '.repeat(depth);
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return (
      <>
        {'[\n'}
        {v.slice(0, MAX_ENTRIES).map((x: unknown, i) => (
          <Fragment key={i}>
            {pad}
            <Value v={x} depth={depth + 1} />
            {i < v.length - 1 ? ',\n' : '\n'}
          </Fragment>
        ))}
        {v.length > MAX_ENTRIES ? <More n={v.length - MAX_ENTRIES} pad={pad} /> : null}
        {end}]
      </>
    );
  }
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length === 0) return '{}';
    return (
      <>
        {'{\n'}
        {entries.slice(0, MAX_ENTRIES).map(([k, x], i) => (
          <Fragment key={i}>
            {pad}
            <span className="json-key">
              "<SafeText text={k} />"
            </span>
            {': '}
            <Value v={x} depth={depth + 1} />
            {i < entries.length - 1 ? ',\n' : '\n'}
          </Fragment>
        ))}
        {entries.length > MAX_ENTRIES ? <More n={entries.length - MAX_ENTRIES} pad={pad} /> : null}
        {end}
        {'}'}
      </>
    );
  }
  // All that is left is what JSON cannot hold (a function, a symbol): their own text.
  return <SafeText text={typeof v === 'function' || typeof v === 'symbol' ? v.toString() : compact(v)} />;
}

export function JsonView({ value, label }: { value: unknown; label: string }) {
  return (
    <pre className="json-view" aria-label={label} tabIndex={0}>
      <Value v={value} depth={0} />
    </pre>
  );
}
