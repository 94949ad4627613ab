// What-if: edit a class definition as JSON (the policy's own shape) and replay the period under it.
import { useState } from 'react';
import { api, errorMessage } from '../api/index.js';
import { duration } from '../../shared/insights/format.js';
import { SafeText } from '../common/SafeText.js';
import type { Period, WhatIfReport } from '../../shared/insights/schemas.js';

function template(name: string): string {
  return JSON.stringify(
    {
      name,
      factors: ['irreversible'],
      conditionalFactors: [{ factor: 'named_accountability', when: [{ path: 'args.amount', op: 'gte', value: 50 }] }],
      defaultLane: 'review',
    },
    null,
    2,
  );
}

export function WhatIfPanel({ period, classes }: { period: Period; classes: string[] }) {
  const [cls, setCls] = useState(classes[0] ?? '');
  const [text, setText] = useState(() => template(classes[0] ?? 'refund.issue'));
  const [result, setResult] = useState<WhatIfReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setError(null);
    let proposed: unknown;
    try {
      proposed = JSON.parse(text);
    } catch (e) {
      setError(`The proposed class is not valid JSON: ${(e as Error).message}`);
      return;
    }
    setBusy(true);
    try {
      setResult(await api.invoke('insights.whatIf', { period, proposed: proposed as never }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="insights-whatif" aria-label="What-if">
      <h3>What-if: replay this period under a proposed class definition</h3>
      <label>
        Class{' '}
        <select
          aria-label="What-if class"
          value={cls}
          onChange={(e) => {
            setCls(e.target.value);
            setText(template(e.target.value));
          }}
        >
          {classes.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </label>
      <label className="block">
        Proposed class (JSON, as in the policy)
        <textarea aria-label="Proposed class definition (JSON)" rows={9} spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <button type="button" onClick={run} disabled={busy} aria-label="Run the what-if replay">
        {busy ? 'Replaying…' : 'Replay'}
      </button>
      {error ? (
        <p role="alert" className="banner error">
          {error}
        </p>
      ) : null}
      {result ? <WhatIfResult result={result} /> : null}
    </section>
  );
}

/** The replay's effect: approvals removed, hours saved, and item by item what humans changed among the items let through. */
export function WhatIfResult({ result }: { result: WhatIfReport }) {
  return (
    <div className="whatif-result" aria-live="polite">
      <p>
        Replayed {result.replayed} requests{result.unreadable ? ` (${result.unreadable} unreadable, not counted)` : ''}. It would have removed{' '}
        <strong>{result.removedApprovals} approvals</strong> and <strong>{result.removedWaitHours.toFixed(1)} hours</strong> of waiting
        {result.addedApprovals ? `, and added ${result.addedApprovals} approvals` : ''}.
      </p>
      <p>
        It would have let through <strong>{result.letThroughChanged}</strong> actions a human in fact edited or rejected, and {result.letThroughFailed} that failed after release:
      </p>
      <table className="insights-table compact" aria-label="Items the proposal would have let through">
        <thead>
          <tr>
            <th scope="col">Request</th>
            <th scope="col">Lane then → now</th>
            <th scope="col">What the human did</th>
            <th scope="col">Waited</th>
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {result.items.map((i) => (
            <tr key={i.requestId}>
              <td>
                <SafeText text={i.requestId} />
              </td>
              <td>
                {i.from} → {i.to}
              </td>
              <td>
                {i.verdict ?? '–'}
                {i.changed ? ' (changed)' : ''}{' '}
                {i.decidedBy ? (
                  <>
                    by <SafeText text={i.decidedBy} />
                  </>
                ) : null}
              </td>
              <td>{duration(i.waitMs)}</td>
              <td>{i.outcomeStatus ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {result.itemsTruncated ? <p className="muted">List cut at {result.items.length} items; the counts above include all.</p> : null}
    </div>
  );
}
