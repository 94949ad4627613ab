// RowTx (request-rows.ts) over better-sqlite3: every call one cached prepared statement, inside the caller's
// synchronous transaction. The feed cursor lives in memory (one hub process owns its data dir) and starts after the
// highest stored one: a counter row updated on every change cost as much as the change itself. Gaps are harmless.
import type Database from 'better-sqlite3';
import { handleKey } from '../../shared/handle-key.js';
import { appendLog } from '../log/node-chain.js';
import type { RequestRow, RowTx } from './request-rows.js';
import { stmt } from './statements.js';

const txs = new WeakMap<Database.Database, RowTx & { cursor(): number }>();

export function sqliteRowTx(db: Database.Database): RowTx & { cursor(): number } {
  let tx = txs.get(db);
  if (!tx) txs.set(db, (tx = make(db)));
  return tx;
}

function make(db: Database.Database): RowTx & { cursor(): number } {
  let cursor = (db.prepare('SELECT MAX(cursor) FROM requests').pluck().get() as number | null) ?? 0;
  return {
    cursor: () => cursor,
    nextCursor: () => ++cursor,
    getRow: (id) => stmt(db, 'SELECT * FROM requests WHERE id = ?').get(id) as RequestRow | undefined,
    findIdem: (tokenId, key) => stmt(db, 'SELECT * FROM requests WHERE token_id = ? AND idem_key = ?').get(tokenId, key) as RequestRow | undefined,
    userIdOfHandle: (handle) => (stmt(db, 'SELECT id FROM users WHERE handle_key = ?').pluck().get(handleKey(handle)) as string | undefined) ?? null,
    decisionSeenFor: (id) => stmt(db, 'SELECT request_id FROM decisions WHERE id = ?').pluck().get(id) as string | undefined,
    recordDecision: (id, requestId, atMs) => void stmt(db, 'INSERT INTO decisions (id, request_id, received_at_ms) VALUES (?,?,?)').run(id, requestId, atMs),
    appendLog: (head, e) => appendLog(db, head, e),
    insertRow: (r) =>
      void stmt(
        db,
        `INSERT INTO requests (id, token_id, idem_key, body_hash, requested_by, action_class, control, sampled, status, agent_id, created_at_ms, expires_at_ms,
           decided_at_ms, decided_by, version, cursor, last_change, base_json, decision_json, outcome_json, log_head, log_count, requested_by_id, action_hash,
           policy_version, approvals_required, action_version, pending_action_json, votes_json)
         VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
      ).run(
        r.id,
        r.token_id,
        r.idem_key,
        r.body_hash,
        r.requested_by,
        r.action_class,
        r.control,
        r.sampled,
        r.status,
        r.agent_id,
        r.created_at_ms,
        r.expires_at_ms,
        r.decided_at_ms,
        r.decided_by,
        r.version,
        r.cursor,
        r.last_change,
        r.base_json,
        r.decision_json,
        r.outcome_json,
        r.log_head,
        r.log_count,
        r.requested_by_id,
        r.action_hash,
        r.policy_version,
        r.approvals_required,
        r.action_version,
        r.pending_action_json,
        r.votes_json,
      ),
    updateRow: (r) =>
      void stmt(
        db,
        `UPDATE requests SET status = ?, version = ?, cursor = ?, last_change = ?, decision_json = ?, outcome_json = ?, decided_at_ms = ?, decided_by = ?,
           log_head = ?, log_count = ?, action_hash = ?, action_version = ?, pending_action_json = ?, votes_json = ?, owner_json = ? WHERE id = ?`,
      ).run(
        r.status,
        r.version,
        r.cursor,
        r.last_change,
        r.decision_json,
        r.outcome_json,
        r.decided_at_ms,
        r.decided_by,
        r.log_head,
        r.log_count,
        r.action_hash,
        r.action_version,
        r.pending_action_json,
        r.votes_json,
        r.owner_json,
        r.id,
      ),
  };
}
