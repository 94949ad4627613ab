// The batch decision endpoint's core. The whole batch is one transaction, so the first decision to reach the hub
// wins and a retried batch changes nothing: each decision is accepted, duplicate, conflict, expired, rejected, or (v2)
// forbidden or vote_recorded. Who may decide is the shared rule (src/shared/decision-rights.ts); quorum votes are quorum.ts.
import { canDecide, isApproving, isLapsed, type DecideFacts, type RefusalCode } from '../../shared/can-decide.js';
import { mayDecide, quorumApplies } from '../../shared/decision-rights.js';
import type { ApprovalRequest, Control, Decision, Ownership, RequestStatus, Verdict } from '../../shared/domain.js';
import { actionPatch } from '../../shared/diff.js';
import { HUB_VERDICTS, PROTOCOL_VERSION, type DecisionResult } from '../../shared/protocol.js';
import { withSignedBatch } from '../log/signer.js';
import { castVote } from './quorum.js';
import type { RequestStore } from './requests.js';
import { expireRow, type ChangeEvent } from './request-rules.js';
import type { TokenIdentity } from './tokens.js';
import { applyChange, decisionRecord, parseBase, rowToRequest, snapshotOf, votesOf, type RequestBase, type RequestRow, type RowTx } from './request-rows.js';

export interface ParsedDecision {
  id: string;
  requestId: string;
  verdict: Verdict;
  editedAction: Decision['editedAction'];
  feedback: string;
  decidedAt: string;
  /** v2: the request version and action hash the decider saw. */
  version?: number;
  actionHash?: string;
}

const UNSUPPORTED = 'verdict not supported by hub';

const STATUS_BY_VERDICT: Partial<Record<Verdict, RequestStatus>> = {
  approve: 'approved',
  approve_with_edits: 'approved',
  reject: 'rejected',
  escalate: 'escalated',
  // The owner closed the case by hand: the action does not run, the agent reads the note as feedback.
  resolve: 'rejected',
};

/** `protocol`: what the caller speaks (the countersign-protocol header); a v1 console gets no answer it cannot read. */
export function decideBatch(store: RequestStore, decider: TokenIdentity, decisions: ParsedDecision[], opts: { protocol?: number } = {}): DecisionResult[] {
  const events: ChangeEvent[] = [];
  const results = store.db.transaction(() => withSignedBatch(store.db, () => decideInTx(store.tx, store.now(), decider, decisions, opts, events))).immediate();
  store.emit(events);
  return results;
}

/** The batch's rules inside any backend's transaction; `events` collects the feed changes to announce after commit. */
export function decideInTx(tx: RowTx, nowMs: number, decider: TokenIdentity, decisions: ParsedDecision[], opts: { protocol?: number }, events: ChangeEvent[]): DecisionResult[] {
  const v2 = (opts.protocol ?? PROTOCOL_VERSION) >= 2;
  const who = { id: decider.userId, handle: decider.name, groups: decider.groups };
  const nowIso = new Date(nowMs).toISOString();
  return decisions.map((d): DecisionResult => {
    const row = tx.getRow(d.requestId);
    if (!row) return { id: d.id, status: 'rejected', reason: 'unknown_request', request: null };
    const view = (): ApprovalRequest => rowToRequest(row);
    const seenFor = tx.decisionSeenFor(d.id);
    if (seenFor !== undefined) {
      return seenFor === d.requestId ? { id: d.id, status: 'duplicate', request: view() } : { id: d.id, status: 'rejected', reason: 'decision_id_reused', request: view() };
    }
    if (!HUB_VERDICTS.includes(d.verdict)) return { id: d.id, status: 'rejected', reason: UNSUPPORTED, request: view() };
    const base = parseBase(row);
    const votes = votesOf(row);
    // The person the request came from (or is for) is refused before anything else, even on a closed request.
    const rights = mayDecide(who, factsForRights(row, base, votes), d.verdict);
    if (!rights.ok && (rights.code === 'self_approval' || rights.code === 'on_behalf_of')) return { id: d.id, status: 'rejected', reason: rights.code, request: view() };
    // The hub is the authority on time: a lapsed request becomes expired here, whatever the verdict.
    if (isLapsed(factsOfRow(row), nowMs)) events.push(expireRow(tx, row, nowMs));
    const check = canDecide(factsOfRow(row), d.verdict, nowMs);
    if (!check.ok) return refusal(check.code, d.id, row, view());
    if (!rights.ok) {
      if (rights.code === 'forbidden')
        return v2
          ? { id: d.id, status: 'forbidden', reason: 'not_a_decider', deciders: rights.deciders, request: view() }
          : { id: d.id, status: 'rejected', reason: 'forbidden', request: view() };
      return { id: d.id, status: 'rejected', reason: rights.code, request: view() };
    }
    const quorum = quorumApplies(row.control as Control, row.status) && base.rights.approvals > 1;
    if (isStale(d, row, quorum)) return { id: d.id, status: 'conflict', reason: 'stale', winner: null, request: view() };
    const approving = isApproving(d.verdict);
    // A v1 console cannot show "1 of 2": it must not cast a vote it would report as an approval.
    if (quorum && approving && !v2) return { id: d.id, status: 'rejected', reason: 'protocol_2_required', request: view() };

    // Wait time counts from creation to the human's moment of decision (an offline console sends it later).
    const decidedMs = Math.min(nowMs, Math.max(row.created_at_ms, Date.parse(d.decidedAt) || nowMs));
    tx.recordDecision(d.id, d.requestId, nowMs);
    if (quorum && approving) {
      const out = castVote(tx, row, base, votes, d, decider, { nowIso, decidedIso: new Date(decidedMs).toISOString(), decidedMs });
      events.push({ requestId: row.id, cursor: out.cursor, status: row.status });
      return out.result;
    }
    return single(tx, row, base, votes, d, decider, { nowIso, decidedMs }, events);
  });
}

