// The lanes, each with its live count; the selected lane is the one the queue shows.
import { LANE_LABELS, Lane } from '../../shared/contract.js';
import { useApp } from '../state/app.js';
import { setLane, useQueue } from '../state/queue.js';
import { formatCount } from '../state/clock.js';

export function LaneSidebar() {
  const counts = useApp((s) => s.counts);
  const lane = useQueue((s) => s.lane);
  return (
    <nav className="lanes" aria-label="Lanes">
      <ul>
        {Lane.options.map((l) => (
          <li key={l}>
            <button type="button" className={`lane lane-${l}${l === lane ? ' active' : ''}`} aria-current={l === lane ? 'page' : undefined} onClick={() => setLane(l)}>
              <span className="lane-name">{LANE_LABELS[l]}</span>
              <span className="lane-count" aria-label={`${counts ? counts[l] : 'unknown'} items`}>
                {counts ? formatCount(counts[l]) : '…'}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
