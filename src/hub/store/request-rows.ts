// One request row <-> the ApprovalRequest snapshot, and the single write path every change goes through
// (version bump, feed cursor, log entry), so the feed, the log and the row never disagree.
import type Database from 'better-sqlite3';
import type { ApprovalRequest, Decision, LogEntry, Outcome, RequestStatus } from '../../shared/domain.js';
import type { Change } from '../../shared/protocol.js';
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
}

/** The immutable part of a request, stored once as JSON. */
export type RequestBase = Omit<ApprovalRequest, 'status' | 'version' | 'decision' | 'outcome'>;

export function rowToRequest(r: RequestRow): ApprovalRequest {
  const base = JSON.parse(r.base_json) as RequestBase;
  return {
    ...base,
    status: r.status,
    version: r.version,
    decision: r.decision_json ? (JSON.parse(r.decision_json) as Decision) : null,
    outcome: r.outcome_json ? (JSON.parse(r.outcome_json) as Outcome) : null,
  };
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

export interface RowChange {
  kind: Change['kind'];
  status?: RequestStatus;
  decision?: Decision;
  decidedAtMs?: number;
  outcome?: Outcome;
  log: { event: LogEntry['event']; actor: string; at: string; data: unknown };
}

/** Applies one change to an existing row inside the caller's transaction; returns the new cursor. */
export function applyChange(db: Database.Database, row: RequestRow, ch: RowChange): number {
  const head = appendLog(db, { hash: row.log_head, count: row.log_count }, { requestId: row.id, ...ch.log });
  const cursor = nextCursor(db);
  const status = ch.status ?? row.status;
  const decisionJson = ch.decision ? JSON.stringify(ch.decision) : row.decision_json;
  const outcomeJson = ch.outcome ? JSON.stringify(ch.outcome) : row.outcome_json;
  const decidedAt = ch.decidedAtMs ?? row.decided_at_ms;
  const decidedBy = ch.decision ? ch.decision.decidedBy : row.decided_by;
  stmt(
    db,
    `UPDATE requests SET status = ?, version = version + 1, cursor = ?, last_change = ?, decision_json = ?, outcome_json = ?,
       decided_at_ms = ?, decided_by = ?, log_head = ?, log_count = ? WHERE id = ?`,
  ).run(status, cursor, ch.kind, decisionJson, outcomeJson, decidedAt, decidedBy, head.hash, head.count, row.id);
  Object.assign(row, {
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
