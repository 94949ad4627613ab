// Quorum classes (rights.approvals > 1): an approval is a vote. The vote that reaches the count records the final
// Decision; an edit makes the edited action the one under decision and restarts the count from the editor's vote.
// Rules: docs/policy.md "Decision rights"; the shared rule (who may vote) is src/shared/decision-rights.ts.
import type { ApprovalRequest, ProposedAction, Vote } from '../../shared/domain.js';
import { actionPatch } from '../../shared/diff.js';
import { canonicalJson } from '../../shared/log-chain.js';
import type { DecisionResult } from '../../shared/protocol.js';
import { sha256Hex } from '../log/node-chain.js';
import type { ParsedDecision } from './decide.js';
import { applyChange, decisionRecord, snapshotOf, type RequestBase, type RequestRow, type RowTx } from './request-rows.js';
import type { TokenIdentity } from './tokens.js';

export interface VoteOutcome {
  result: DecisionResult;
  cursor: number;
}

/** Records one approving vote inside the caller's transaction; the final one approves the request. */
export function castVote(
  tx: RowTx,
  row: RequestRow,
  base: RequestBase,
  votes: Vote[],
  d: ParsedDecision,
  decider: TokenIdentity,
  at: { nowIso: string; decidedIso: string; decidedMs: number },
): VoteOutcome {
  const current: ProposedAction = row.pending_action_json ? (JSON.parse(row.pending_action_json) as ProposedAction) : base.action;
  const editHash = d.verdict === 'approve_with_edits' && d.editedAction ? sha256Hex(canonicalJson(d.editedAction)) : null;
  // An "edit" that leaves the action as it is is a plain approval of it.
  const edits = editHash !== null && editHash !== row.action_hash;
  const actionHash = edits ? editHash : row.action_hash;
  const approved = edits ? d.editedAction! : current;
  const vote: Vote = {
    decisionId: d.id,
    userId: decider.userId,
    handle: decider.name,
    verdict: edits ? 'approve_with_edits' : 'approve',
    at: at.decidedIso,
    // The version whose action this vote approves: an edit's action is current from the version it creates.
    version: edits ? row.version + 1 : row.version,
    actionHash,
    editedAction: edits ? approved : null,
  };
  const next = [...votes, vote];
  const counted = next.filter((v) => v.actionHash === actionHash).length;
  const required = base.rights.approvals;
  const quorum = {
    votes: next,
    pendingAction: edits ? approved : row.pending_action_json ? current : null,
    actionHash,
    actionVersion: edits ? row.version + 1 : row.action_version,
  };
  const voted = {
    event: 'voted' as const,
    actor: decider.name,
    at: at.nowIso,
    data: {
      decisionId: d.id,
      userId: decider.userId,
      handle: decider.name,
      verdict: vote.verdict,
      version: vote.version,
      actionHash,
      editedAction: vote.editedAction,
      feedback: d.feedback,
      approvals: counted,
      required,
    },
  };
  if (counted < required) {
    const cursor = applyChange(tx, row, { kind: 'voted', quorum, log: voted });
    return { cursor, result: { id: d.id, status: 'vote_recorded', approvals: counted, required, request: snapshotOf(row, base, next) } };
  }
  // The quorum is met: the final decision is the approval of `approved`, as a diff against what the agent proposed.
  const patch = actionPatch(base.action, approved);
  const decision = decisionRecord(d, decider, patch.length > 0 ? 'approve_with_edits' : 'approve', patch.length > 0 ? approved : null, patch);
  const cursor = applyChange(tx, row, {
    kind: 'decided',
    status: 'approved',
    decision,
    decidedAtMs: at.decidedMs,
    quorum,
    log: [
      voted,
      {
        event: 'decided',
        actor: decider.name,
        at: at.nowIso,
        data: { ...decision, approvedBy: next.filter((v) => v.actionHash === actionHash).map((v) => ({ userId: v.userId, handle: v.handle })) },
      },
    ],
  });
  const request: ApprovalRequest = snapshotOf(row, base, next);
  return { cursor, result: { id: d.id, status: 'accepted', request } };
}
