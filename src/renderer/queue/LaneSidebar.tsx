// The lanes, each with its live count, and above them "Waiting for me": the approvals and escalations the signed-in
// person may decide and has not voted on. The selected one is what the queue shows.
import { VIEW_LABELS, Lane, type View } from '../../shared/contract.js';
import { useApp } from '../state/app.js';
import { setLane, useQueue } from '../state/queue.js';
import { formatCount } from '../state/clock.js';

const VIEWS: View[] = ['waiting', ...Lane.options];

export function LaneSidebar() {
  const counts = useApp((s) => s.counts);
  const lane = useQueue((s) => s.lane);
  return (
    <nav className="lanes" aria-label="Lanes">
      <ul>
        {VIEWS.map((l) => (
          <li key={l}>
            <button type="button" className={`lane lane-${l}${l === lane ? ' active' : ''}`} aria-current={l === lane ? 'page' : undefined} onClick={() => setLane(l)}>
              <span className="lane-name">{VIEW_LABELS[l]}</span>
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
