// The class/lane table: volume, the decision split, change rate with its Wilson 95% interval, waits, held hours,
// post-release outcomes and the recommendation with its evidence and a link to the decisions behind it.
import { visibleText } from '../../shared/hidden-chars.js';
import { duration, pct } from '../../shared/insights/format.js';
import { SafeText } from '../common/SafeText.js';
import type { DecisionFilter, LaneFigures } from '../../shared/insights/schemas.js';

const KIND_LABEL = { relax: 'Relax', keep: 'Keep', tighten: 'Tighten', not_enough_data: 'Not enough data' } as const;

export function FiguresTable({
  rows,
  onSeeDecisions,
  onPropose,
}: {
  rows: LaneFigures[];
  onSeeDecisions: (f: DecisionFilter) => void;
  /** A relax or tighten recommendation opens its proposed policy change. */
  onPropose: (row: LaneFigures) => void;
}) {
  if (rows.length === 0) return <p className="muted">No requests in this period.</p>;
  return (
    <table className="insights-table" aria-label="Figures per action class and lane">
      <thead>
        <tr>
          <th scope="col">Class</th>
          <th scope="col">Lane</th>
          <th scope="col">Volume</th>
          <th scope="col" title="approved unchanged / approved with edits / rejected / escalated / expired">
            Unchanged / edited / rejected / escalated / expired
          </th>
          <th scope="col">Change rate (95% Wilson CI)</th>
          <th scope="col">Wait median / p90</th>
          <th scope="col">Agent hours held</th>
          <th scope="col">Outcomes: failed + rolled back / reported</th>
          <th scope="col">Recommendation</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const rec = r.recommendation;
          const id = `rec-${r.actionClass}-${r.control}`;
          return (
            <tr key={`${r.actionClass}/${r.control}`} data-row={`${r.actionClass}/${r.control}`}>
              <th scope="row">
                <SafeText text={r.actionClass} />
              </th>
              <td>{r.control}</td>
              <td className="num">{r.volume}</td>
              <td className="num">
                {r.approvedUnchanged} / {r.approvedWithEdits} / {r.rejected} / {r.escalated} / {r.expired}
              </td>
              <td className="num">
                {pct(r.changeRate)}{' '}
                {r.changeCi ? (
                  <span className="muted">
                    ({pct(r.changeCi.low)}–{pct(r.changeCi.high)})
                  </span>
                ) : null}
                <div className="muted small">
                  {r.changed} of {r.decided}
                </div>
              </td>
              <td className="num">
                {duration(r.wait.medianMs)} / {duration(r.wait.p90Ms)}
              </td>
              <td className="num">{r.heldHours.toFixed(1)}</td>
              <td className="num">
                {r.outcomes.failed + r.outcomes.rolledBack} / {r.outcomes.reported}{' '}
                {r.outcomes.failureRate !== null ? <span className="muted">({pct(r.outcomes.failureRate)})</span> : null}
              </td>
              <td>
                <span className={`rec rec-${rec.kind}`}>{KIND_LABEL[rec.kind]}</span> <span id={id}>{rec.headline}</span>
                <details>
                  <summary>Evidence</summary>
                  <ul>
                    {rec.evidence.map((e) => (
                      <li key={e}>{e}</li>
                    ))}
                  </ul>
                </details>
                <button
                  type="button"
                  className="link"
                  aria-describedby={id}
                  aria-label={`See the decisions behind ${visibleText(r.actionClass)} ${r.control}`}
                  onClick={() => onSeeDecisions(rec.filter)}
                >
                  See the decisions
                </button>
                {rec.kind === 'relax' || rec.kind === 'tighten' ? ' · ' : null}
                {rec.kind === 'relax' || rec.kind === 'tighten' ? (
                  <button type="button" className="link" aria-label={`Propose the change: ${rec.kind} ${visibleText(r.actionClass)} ${r.control}`} onClick={() => onPropose(r)}>
                    Propose the change
                  </button>
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
