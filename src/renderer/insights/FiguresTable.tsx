// The class/lane table: volume, the decision split, change rate with its Wilson 95% interval, waits, held hours,
// post-release outcomes and the recommendation with its evidence and a link to the decisions behind it.
// A year can have hundreds of class/lane rows: only the rows in view (and a few around them) are in the DOM, inside
// the table's own scroll box, so the year's view is drawn as fast as a month's (#13 item 9).
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useRef } from 'react';
import { visibleText } from '../../shared/hidden-chars.js';
import { duration, pct } from '../../shared/insights/format.js';
import { SafeText } from '../common/SafeText.js';
import type { DecisionFilter, LaneFigures } from '../../shared/insights/schemas.js';
import type { DiscoveredSplit } from '../../shared/insights/splits.js';

const KIND_LABEL = { relax: 'Relax', keep: 'Keep', tighten: 'Tighten', not_enough_data: 'Not enough data' } as const;

/** A row's height before it is measured (the evidence is folded). */
const ROW_ESTIMATE = 76;

export const FiguresTable = memo(function FiguresTable({
  rows,
  splits = [],
  onSeeDecisions,
  onPropose,
}: {
  rows: LaneFigures[];
  /** Threshold splits found in the decisions (insights.splits), shown on their class/lane row. */
  splits?: DiscoveredSplit[];
  onSeeDecisions: (f: DecisionFilter) => void;
  /** A relax or tighten recommendation, or a split, opens its proposed policy change. */
  onPropose: (row: LaneFigures, split?: DiscoveredSplit) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_ESTIMATE, overscan: 6 });
  if (rows.length === 0) return <p className="muted">No requests in this period.</p>;
  const splitOf = new Map(splits.map((s) => [`${s.actionClass}/${s.control}`, s]));
  const items = virtualizer.getVirtualItems();
  const before = items[0]?.start ?? 0;
  const after = Math.max(0, virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0));
  return (
    // Focusable so a keyboard can scroll it (it is its own scroll box).
    <div className="insights-table-scroll" ref={scroller} tabIndex={0} role="region" aria-label={`Figures table, ${rows.length} class and lane rows`}>
      <table className="insights-table" aria-label="Figures per action class and lane" aria-rowcount={rows.length + 1}>
        <thead>
          <tr aria-rowindex={1}>
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
          {before > 0 ? (
            <tr aria-hidden="true" className="spacer">
              <td colSpan={9} style={{ height: before }} />
            </tr>
          ) : null}
          {items.map((v) => {
            const r = rows[v.index]!;
            const rec = r.recommendation;
            const id = `rec-${r.actionClass}-${r.control}`;
            const split = splitOf.get(`${r.actionClass}/${r.control}`);
            return (
              <tr
                key={`${r.actionClass}/${r.control}`}
                data-row={`${r.actionClass}/${r.control}`}
                data-index={v.index}
                aria-rowindex={v.index + 2}
                ref={virtualizer.measureElement}
              >
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
                  {split ? <SplitFound split={split} row={r} onPropose={onPropose} /> : null}
                </td>
              </tr>
            );
          })}
          {after > 0 ? (
            <tr aria-hidden="true" className="spacer">
              <td colSpan={9} style={{ height: after }} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
});

/** A split point the decisions show: both sides with their intervals, and the split as a proposed condition. */
function SplitFound({ split, row, onPropose }: { split: DiscoveredSplit; row: LaneFigures; onPropose: (row: LaneFigures, split: DiscoveredSplit) => void }) {
  const id = `split-${row.actionClass}-${row.control}`;
  return (
    <div className="split-found" data-split={`${row.actionClass}/${row.control}`}>
      <span className={`rec rec-${split.kind}`}>Split</span> <span id={id}>{split.headline}</span>
      <details>
        <summary>Evidence for the split</summary>
        <ul>
          {split.evidence.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      </details>
      <button
        type="button"
        className="link"
        aria-describedby={id}
        aria-label={`Propose the split: ${split.kind} ${visibleText(row.actionClass)} ${split.kind === 'relax' ? 'at or under' : 'over'} ${split.threshold}`}
        onClick={() => onPropose(row, split)}
      >
        Propose the split
      </button>
    </div>
  );
}
