// The two-person rule's evidence per class (#10): how often a later approver changed or rejected what the first one
// approved, and the extra wait it cost. A rule that never changes anything is only delay: this is where that shows.
import { visibleText } from '../../shared/hidden-chars.js';
import { duration, pct } from '../../shared/insights/format.js';
import type { QuorumFigures } from '../../shared/insights/schemas.js';
import { SafeText } from '../common/SafeText.js';

export function QuorumTable({ rows }: { rows: QuorumFigures[] }) {
  if (rows.length === 0) return null;
  return (
    <section className="insights-quorum" aria-label="Two-person approval">
      <h3>Two-person approval</h3>
      <table className="insights-table compact" aria-label="Two-person approval per action class">
        <thead>
          <tr>
            <th>Class</th>
            <th>Requests</th>
            <th>Settled after a first approval</th>
            <th>Later approver changed it</th>
            <th>Later approver rejected it</th>
            <th>Changed or rejected</th>
            <th>Extra wait median / p90</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.actionClass} data-row={visibleText(r.actionClass)}>
              <td>
                <SafeText text={r.actionClass} />
              </td>
              <td>{r.requests}</td>
              <td>{r.settledAfterFirst}</td>
              <td>{r.secondChanged}</td>
              <td>{r.secondRejected}</td>
              <td>{pct(r.changedOrRejectedRate)}</td>
              <td>
                {duration(r.extraWait.medianMs)} / {duration(r.extraWait.p90Ms)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
