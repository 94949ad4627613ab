// The one rule for "may this person decide this request, and does their approval complete it": the hub enforces it,
// the console core checks it before writing locally, the renderer uses it to order the queue and enable buttons.
// Rights are resolved once, at classification, and travel on the request (`rights`), so every part reads the same.
import type { ActionClass, ApprovalRequest, Control, ProposedAction, Rights, Verdict, Vote } from './domain.js';
import { DEFAULT_RIGHTS } from './domain.js';
import { handleKey } from './handle-key.js';
import { conditionHolds } from './policy.js';

/** The policy's decision rights for one action: the first matching conditional deciders, the highest matching quorum. */
export function resolveRights(cls: ActionClass | undefined, action: ProposedAction): Rights {
  if (!cls) return DEFAULT_RIGHTS;
  const conditional = cls.conditionalDeciders.find((c) => c.when.every((w) => conditionHolds(w, action)));
  let approvals = cls.approvals;
  for (const c of cls.conditionalApprovals) if (c.approvals > approvals && c.when.every((w) => conditionHolds(w, action))) approvals = c.approvals;
  return { deciders: conditional ? conditional.deciders : cls.deciders, approvals, ownerGroup: cls.ownerGroup, reviewers: cls.reviewers };
}

/** Who is deciding, as the hub knows them (GET /v1/me). */
export interface DeciderIdentity {
  id: string;
  handle: string;
  groups: readonly string[];
}

type RightsRefusal = 'forbidden' | 'self_approval' | 'on_behalf_of' | 'already_voted' | 'owned_by_other';
export type RightsCheck = { ok: true } | { ok: false; code: RightsRefusal; message: string; deciders: string[] };

/** The groups that may decide a request in its current lane: reviewers for released items, the owner for escalations. */
export function decidingGroups(req: Pick<ApprovalRequest, 'rights' | 'control' | 'status'>): string[] {
  const r = req.rights;
  if (req.status === 'released') return r.reviewers;
  if (req.control === 'escalation' && r.ownerGroup) return [r.ownerGroup];
  return r.deciders;
}

type RightsFacts = Pick<ApprovalRequest, 'rights' | 'control' | 'status' | 'requestedBy' | 'onBehalfOf' | 'votes' | 'actionHash'> & {
  requestedById?: string | null;
  onBehalfOfId?: string | null;
  /** An escalation's owner: while someone owns it, only they decide it. */
  owner?: ApprovalRequest['owner'];
};

/**
 * May `who` cast `verdict` on this request? Checked in this order: the requester and the person the agent acts for can
 * never decide; then group membership; then one person counts once on the same action.
 */
export function mayDecide(who: DeciderIdentity, req: RightsFacts, verdict: Verdict): RightsCheck {
  const groups = decidingGroups(req);
  const refuse = (code: RightsRefusal, message: string): RightsCheck => ({ ok: false, code, message, deciders: groups });
  const requester = req.requestedById ? req.requestedById === who.id : handleKey(req.requestedBy) === handleKey(who.handle);
  if (requester) return refuse('self_approval', 'You submitted this request: someone else must decide it.');
  const actsFor = (!!req.onBehalfOfId && req.onBehalfOfId === who.id) || (!!req.onBehalfOf && handleKey(req.onBehalfOf) === handleKey(who.handle));
  if (actsFor) return refuse('on_behalf_of', 'The agent acts for you on this request: someone else must decide it.');
  if (groups.length > 0 && !groups.some((g) => who.groups.includes(g))) return refuse('forbidden', `Only ${groupList(groups)} may decide this.`);
  const owner = req.control === 'escalation' && req.status === 'pending' ? req.owner : null;
  if (owner && owner.userId !== who.id) return refuse('owned_by_other', `${owner.handle} owns this escalation: they decide it, or release it first.`);
  if ((verdict === 'approve' || verdict === 'approve_with_edits') && countingVotes(req).some((v) => v.userId === who.id))
    return refuse('already_voted', 'You already approved this exact action: another person must approve it too.');
  return { ok: true };
}

/**
 * May `who` take (or hold) ownership of this escalation? The same people who may decide it (its owner group, or the
 * deciders when the class names none), under the same refusals: ownership is the right to decide, claimed.
 */
export function mayOwn(who: DeciderIdentity, req: Omit<RightsFacts, 'owner'>): RightsCheck {
  return mayDecide(who, req, 'resolve');
}

/** The votes that count: those cast on the action now under decision. */
function countingVotes(req: Pick<ApprovalRequest, 'votes' | 'actionHash'>): Vote[] {
  return req.votes.filter((v) => v.actionHash === req.actionHash);
}

export interface QuorumState {
  approvals: number;
  required: number;
  /** The approvals that count, oldest first. */
  counted: Vote[];
  /** Approvals on an earlier action that an edit superseded. */
  superseded: Vote[];
}

export function quorumOf(req: Pick<ApprovalRequest, 'votes' | 'actionHash' | 'rights'>): QuorumState {
  const counted = countingVotes(req);
  return { approvals: counted.length, required: req.rights.approvals, counted, superseded: req.votes.filter((v) => v.actionHash !== req.actionHash) };
}

/** "finance-leads", "finance-leads or platform-oncall", "a, b or c". */
export function groupList(groups: readonly string[]): string {
  if (groups.length <= 1) return groups.join('');
  return `${groups.slice(0, -1).join(', ')} or ${groups[groups.length - 1]}`;
}

/** Lanes where the quorum applies: approval and escalation. Review and audit take one reviewer. */
export function quorumApplies(control: Control, status: ApprovalRequest['status']): boolean {
  return status === 'pending' && (control === 'approval' || control === 'escalation');
}
