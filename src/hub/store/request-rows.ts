// One request row <-> the ApprovalRequest snapshot, and the single write path every change goes through
// (version bump, feed cursor, log entry), so the feed, the log and the row never disagree.
import {
  DEFAULT_RIGHTS,
  type ApprovalRequest,
  type Decision,
  type LogEntry,
  type Outcome,
  type Ownership,
  type ProposedAction,
  type RequestStatus,
  type Verdict,
  type Vote,
} from '../../shared/domain.js';
import type { Change } from '../../shared/protocol.js';
import type { ParsedDecision } from './decide.js';
import type { TokenIdentity } from './tokens.js';

export interface RequestRow {
  id: string;
  token_id: number;
  idem_key: string;
  body_hash: string;
  requested_by: string;
  action_class: string;
  control: string;
  sampled: number;
  status: RequestStatus;
  agent_id: string;
  created_at_ms: number;
  expires_at_ms: number | null;
  decided_at_ms: number | null;
  decided_by: string | null;
  version: number;
  cursor: number;
  last_change: Change['kind'];
  base_json: string;
  decision_json: string | null;
  outcome_json: string | null;
  log_head: string;
  log_count: number;
  requested_by_id: string | null;
  action_hash: string;
  action_version: number;
  pending_action_json: string | null;
  votes_json: string;
  policy_version: number | null;
  approvals_required: number;
  /** The escalation's owner (Ownership JSON), or null. */
  owner_json: string | null;
}

/** The immutable part of a request, stored once as JSON (its actionHash/pendingAction/votes are the submit's; the columns hold the current ones). */
export type RequestBase = Omit<ApprovalRequest, 'status' | 'version' | 'decision' | 'outcome' | 'owner'>;

export function parseBase(r: Pick<RequestRow, 'base_json'>): RequestBase {
  const base = JSON.parse(r.base_json) as RequestBase;
  // Migration 3 backfilled these; a row written by an older build in between would lack them.
  base.onBehalfOf ??= null;
  base.rights ??= DEFAULT_RIGHTS;
  return base;
}

export function votesOf(r: Pick<RequestRow, 'votes_json'>): Vote[] {
  return JSON.parse(r.votes_json) as Vote[];
}

/** The snapshot from a row and its already parsed base (a batch parses each base once). */
export function snapshotOf(r: RequestRow, base: RequestBase, votes: Vote[] = votesOf(r)): ApprovalRequest {
  return {
    ...base,
    actionHash: r.action_hash,
    pendingAction: r.pending_action_json ? (JSON.parse(r.pending_action_json) as ProposedAction) : null,
    votes,
    status: r.status,
    version: r.version,
    decision: r.decision_json ? (JSON.parse(r.decision_json) as Decision) : null,
    outcome: r.outcome_json ? (JSON.parse(r.outcome_json) as Outcome) : null,
    owner: r.owner_json ? (JSON.parse(r.owner_json) as Ownership) : null,
  };
}

export function rowToRequest(r: RequestRow): ApprovalRequest {
  return snapshotOf(r, parseBase(r));
}

/**
 * What the request rules need from an open transaction. SQLite answers each call with a prepared statement inside
 * its synchronous transaction (sqlite-row-tx.ts); PostgreSQL reads the rows a batch touches up front under its locks
 * and buffers the writes, flushed before its commit (src/hub/pg/row-tx.ts). Either way the rules run synchronously.
 */
export interface RowTx {
  getRow(id: string): RequestRow | undefined;
  /** The request this token already submitted under this key. */
  findIdem(tokenId: number, idemKey: string): RequestRow | undefined;
  userIdOfHandle(handle: string): string | null;
  /** The request a decision id was already recorded for. */
  decisionSeenFor(decisionId: string): string | undefined;
  recordDecision(decisionId: string, requestId: string, receivedAtMs: number): void;
  /** The next feed position, in commit order. */
  nextCursor(): number;
  appendLog(head: { hash: string; count: number }, e: { requestId: string; event: LogEntry['event']; actor: string; at: string; data: unknown }): { hash: string; count: number };
  insertRow(row: RequestRow): void;
  /** Persists the row's mutable columns as they are now. */
  updateRow(row: RequestRow): void;
}

type LogLine = { event: LogEntry['event']; actor: string; at: string; data: unknown };

/** The quorum state after a vote: every vote so far and the action now under decision. */
interface QuorumChange {
  votes: Vote[];
  pendingAction: ProposedAction | null;
  actionHash: string;
  actionVersion: number;
}

export interface RowChange {
  kind: Change['kind'];
  status?: RequestStatus;
  decision?: Decision;
  decidedAtMs?: number;
  outcome?: Outcome;
  quorum?: QuorumChange;
  /** An escalation's new owner (null: released); absent leaves it as it is. */
  owner?: Ownership | null;
  /** One log entry, or several in order (the vote that completes a quorum, then the decision). */
  log: LogLine | LogLine[];
}

/** Applies one change to an existing row inside the caller's transaction; returns the new cursor. */
export function applyChange(tx: RowTx, row: RequestRow, ch: RowChange): number {
  let head = { hash: row.log_head, count: row.log_count };
  for (const line of Array.isArray(ch.log) ? ch.log : [ch.log]) head = tx.appendLog(head, { requestId: row.id, ...line });
  const cursor = tx.nextCursor();
  const q = ch.quorum;
  Object.assign(row, {
    ...(q
      ? {
          action_hash: q.actionHash,
          action_version: q.actionVersion,
          pending_action_json: q.pendingAction ? JSON.stringify(q.pendingAction) : null,
          votes_json: JSON.stringify(q.votes),
        }
      : {}),
    status: ch.status ?? row.status,
    version: row.version + 1,
    cursor,
    last_change: ch.kind,
    decision_json: ch.decision ? JSON.stringify(ch.decision) : row.decision_json,
    outcome_json: ch.outcome ? JSON.stringify(ch.outcome) : row.outcome_json,
    owner_json: ch.owner === undefined ? row.owner_json : ch.owner && JSON.stringify(ch.owner),
    decided_at_ms: ch.decidedAtMs ?? row.decided_at_ms,
    decided_by: ch.decision ? ch.decision.decidedBy : row.decided_by,
    log_head: head.hash,
    log_count: head.count,
  });
  tx.updateRow(row);
  return cursor;
}

/** The Decision the hub records: who decided (the hub identity), what, and the patch from the proposal to it. */
export function decisionRecord(d: ParsedDecision, decider: TokenIdentity, verdict: Verdict, editedAction: Decision['editedAction'], patch: Decision['patch']): Decision {
  return {
    id: d.id,
    requestId: d.requestId,
    verdict,
    editedAction,
    feedback: d.feedback,
    decidedBy: decider.name,
    decidedById: decider.userId,
    decidedAt: d.decidedAt,
    changed: patch.length > 0,
    patch,
  };
}
