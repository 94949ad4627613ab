// The decisions behind a figure, and one request's decision log (proposed, why, who, the diff, what happened after),
// with the hash chain's verdict as the console computed it: a broken chain is shown as broken.
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../api/index.js';
import { FACTOR_LABELS } from '../../shared/domain.js';
import { visibleText } from '../../shared/hidden-chars.js';
import { SafeText } from '../common/SafeText.js';
import type { DecisionFilter, DecisionLog, DecisionRow } from '../../shared/insights/schemas.js';

const PAGE = 100;

export function DecisionsPanel({ filter, onClose }: { filter: DecisionFilter; onClose: () => void }) {
  const [page, setPage] = useState<{ total: number; rows: DecisionRow[] } | null>(null);
  const [offset, setOffset] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const key = JSON.stringify(filter);
  useEffect(() => setOffset(0), [key]);
  useEffect(() => {
    let live = true;
    api
      .invoke('insights.decisions', { ...filter, offset, limit: PAGE })
      .then((p) => live && (setPage(p), setError(null)))
      .catch((e) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- key is the filter's JSON: the filter object itself is new on every render
  }, [key, offset]);
  const what = [filter.actionClass, filter.control, filter.only !== 'all' ? filter.only : null].filter(Boolean).join(' · ');
  return (
    <section className="insights-decisions" aria-label="Decisions behind the figure">
      <header>
        <h3>
          Decisions: {what || 'all'} ({filter.period.from} – {filter.period.to})
        </h3>
        <button type="button" onClick={onClose} aria-label="Close the decision list">
          Close
        </button>
      </header>
      {error ? (
        <p role="alert" className="banner error">
          {error}
        </p>
      ) : null}
      {page ? (
        <>
          <p className="muted" data-testid="decisions-total">
            {page.total} decision{page.total === 1 ? '' : 's'}
          </p>
          <table className="insights-table compact" aria-label="Decisions">
            <thead>
              <tr>
                <th scope="col">Request</th>
                <th scope="col">Created</th>
                <th scope="col">Verdict</th>
                <th scope="col">Changed</th>
                <th scope="col">By</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {page.rows.map((r) => (
                <tr key={r.requestId}>
                  <td>
                    <button type="button" className="link" onClick={() => setOpen(r.requestId)} aria-label={`Open the decision log of ${visibleText(r.requestId)}`}>
                      <SafeText text={r.requestId} />
                    </button>
                  </td>
                  <td>{r.createdAt.replace('T', ' ').slice(0, 16)}</td>
                  <td>{r.verdict ?? r.status}</td>
                  <td>{r.changed === null ? '–' : r.changed ? 'yes' : 'no'}</td>
                  <td>{r.decidedBy ? <SafeText text={r.decidedBy} /> : '–'}</td>
                  <td>{r.outcomeStatus ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="pager">
            <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))} aria-label="Previous page of decisions">
              Previous
            </button>
            <button type="button" disabled={offset + PAGE >= page.total} onClick={() => setOffset(offset + PAGE)} aria-label="Next page of decisions">
              Next
            </button>
          </div>
        </>
      ) : null}
      {open ? <DecisionLogView requestId={open} onClose={() => setOpen(null)} /> : null}
    </section>
  );
}

function DecisionLogView({ requestId, onClose }: { requestId: string; onClose: () => void }) {
  const [log, setLog] = useState<DecisionLog | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setLog(null);
    api
      .invoke('insights.log', { requestId })
      .then((l) => live && setLog(l))
      .catch((e) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [requestId]);
  return (
    <section className="decision-log" aria-label={`Decision log of ${visibleText(requestId)}`}>
      <header>
        <h4>
          Decision log: <SafeText text={requestId} />
        </h4>
        <button type="button" onClick={onClose} aria-label="Close the decision log">
          Close
        </button>
      </header>
      {error ? (
        <p role="alert" className="banner error">
          {error}
        </p>
      ) : null}
      {log ? (
        <dl>
          <dt>Hash chain</dt>
          <dd data-testid="chain-status" className={log.chain.ok === false ? 'chain-broken' : log.chain.ok ? 'chain-ok' : 'muted'}>
            {log.chain.ok === true
              ? `Verified (${log.chain.checked} entries)`
              : log.chain.ok === false
                ? `BROKEN at entry ${log.chain.brokenAt}: ${log.chain.reason}`
                : `Not checked: ${log.chain.reason}`}
          </dd>
          <dt>Proposed</dt>
          <dd>
            <pre>{log.proposed ? <SafeText text={JSON.stringify(log.proposed, null, 2)} /> : '(not readable)'}</pre>
          </dd>
          <dt>Why a human</dt>
          <dd>
            {log.whyText}
            {log.why.length ? (
              <ul>
                {log.why.map((r, i) => (
                  <li key={i}>
                    {r.factor ? `${FACTOR_LABELS[r.factor]}: ` : ''}
                    <SafeText text={r.detail} />
                  </li>
                ))}
              </ul>
            ) : null}
          </dd>
          <dt>Decided</dt>
          <dd>
            {log.decision ? (
              <>
                {log.decision.verdict} by <SafeText text={log.decision.decidedBy} />
                {log.decision.decidedAt ? ` at ${log.decision.decidedAt}` : ''}
                {log.decision.feedback ? (
                  <>
                    : “<SafeText text={log.decision.feedback} />”
                  </>
                ) : null}
              </>
            ) : (
              'No decision'
            )}
          </dd>
          <dt>Changed</dt>
          <dd>
            {log.decision?.verdict === 'reject' ? (
              'Rejected: the action was not run as proposed'
            ) : log.decision?.patch.length ? (
              <pre>
                <SafeText text={JSON.stringify(log.decision.patch, null, 2)} />
              </pre>
            ) : log.row.changed ? (
              'Changed (no diff recorded)'
            ) : log.decision ? (
              'Unchanged'
            ) : (
              '–'
            )}
          </dd>
          <dt>After release</dt>
          <dd>
            {log.outcome ? (
              <>
                {log.outcome.status}
                {log.outcome.detail ? (
                  <>
                    : <SafeText text={log.outcome.detail} />
                  </>
                ) : null}
              </>
            ) : (
              'No outcome reported'
            )}
          </dd>
        </dl>
      ) : null}
    </section>
  );
}
