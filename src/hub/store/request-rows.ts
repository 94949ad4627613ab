// One request row <-> the ApprovalRequest snapshot, and the single write path every change goes through
// (version bump, feed cursor, log entry), so the feed, the log and the row never disagree.
import type Database from 'better-sqlite3';
import {
  DEFAULT_RIGHTS,
  type ApprovalRequest,
  type Decision,
  type LogEntry,
  type Outcome,
  type ProposedAction,
  type RequestStatus,
  type Verdict,
  type Vote,
} from '../../shared/domain.js';
import type { Change } from '../../shared/protocol.js';
import type { ParsedDecision } from './decide.js';
import type { TokenIdentity } from './tokens.js';
import { appendLog } from '../log/node-chain.js';
import { stmt } from './statements.js';

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
}

/** The immutable part of a request, stored once as JSON (its actionHash/pendingAction/votes are the submit's; the columns hold the current ones). */
export type RequestBase = Omit<ApprovalRequest, 'status' | 'version' | 'decision' | 'outcome'>;

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
  };
}

export function rowToRequest(r: RequestRow): ApprovalRequest {
  return snapshotOf(r, parseBase(r));
}

// The feed cursor lives in memory (one hub process owns its data dir) and starts after the highest stored one:
// a counter row updated on every change cost as much as the change itself. Gaps (rolled-back work) are harmless.
const cursors = new WeakMap<Database.Database, { value: number }>();

function cursorOf(db: Database.Database): { value: number } {
  let c = cursors.get(db);
  if (!c) cursors.set(db, (c = { value: (db.prepare('SELECT MAX(cursor) FROM requests').pluck().get() as number | null) ?? 0 }));
  return c;
}

export function nextCursor(db: Database.Database): number {
  return ++cursorOf(db).value;
}

export function currentCursor(db: Database.Database): number {
  return cursorOf(db).value;
}

export function getRow(db: Database.Database, id: string): RequestRow | undefined {
  return stmt(db, 'SELECT * FROM requests WHERE id = ?').get(id) as RequestRow | undefined;
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
  /** One log entry, or several in order (the vote that completes a quorum, then the decision). */
  log: LogLine | LogLine[];
}

/** Applies one change to an existing row inside the caller's transaction; returns the new cursor. */
export function applyChange(db: Database.Database, row: RequestRow, ch: RowChange): number {
  let head = { hash: row.log_head, count: row.log_count };
  for (const line of Array.isArray(ch.log) ? ch.log : [ch.log]) head = appendLog(db, head, { requestId: row.id, ...line });
  const cursor = nextCursor(db);
  const status = ch.status ?? row.status;
  const decisionJson = ch.decision ? JSON.stringify(ch.decision) : row.decision_json;
  const outcomeJson = ch.outcome ? JSON.stringify(ch.outcome) : row.outcome_json;
  const decidedAt = ch.decidedAtMs ?? row.decided_at_ms;
  const decidedBy = ch.decision ? ch.decision.decidedBy : row.decided_by;
  const q = ch.quorum;
  const quorumCols = q
    ? {
        action_hash: q.actionHash,
        action_version: q.actionVersion,
        pending_action_json: q.pendingAction ? JSON.stringify(q.pendingAction) : null,
        votes_json: JSON.stringify(q.votes),
      }
    : { action_hash: row.action_hash, action_version: row.action_version, pending_action_json: row.pending_action_json, votes_json: row.votes_json };
  stmt(
    db,
    `UPDATE requests SET status = ?, version = version + 1, cursor = ?, last_change = ?, decision_json = ?, outcome_json = ?,
       decided_at_ms = ?, decided_by = ?, log_head = ?, log_count = ?, action_hash = ?, action_version = ?, pending_action_json = ?, votes_json = ? WHERE id = ?`,
  ).run(
    status,
    cursor,
    ch.kind,
    decisionJson,
    outcomeJson,
    decidedAt,
    decidedBy,
    head.hash,
    head.count,
    quorumCols.action_hash,
    quorumCols.action_version,
    quorumCols.pending_action_json,
    quorumCols.votes_json,
    row.id,
  );
  Object.assign(row, {
    ...quorumCols,
    status,
    version: row.version + 1,
    cursor,
    last_change: ch.kind,
    decision_json: decisionJson,
    outcome_json: outcomeJson,
    decided_at_ms: decidedAt,
    decided_by: decidedBy,
    log_head: head.hash,
    log_count: head.count,
  });
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
