// The decision buttons for the item on screen (only the verdicts its source allows) and their dialogs.
import type { QueueItem } from '../../shared/contract.js';
import { actionChanged } from '../../shared/diff.js';
import { formatTime, useClock } from '../state/clock.js';
import { closeDialog, useUi } from '../state/ui.js';
import { allows, approveCurrent, editCurrent, escalateCurrent, rejectCurrent } from './actions.js';
import { canDecide, decide, isExpired } from './decide.js';
import { EditDialog } from './EditDialog.js';
import { FeedbackDialog } from './RejectDialog.js';
import { VERDICT_LABELS } from './verdicts.js';

export function DecisionBar({ item }: { item: QueueItem }) {
  const now = useClock((s) => s.now);
  const dialog = useUi((s) => s.dialog);
  const expired = isExpired(item, now);
  const expiredBanner =
    expired && !item.localDecision && !item.request.decision ? (
      <div className="banner expired" role="alert">
        Expired at {formatTime(item.request.expiresAt)}: cannot be approved.
      </div>
    ) : null;
  if (!canDecide(item)) {
    // A lost conflict is explained by ConflictPanel; here we show what the source holds, never the losing decision.
    const conflict = item.localDecision?.syncState === 'conflict';
    const d = conflict ? item.request.decision : (item.localDecision?.decision ?? item.request.decision);
    if (conflict && !d) return null;
    if (!d && expiredBanner) return expiredBanner;
    return (
      <div className="decision-bar decided" role="status">
        {d ? (
          <>
            {VERDICT_LABELS[d.verdict]} by {d.decidedBy} at {formatTime(d.decidedAt)}
          </>
        ) : (
          <>This item is {item.request.status}: nothing to decide here.</>
        )}
      </div>
    );
  }
  const has = (v: Parameters<typeof allows>[1]) => item.allowedVerdicts.includes(v);
  return (
    <>
      {expiredBanner}
      <div className="decision-bar" role="toolbar" aria-label="Decide">
        {has('approve') ? (
          <button type="button" className="primary approve" disabled={expired} onClick={approveCurrent} aria-keyshortcuts="a">
            Approve <kbd>a</kbd>
          </button>
        ) : null}
        {has('approve_with_edits') ? (
          <button type="button" disabled={expired} onClick={editCurrent} aria-keyshortcuts="e">
            Edit, then approve <kbd>e</kbd>
          </button>
        ) : null}
        {has('reject') ? (
          <button type="button" className="danger" onClick={rejectCurrent} aria-keyshortcuts="r">
            Reject <kbd>r</kbd>
          </button>
        ) : null}
        {has('escalate') ? (
          <button type="button" onClick={escalateCurrent} aria-keyshortcuts="x">
            Escalate <kbd>x</kbd>
          </button>
        ) : null}
        {has('ignore') ? (
          <button type="button" onClick={() => void decide(item, 'ignore')}>
            Ignore
          </button>
        ) : null}
      </div>
      {dialog === 'edit' ? (
        <EditDialog
          proposed={item.request.action}
          onCancel={closeDialog}
          onConfirm={(edited) => {
            closeDialog();
            if (actionChanged(item.request.action, edited)) void decide(item, 'approve_with_edits', { editedAction: edited });
            else void decide(item, 'approve');
          }}
        />
      ) : null}
      {dialog === 'reject' ? (
        <FeedbackDialog
          title="Reject"
          label="Feedback for the agent (required)"
          required
          confirmText="Reject"
          onCancel={closeDialog}
          onConfirm={(feedback) => {
            closeDialog();
            void decide(item, 'reject', { feedback });
          }}
        />
      ) : null}
      {dialog === 'escalate' ? (
        <FeedbackDialog
          title="Escalate"
          label="Note for the owner (optional)"
          required={false}
          confirmText="Escalate"
          onCancel={closeDialog}
          onConfirm={(feedback) => {
            closeDialog();
            void decide(item, 'escalate', feedback ? { feedback } : {});
          }}
        />
      ) : null}
    </>
  );
}
