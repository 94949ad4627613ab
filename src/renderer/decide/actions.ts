// What the keys and buttons do to the item on screen; one place so both behave the same.
import type { QueueItem, SourceIdentity } from '../../shared/contract.js';
import type { Verdict } from '../../shared/domain.js';
import { canDecide, factsOf, isApproving, isExpired, openCheck } from '../../shared/can-decide.js';
import { mayDecide, type RightsCheck } from '../../shared/decision-rights.js';
import { holdsItem } from '../../shared/local-decision.js';
import { toast } from '../state/app.js';
import { useItem } from '../state/item.js';
import { openDialog } from '../state/ui.js';
import { formatTime } from '../state/clock.js';
import { decide } from './decide.js';
import { isReview, verdictLabel } from './verdicts.js';

function current(): QueueItem | null {
  return useItem.getState().detail?.item ?? null;
}

/** A decision made here holds the item, unless the source did not take it as final (failed, a vote, forbidden, stale). */
const heldHere = (item: QueueItem): boolean => !!item.localDecision && holdsItem(item.localDecision.syncState);

/** The hub's decision rights for the signed-in person (the core checks the same rule before writing). */
function rightsFor(item: QueueItem, identity: SourceIdentity | null, v: Verdict): RightsCheck {
  return identity ? mayDecide(identity, item.request, v) : { ok: true };
}

/** Whether the approver can still decide this item here at all: not once decided here, else the shared rule. */
export function isOpen(item: QueueItem): boolean {
  return !heldHere(item) && item.allowedVerdicts.length > 0 && openCheck(factsOf(item.request)).ok;
}

/** An escalation still open: a person handles the case and resolves it with a note, no approval verbs. */
export function isOpenEscalation(item: Pick<QueueItem, 'request'>): boolean {
  return item.request.control === 'escalation' && item.request.status === 'pending';
}

/**
 * Whether this verdict belongs on this item at all (its button is shown). A released action already ran: it can look
 * fine or be flagged, not be edited or escalated now. An escalation is with its owner: it is resolved, nothing else.
 */
export function offered(item: QueueItem, v: Verdict): boolean {
  if (!item.allowedVerdicts.includes(v)) return false;
  if (isOpenEscalation(item)) return v === 'resolve';
  if (v === 'resolve') return false;
  return !(isReview(item) && (v === 'approve_with_edits' || v === 'escalate'));
}

/** Whether this verdict can be given now (its button is enabled, its key acts). */
export function allows(item: QueueItem, v: Verdict, now = Date.now(), identity: SourceIdentity | null = null): boolean {
  return offered(item, v) && !heldHere(item) && canDecide(factsOf(item.request), v, now, item.allowedVerdicts).ok && rightsFor(item, identity, v).ok;
}

/** The item's expiry as the approver sees it: it cannot be approved any more. */
export function expiredNow(item: QueueItem, now = Date.now()): boolean {
  return isExpired(factsOf(item.request), now);
}

function guard(v: Verdict): QueueItem | null {
  const item = current();
  if (!item) return null;
  // The keys obey the same refusal as the buttons: no approval of an item whose decision log was altered.
  if (isApproving(v) && useItem.getState().detail?.logVerified === false) {
    toast('The decision log of this item was altered: approval is refused.', 'info');
    return null;
  }
  const identity = useItem.getState().detail?.identity ?? null;
  if (allows(item, v, Date.now(), identity)) return item;
  const rights = rightsFor(item, identity, v);
  if (!rights.ok && isOpen(item)) toast(rights.message, 'info');
  else if (isApproving(v) && expiredNow(item)) toast('This item has expired: it cannot be approved.', 'info');
  else if (isOpen(item) && !offered(item, v))
    toast(isReview(item) ? 'This action already ran: mark it fine (a) or flag a problem (r).' : 'An escalation is resolved with a note (r), not approved or escalated.', 'info');
  else if (isOpen(item)) toast('This source does not accept that decision for this item.', 'info');
  return null;
}

export function approveCurrent() {
  const item = guard('approve');
  if (item) void decide(item, 'approve');
}
export function editCurrent() {
  const item = guard('approve_with_edits');
  if (item) openDialog('edit', item.id);
}
export function rejectCurrent() {
  const shown = current();
  // On an escalation the same key resolves it (with a note): the one closing verb that lane has.
  if (shown && isOpenEscalation(shown)) return resolveCurrent();
  const item = guard('reject');
  if (item) openDialog('reject', item.id);
}
export function resolveCurrent() {
  const item = guard('resolve');
  if (item) openDialog('resolve', item.id);
}
export function escalateCurrent() {
  const item = guard('escalate');
  if (item) openDialog('escalate', item.id);
}

/**
 * Why this verdict can no longer be given, in words for an open dialog (null: it still can). The usual case: someone
 * decided the item elsewhere while the approver was typing — say who, what and when.
 */
export function closedReason(item: QueueItem, v: Verdict, identity: SourceIdentity | null, now = Date.now()): string | null {
  if (allows(item, v, now, identity)) return null;
  const d = item.request.decision ?? (heldHere(item) ? item.localDecision!.decision : null);
  if (d) {
    const where = item.request.decision ? `at ${item.sourceName}` : 'in this console';
    const note = d.feedback ? ` (“${d.feedback}”)` : '';
    return `${d.decidedBy} already decided this ${where}: ${verdictLabel(item, d.verdict)}${note} at ${formatTime(d.decidedAt)}.`;
  }
  if (item.request.status !== 'pending') return `This request is ${item.request.status} at ${item.sourceName}: there is nothing left to decide.`;
  if (isApproving(v) && expiredNow(item, now)) return `This item expired at ${formatTime(item.request.expiresAt)}: it can no longer be approved.`;
  const rights = rightsFor(item, identity, v);
  if (!rights.ok) return rights.message;
  return 'This source no longer accepts that decision for this item.';
}
