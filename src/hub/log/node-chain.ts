// The Node side of the shared log chain: node:crypto's sha256, appending entries, verifying a whole hub file.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { LogEntry } from '../../shared/domain.js';
import { GENESIS_HASH, hashLogEntry, verifyChain, type ChainVerdict } from '../../shared/log-chain.js';
import { stmt } from '../store/statements.js';
import { afterAppend, signNewEntry } from './signer.js';

export function sha256Hex(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

/** A log row as both backends store it. */
export interface LogRow {
  request_id: string;
  seq: number;
  event: string;
  actor: string;
  at: string;
  data_json: string;
  prev_hash: string;
  hash: string;
  sig: string | null;
}

/** A stored row as the entry the protocol shows (the signature only where there is one). */
export function rowToEntry(r: LogRow): LogEntry {
  const e: LogEntry = {
    seq: r.seq,
    requestId: r.request_id,
    event: r.event as LogEntry['event'],
    actor: r.actor,
    at: r.at,
    data: JSON.parse(r.data_json),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
  if (r.sig) e.sig = r.sig;
  return e;
}

/** Appends one entry after `prev` (the request's current head); returns the new head. Call inside the caller's transaction. */
export function appendLog(
  db: Database.Database,
  head: { hash: string; count: number },
  e: { requestId: string; event: LogEntry['event']; actor: string; at: string; data: unknown },
): { hash: string; count: number } {
  const seq = head.count + 1;
  const prevHash = head.count === 0 ? GENESIS_HASH : head.hash;
  const hash = hashLogEntry(prevHash, { seq, ...e }, sha256Hex);
  const sig = signNewEntry(db, { requestId: e.requestId, seq, hash });
  const { lastInsertRowid } = stmt(db, 'INSERT INTO log (request_id, seq, event, actor, at, data_json, prev_hash, hash, sig) VALUES (?,?,?,?,?,?,?,?,?)').run(
    e.requestId,
    seq,
    e.event,
    e.actor,
    e.at,
    JSON.stringify(e.data ?? null),
    prevHash,
    hash,
    sig,
  );
  afterAppend(db, Number(lastInsertRowid), { requestId: e.requestId, seq, hash });
  return { hash, count: seq };
}

function readLog(db: Database.Database, requestId: string): LogEntry[] {
  const rows = db.prepare('SELECT * FROM log WHERE request_id = ? ORDER BY seq').all(requestId) as LogRow[];
  return rows.map(rowToEntry);
}

export function verifyRequestLog(db: Database.Database, requestId: string): ChainVerdict & { entries: LogEntry[] } {
  const entries = readLog(db, requestId);
  const head = db.prepare('SELECT log_head FROM requests WHERE id = ?').get(requestId) as { log_head: string } | undefined;
  if (entries.length === 0) return { ok: !head, checked: 0, entries, ...(head ? { brokenAt: 1, reason: 'no log entries for an existing request' } : {}) };
  return { ...verifyChain(entries, sha256Hex, head?.log_head ?? null), entries };
}

export interface FileVerdict {
  ok: boolean;
  requests: number;
  entries: number;
  problems: Array<{ requestId: string; brokenAt?: number; reason: string }>;
}

/** Walks every request's chain, plus log rows whose request no longer exists (a deleted request row). */
export function verifyAllLogs(db: Database.Database): FileVerdict {
  const problems: FileVerdict['problems'] = [];
  let entries = 0;
  const ids = db.prepare('SELECT id FROM requests ORDER BY created_at_ms').pluck().all() as string[];
  for (const id of ids) {
    const v = verifyRequestLog(db, id);
    entries += v.entries.length;
    if (!v.ok) problems.push({ requestId: id, brokenAt: v.brokenAt, reason: v.reason ?? 'broken' });
  }
  const orphans = db.prepare('SELECT DISTINCT request_id FROM log WHERE request_id NOT IN (SELECT id FROM requests)').pluck().all() as string[];
  for (const id of orphans) problems.push({ requestId: id, reason: 'log entries for a request that is missing (request row deleted)' });
  return { ok: problems.length === 0, requests: ids.length, entries, problems };
}
