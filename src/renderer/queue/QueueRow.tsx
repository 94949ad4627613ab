// One row: summary, class, agent, time left (live), risk, sync state, hidden-character warning, and decision rights:
// read-only with the groups that decide when the signed-in person may not, the quorum so far.
import { memo } from 'react';
import type { QueueItemSummary } from '../../shared/contract.js';
import { SafeText } from '../common/SafeText.js';
import { timeLeft, useClock } from '../state/clock.js';
import { NeedsText, QuorumText } from './RightsText.js';
import { SyncBadge } from './SyncBadge.js';
import { selectId } from '../state/queue.js';
import { pickRange, toggle } from '../state/selection.js';
import { rowStatusText } from '../decide/verdicts.js';

function Countdown({ expiresAt }: { expiresAt: string | null }) {
  const now = useClock((s) => s.now);
  const t = timeLeft(expiresAt, now);
  return <span className={`time-left${t.expired ? ' expired' : ''}${t.urgent ? ' urgent' : ''}`}>{t.text}</span>;
}

// No index prop: rows shift after a decision, and keeping props stable lets React keep them without re-rendering.
// `picked`: in a bulk lane, whether the row is in the bulk selection (undefined elsewhere: no bulk there).
export const QueueRow = memo(function QueueRow({ row, selected, picked }: { row: QueueItemSummary; selected: boolean; picked?: boolean }) {
  const bulk = picked !== undefined;
  return (
    <div
      role="option"
      aria-selected={selected}
      aria-checked={bulk ? picked : undefined}
      id={`row-${row.id}`}
      data-item-id={row.id}
      className={`queue-row${selected ? ' selected' : ''}${picked ? ' picked' : ''}${row.mayDecide ? '' : ' read-only'}`}
      onClick={(e) => {
        if (bulk && e.shiftKey) void pickRange(row.id);
        else if (bulk && (e.ctrlKey || e.metaKey)) toggle(row.id);
        else return selectId(row.id);
        // A modified click picks; it neither selects text nor moves the item on screen.
        window.getSelection()?.removeAllRanges();
      }}
    >
      <div className="row-line1">
        {bulk ? (
          <span className="row-check" aria-hidden="true">
            {picked ? '☑' : '☐'}
          </span>
        ) : null}
        {row.control === 'escalation' ? (
          <span className="risk risk-escalation" title="Escalation: the policy hands this to a named owner" aria-label="Escalation">
            !
          </span>
        ) : (
          <span className={`risk risk-${row.risk}`} title={`${row.risk} of 5 risk factors`} aria-label={`${row.risk} of 5 risk factors`}>
            {row.risk}
          </span>
        )}
        <span className="row-summary">
          <SafeText text={row.summary.length > 300 ? row.summary.slice(0, 300) : row.summary} />
        </span>
        {!row.mayDecide && row.lane !== 'decided' ? (
          <span className="badge read-only-badge">
            read-only · <NeedsText needs={row.needs} />
          </span>
        ) : null}
        {row.hasHiddenChars ? (
          <span className="badge warn" title="Contains hidden or look-alike characters">
            ⚠ hidden chars
          </span>
        ) : null}
      </div>
      <div className="row-line2">
        <span className="row-class">
          <SafeText text={row.actionClass} />
        </span>
        <span className="row-agent">
          <SafeText text={row.agentName} />
        </span>
        {row.lane === 'decided' && row.status === 'pending' ? (
          <span className="row-status">decided here</span>
        ) : row.status !== 'pending' ? (
          <span className={`row-status${row.outcome ? ` outcome-${row.outcome}` : ''}`}>{rowStatusText(row.status, row.outcome)}</span>
        ) : (
          <Countdown expiresAt={row.expiresAt} />
        )}
        {row.quorum ? (
          <span className="row-quorum">
            <QuorumText quorum={row.quorum} />
          </span>
        ) : null}
        <SyncBadge state={row.syncState} />
      </div>
    </div>
  );
});

export function PlaceholderRow() {
  return (
    <div className="queue-row placeholder" aria-hidden="true">
      <div className="row-line1">
        <span className="skeleton" />
      </div>
    </div>
  );
}
