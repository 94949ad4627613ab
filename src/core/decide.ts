// item.decide: the checks a decision must pass, then the local write. The outbox pushes it afterwards.
import { randomUUID } from 'node:crypto';
import type { DecideInput, QueueItem } from '../shared/contract.js';
import { Decision, type Verdict } from '../shared/domain.js';
import { canDecide, factsOf, type RefusalCode } from '../shared/can-decide.js';
import { mayDecide } from '../shared/decision-rights.js';
import { actionPatch } from '../shared/diff.js';
import { schemaProblem } from '../shared/json-schema-check.js';
import { holdsItem } from '../shared/local-decision.js';
import { ConsoleError } from './errors.js';
import type { Store } from './store/store.js';

/**
 * `fallbackName` names the decision where the source has no identities (LangGraph); at a hub the decision carries the
 * identity the hub named in GET /v1/me, and the hub's decision rights are checked here before anything is written.
 * `holdMs` is the undo window: the decision stays in the outbox, unsent, until it ends (see store/outbox.ts).
 */
export function decide(store: Store, input: DecideInput, fallbackName: string, holdMs = 0, now = new Date()): QueueItem {
  const item = store.getItem(input.id);
  if (!item) throw new ConsoleError('not_found', `No item ${input.id}`);
  const req = item.request;
  if (item.localDecision && holdsItem(item.localDecision.syncState))
    throw new ConsoleError('conflict', `Already decided here (${item.localDecision.decision.verdict} by ${item.localDecision.decision.decidedBy})`);
  const check = canDecide(factsOf(req), input.verdict, now.getTime(), item.allowedVerdicts);
  if (!check.ok) throw refusal(check.code, check.message, item, input.verdict);
  if (store.isGone(item.id)) throw new ConsoleError('conflict', 'This item is no longer waiting at its source');
  const identity = store.identityOf(item.sourceId);
  if (identity) {
    const rights = mayDecide(identity, req, input.verdict);
    if (!rights.ok)
      throw new ConsoleError(
        rights.code === 'already_voted' || rights.code === 'owned_by_other' ? 'conflict' : 'forbidden',
        `${rights.message} (you are ${identity.handle} at ${item.sourceName})`,
      );
  }
  const feedback = input.feedback ?? '';
  if (input.verdict === 'reject' && feedback.trim() === '')
    throw new ConsoleError('invalid_input', 'Rejecting needs feedback for the agent', [{ path: 'feedback', message: 'required to reject' }]);
  if (input.verdict === 'resolve' && feedback.trim() === '')
    throw new ConsoleError('invalid_input', 'Resolving an escalation needs a note on what was done', [{ path: 'feedback', message: 'required to resolve' }]);
  const edited = input.verdict === 'approve_with_edits' ? (input.editedAction ?? null) : null;
  if (input.verdict === 'approve_with_edits' && !edited)
    throw new ConsoleError('invalid_input', 'Approve with edits needs the edited action', [{ path: 'editedAction', message: 'required' }]);
  const unfit = edited && schemaProblem(item.editSchema, edited.args);
  if (unfit) throw new ConsoleError('invalid_input', `The edit does not fit the schema the agent gives for it: ${unfit}`, [{ path: 'editedAction.args', message: unfit }]);
  // What is under decision: an earlier approver's edit waiting for the rest of the quorum, else the proposal.
  const current = req.pendingAction ?? req.action;
  let patch;
  try {
    patch = actionPatch(current, edited);
  } catch (err) {
    throw new ConsoleError('invalid_input', `Could not compare the edited action: ${(err as Error).message}`, [{ path: 'editedAction', message: 'not comparable' }]);
  }
  const decision = Decision.parse({
    id: randomUUID(),
    requestId: req.id,
    verdict: input.verdict,
    editedAction: edited,
    feedback,
    decidedBy: identity?.handle ?? fallbackName,
    decidedById: identity?.id ?? null,
    decidedAt: now.toISOString(),
    changed: patch.length > 0,
    patch,
  });
  store.recordDecision(item.id, item.sourceId, decision, { version: req.version, actionHash: req.actionHash, action: current }, holdMs, now.getTime());
  return store.getItem(item.id)!;
}

/** The shared rule's refusal as the console's error: codes and wording the renderer and tests rely on. */
function refusal(code: RefusalCode, message: string, item: QueueItem, verdict: Verdict): ConsoleError {
  const req = item.request;
  switch (code) {
    case 'verdict_not_allowed':
      return new ConsoleError('invalid_input', `This source does not accept "${verdict}" for this item (allowed: ${item.allowedVerdicts.join(', ')})`, [
        { path: 'verdict', message: 'not allowed for this item' },
      ]);
    case 'expired':
      return new ConsoleError('expired', `Expired at ${req.expiresAt}: it can no longer be approved`);
    case 'decided':
      return new ConsoleError('conflict', `Already decided at the source: ${req.decision?.verdict} by ${req.decision?.decidedBy}`);
    case 'not_open':
      return new ConsoleError('conflict', `The request is ${req.status} at its source`);
    case 'not_sampled':
      return new ConsoleError('conflict', message);
  }
}

/** item.undo: takes back a decision that nothing has tried to send; once a push began it may have taken effect. */
export function undo(store: Store, id: string): QueueItem {
  const item = store.getItem(id);
  if (!item) throw new ConsoleError('not_found', `No item ${id}`);
  const d = item.localDecision;
  if (!d || !holdsItem(d.syncState)) throw new ConsoleError('conflict', 'There is no decision made here to undo');
  if (!d.undoable || !store.undoDecision(id))
    throw new ConsoleError(
      'conflict',
      `Too late to undo: the decision was already sent to ${item.sourceName} (${d.syncState === 'synced' ? 'it took effect' : 'it may have taken effect'})`,
    );
  return store.getItem(id)!;
}
