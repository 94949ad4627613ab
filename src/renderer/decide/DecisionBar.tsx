// The decision buttons for the item on screen (only the verdicts its source allows) and their dialogs.
import type { QueueItem, SourceIdentity } from '../../shared/contract.js';
import type { Verdict } from '../../shared/domain.js';
import { isApproving } from '../../shared/can-decide.js';
import { actionChanged } from '../../shared/diff.js';
import { formatTime, useClock } from '../state/clock.js';
import { closeDialog, useUi } from '../state/ui.js';
import { undo } from '../state/undo.js';
import { allows, approveCurrent, offered, closedReason, editCurrent, escalateCurrent, expiredNow, isOpen, rejectCurrent, resolveCurrent } from './actions.js';
import { decide } from './decide.js';
import { EditDialog } from './EditDialog.js';
import { FeedbackDialog } from './RejectDialog.js';
import { isReview, verdictLabel } from './verdicts.js';

/** `chainBroken`: the source's decision log for this item failed its hash-chain check, so approval is refused here. */
export function DecisionBar({ item, identity = null, chainBroken = false }: { item: QueueItem; identity?: SourceIdentity | null; chainBroken?: boolean }) {
  const now = useClock((s) => s.now);
  // Two fixed siblings: the dialogs keep their place (and what was typed) whatever the controls turn into.
  return (
    <>
      <DecisionControls item={item} identity={identity} chainBroken={chainBroken} now={now} />
      <DecisionDialogs item={item} identity={identity} now={now} />
    </>
  );
}

function DecisionControls({ item, identity, chainBroken, now }: { item: QueueItem; identity: SourceIdentity | null; chainBroken: boolean; now: number }) {
  const expired = expiredNow(item, now);
  const expiredBanner =
    expired && !item.localDecision && !item.request.decision ? (
      <div className="banner expired" role="alert">
        Expired at {formatTime(item.request.expiresAt)}: cannot be approved.
      </div>
    ) : null;
  if (!isOpen(item)) {
    // A lost conflict is explained by ConflictPanel; here we show what the source holds, never the losing decision.
    const conflict = item.localDecision?.syncState === 'conflict';
    const d = conflict ? item.request.decision : (item.localDecision?.decision ?? item.request.decision);
    if (conflict && !d) return null;
    if (!d && expiredBanner) return expiredBanner;
    // Not sent yet (in its undo window, or offline before any push): it can still be taken back.
    const undoable = !conflict && item.localDecision?.undoable === true;
    return (
      <>
        <div className="decision-bar decided" role="status">
          {d ? (
            <>
              {verdictLabel(item, d.verdict)} by {d.decidedBy} at {formatTime(d.decidedAt)}
            </>
          ) : (
            <>This item is {item.request.status}: nothing to decide here.</>
          )}
          {undoable ? (
            <>
              <span className="muted"> · not sent yet</span>
              <button type="button" onClick={() => void undo(item.id)}>
                Undo this decision
              </button>
            </>
          ) : null}
        </div>
      </>
    );
  }
  const review = isReview(item);
  const has = (v: Verdict) => offered(item, v);
  // A raw source value is a question: its "edit" is the answer, sent as approve_with_edits (docs/langgraph.md).
  const answering = item.rawValue !== undefined;
  // The shared rule decides which shown buttons work now (an expired item cannot be approved).
  const off = (v: Verdict) => !allows(item, v, now, identity) || (chainBroken && isApproving(v));
  return (
    <>
      {expiredBanner}
      {chainBroken ? (
        <div className="banner error" role="alert">
          <strong>The decision log of this item was altered</strong> (its hash chain is broken), so what you would approve may not be what was asked: approval is refused here.
          Reject or escalate it, and have the hub's operator check the log.
        </div>
      ) : null}
      <div className="decision-bar" role="toolbar" aria-label="Decide">
        {has('approve') ? (
          <button type="button" className="primary approve" disabled={off('approve')} onClick={approveCurrent} aria-keyshortcuts="a">
            {review ? 'Looks fine' : 'Approve'} <kbd>a</kbd>
          </button>
        ) : null}
        {has('approve_with_edits') ? (
          <button type="button" disabled={off('approve_with_edits')} onClick={editCurrent} aria-keyshortcuts="e">
            {answering ? 'Answer with a value' : 'Edit, then approve'} <kbd>e</kbd>
          </button>
        ) : null}
        {has('reject') ? (
          <button type="button" className="danger" disabled={off('reject')} onClick={rejectCurrent} aria-keyshortcuts="r">
            {review ? 'Flag a problem' : 'Reject'} <kbd>r</kbd>
          </button>
        ) : null}
        {has('escalate') ? (
          <button type="button" disabled={off('escalate')} onClick={escalateCurrent} aria-keyshortcuts="x">
            Escalate <kbd>x</kbd>
          </button>
        ) : null}
        {has('resolve') ? (
          <button type="button" className="primary" disabled={off('resolve')} onClick={resolveCurrent} aria-keyshortcuts="r">
            Resolve… <kbd>r</kbd>
          </button>
        ) : null}
        {has('ignore') ? (
          <button type="button" disabled={off('ignore')} onClick={() => void decide(item, 'ignore')}>
            Ignore
          </button>
        ) : null}
      </div>
    </>
  );
}

/** The open decision dialog, if it belongs to this item; its confirm turns off (with the reason) once it cannot apply. */
function DecisionDialogs({ item, identity, now }: { item: QueueItem; identity: SourceIdentity | null; now: number }) {
  const dialog = useUi((s) => (s.dialogItem === item.id ? s.dialog : null));
  const answering = item.rawValue !== undefined;
  const under = item.request.pendingAction ?? item.request.action;
  return (
    <>
      {dialog === 'edit' ? (
        <EditDialog
          proposed={under}
          answer={answering}
          schema={item.editSchema}
          closed={closedReason(item, 'approve_with_edits', identity, now)}
          onCancel={closeDialog}
          onConfirm={(edited) => {
            closeDialog();
            if (answering || actionChanged(under, edited)) void decide(item, 'approve_with_edits', { editedAction: edited });
            else void decide(item, 'approve');
          }}
        />
      ) : null}
      {dialog === 'reject' ? (
        <FeedbackDialog
          title={isReview(item) ? 'Flag a problem' : 'Reject'}
          label={isReview(item) ? 'What went wrong (required; the action already ran: this goes to the class owner and Insights)' : 'Feedback for the agent (required)'}
          required
          confirmText={isReview(item) ? 'Flag a problem' : 'Reject'}
          closed={closedReason(item, 'reject', identity, now)}
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
          closed={closedReason(item, 'escalate', identity, now)}
          onCancel={closeDialog}
          onConfirm={(feedback) => {
            closeDialog();
            void decide(item, 'escalate', feedback.trim() ? { feedback } : {});
          }}
        />
      ) : null}
      {dialog === 'resolve' ? (
        <FeedbackDialog
          title="Resolve the escalation"
          label="What you did about it (required; the agent gets this note, and the action does not run)"
          required
          confirmText="Resolve"
          closed={closedReason(item, 'resolve', identity, now)}
          onCancel={closeDialog}
          onConfirm={(feedback) => {
            closeDialog();
            void decide(item, 'resolve', { feedback });
          }}
        />
      ) : null}
    </>
  );
}