/** One decision that settles the request (or reviews a released one): approval without quorum, reject, escalate. */
function single(
  tx: RowTx,
  row: RequestRow,
  base: RequestBase,
  votes: ReturnType<typeof votesOf>,
  d: ParsedDecision,
  decider: TokenIdentity,
  at: { nowIso: string; decidedMs: number },
  events: ChangeEvent[],
): DecisionResult {
  const isReview = row.status === 'released';
  const patch = actionPatch(base.action, d.editedAction);
  const decision = decisionRecord(d, decider, d.verdict, d.editedAction, patch);
  // Escalate ends the agent's wait (status escalated) and hands the case to the class's owner group, named in the log.
  const data = d.verdict === 'escalate' ? { ...decision, handedTo: base.rights.ownerGroup } : decision;
  const cursor = applyChange(tx, row, {
    kind: 'decided',
    status: isReview ? 'released' : STATUS_BY_VERDICT[d.verdict]!,
    decision,
    decidedAtMs: at.decidedMs,
    log: { event: 'decided', actor: decider.name, at: at.nowIso, data },
  });
  events.push({ requestId: row.id, cursor, status: row.status });
  // Built from what we already hold: 10,000 decisions should not re-parse 10,000 rows.
  return { id: d.id, status: 'accepted', request: snapshotOf(row, base, votes) };
}

/**
 * A decision bound to an action that is no longer the one under decision: its hash differs, or it names a version from
 * before the current action (an edit since) or one the request never had. On a quorum request with an approver's edit
 * pending, an approval must name the version or hash it saw, so nobody approves an edit they were never shown.
 */
function isStale(d: ParsedDecision, row: RequestRow, quorum: boolean): boolean {
  if (d.actionHash !== undefined && d.actionHash !== row.action_hash) return true;
  if (d.version !== undefined && (d.version < row.action_version || d.version > row.version)) return true;
  return quorum && isApproving(d.verdict) && row.pending_action_json !== null && d.actionHash === undefined && d.version === undefined;
}

function factsForRights(row: RequestRow, base: RequestBase, votes: ReturnType<typeof votesOf>) {
  return {
    rights: base.rights,
    control: row.control as Control,
    status: row.status,
    requestedBy: row.requested_by,
    requestedById: row.requested_by_id,
    onBehalfOf: base.onBehalfOf,
    onBehalfOfId: base.onBehalfOfId ?? null,
    votes,
    actionHash: row.action_hash,
    owner: row.owner_json ? (JSON.parse(row.owner_json) as Ownership) : null,
  };
}

function factsOfRow(row: RequestRow): DecideFacts {
  return {
    status: row.status,
    control: row.control as Control,
    sampled: !!row.sampled,
    expiresAtMs: row.expires_at_ms,
    decided: !!row.decision_json,
  };
}

/** The shared rule's refusal as the batch result the protocol promises (reasons are part of the API). */
function refusal(code: RefusalCode, id: string, row: RequestRow, request: ApprovalRequest): DecisionResult {
  switch (code) {
    case 'decided':
      return { id, status: 'conflict', reason: 'decided', winner: JSON.parse(row.decision_json!) as Decision, request };
    case 'expired':
      return { id, status: 'expired', request };
    case 'not_open':
      return { id, status: 'rejected', reason: row.status === 'withdrawn' ? 'withdrawn' : `not_decidable_${row.status}`, request };
    case 'not_sampled':
      return { id, status: 'rejected', reason: 'not_sampled', request };
    case 'verdict_not_allowed':
      return { id, status: 'rejected', reason: UNSUPPORTED, request };
  }
}
