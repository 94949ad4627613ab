// Bulk triage in Reviews and Audit samples: how to pick rows, a compact list of what is picked, and one step to mark
// them all "Looks fine" or "Flag a problem" (with a note). Never shown in Approvals or Escalations.
import { FeedbackDialog } from '../decide/RejectDialog.js';
import { SafeText } from '../common/SafeText.js';
import { formatCount } from '../state/clock.js';
import { BULK_MAX } from '../../shared/bulk-triage.js';
import { bulkLane, clearSelection, markPicked, pickAllMatching, useSelection } from '../state/selection.js';
import { useQueue } from '../state/queue.js';
import { closeDialog, openDialog, useUi } from '../state/ui.js';

/** How many picked rows the compact list names; the rest are counted. */
const LISTED = 8;

export function BulkBar() {
  const lane = useQueue((s) => s.lane);
  const total = useQueue((s) => s.total);
  const picked = useSelection((s) => s.picked);
  const busy = useSelection((s) => s.busy);
  const flagging = useUi((s) => s.dialog === 'bulk-flag');
  if (!bulkLane(lane) || !total) return null;
  const n = picked.length;
  if (n === 0)
    return (
      <div className="bulk-bar idle muted small">
        <span>Select several with Shift-click, Ctrl/⌘-click or x, then mark them in one step.</span>
        <button type="button" className="link-button" onClick={() => void pickAllMatching()}>
          {total > BULK_MAX ? `Select the first ${formatCount(BULK_MAX)} of ${formatCount(total)}` : `Select all ${formatCount(total)}`}
        </button>
      </div>
    );
  const count = `${formatCount(n)} ${n === 1 ? 'item' : 'items'}`;
  return (
    <section className="bulk-bar" aria-label="Selected for bulk marking">
      <div className="bulk-head">
        <strong role="status">{count} selected</strong>
        <button type="button" className="primary" disabled={busy} onClick={() => void markPicked('approve')}>
          Looks fine ({formatCount(n)})
        </button>
        <button type="button" className="danger" disabled={busy} onClick={() => openDialog('bulk-flag')}>
          Flag a problem ({formatCount(n)})…
        </button>
        <button type="button" className="link-button" onClick={clearSelection}>
          Clear selection
        </button>
      </div>
      {/* Focusable: it scrolls when long, and keyboard users must be able to scroll it too. */}
      <ul className="bulk-list small" aria-label="Selected items" tabIndex={0}>
        {picked.slice(0, LISTED).map((p) => (
          <li key={p.id}>
            <SafeText text={p.summary.length > 120 ? p.summary.slice(0, 120) : p.summary} />
          </li>
        ))}
        {n > LISTED ? <li className="muted">and {formatCount(n - LISTED)} more</li> : null}
      </ul>
      <p className="muted small bulk-help">a / r mark the selection too. Each mark is held for undo before it is sent, like one decision.</p>
      {flagging ? (
        <FeedbackDialog
          title={`Flag a problem with ${count}`}
          label="What went wrong (required; these actions already ran: the note goes with each flag to the class owner and Insights)"
          required
          confirmText={`Flag ${count}`}
          onCancel={closeDialog}
          onConfirm={(note) => {
            closeDialog();
            void markPicked('reject', note);
          }}
        />
      ) : null}
    </section>
  );
}
