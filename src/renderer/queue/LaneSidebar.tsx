// The lanes, each with its live count, and above them "Waiting for me": the approvals and escalations the signed-in
// person may decide and has not voted on. The selected one is what the queue shows.
import { VIEW_LABELS, Lane, type View } from '../../shared/contract.js';
import { useApp } from '../state/app.js';
import { filtered, setLane, useQueue } from '../state/queue.js';
import { formatCount } from '../state/clock.js';

const VIEWS: View[] = ['waiting', ...Lane.options];

export function LaneSidebar() {
  const all = useApp((s) => s.counts);
  const lane = useQueue((s) => s.lane);
  const isFiltered = useQueue((s) => filtered(s));
  const matching = useQueue((s) => s.filteredCounts);
  // Under filters the counts are the lists' (asked with the same filters), said so above them.
  const counts = isFiltered ? matching : all;
  return (
    <nav className="lanes" aria-label="Lanes">
      {isFiltered ? (
        <p className="lanes-filtered muted" id="lanes-filtered">
          Counts match the filters
        </p>
      ) : null}
      <ul>
        {VIEWS.map((l) => (
          <li key={l}>
            <button type="button" className={`lane lane-${l}${l === lane ? ' active' : ''}`} aria-current={l === lane ? 'page' : undefined} onClick={() => setLane(l)}>
              <span className="lane-name">{VIEW_LABELS[l]}</span>
              <span
                className="lane-count"
                aria-label={isFiltered ? `${counts ? counts[l] : 'unknown'} matching the filters, ${all ? all[l] : 'unknown'} in all` : `${counts ? counts[l] : 'unknown'} items`}
                title={isFiltered && all ? `${formatCount(all[l])} without the filters` : undefined}
              >
                {counts ? formatCount(counts[l]) : '…'}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
