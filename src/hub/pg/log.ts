// The decision log on PostgreSQL: its key (the same file on every replica), signed checkpoints, a request's entries.
import type { LogEntry } from '../../shared/domain.js';
import { GENESIS_HASH, verifyChain, type ChainVerdict } from '../../shared/log-chain.js';
import { createSigningKeyFile, entrySignatureValid, foldLogHead, readSigningKeyFile, signCheckpoint, type Checkpoint, type LogSigningKey } from '../../node-shared/log-signing.js';
import { sha256Hex } from '../../node-shared/sha256.js';
import type { Queryable } from './pool.js';
import { rowToEntry, type LogRow } from '../log/node-chain.js';

/**
 * Loads the key, or makes one for a database with no signed log yet. Refuses a missing or other key once the log is
 * signed: every replica must run with a copy of the same key file (docs/deploy.md).
 */
export async function openPgLogSigning(c: Queryable, file: string): Promise<LogSigningKey> {
  const last = (await c.query('SELECT key_id FROM log_checkpoints ORDER BY seq DESC LIMIT 1')).rows[0] as { key_id: string } | undefined;
  const signed = (await c.query('SELECT 1 FROM log WHERE sig IS NOT NULL LIMIT 1')).rows.length > 0;
  const pinned = async () => ((await c.query('SELECT log_key_id FROM hub_head')).rows[0] as { log_key_id: string | null }).log_key_id;
  const expected = last?.key_id ?? (await pinned());
  let key: LogSigningKey | null;
  try {
    key = readSigningKeyFile(file);
  } catch (e) {
    throw new Error(`cannot read the log signing key ${file}: ${(e as Error).message}`);
  }
  if (!key) {
    if (expected || signed)
      throw new Error(`the log signing key ${file} is missing, but this database's log is signed${expected ? ` by key ${expected}` : ''}: copy that key file to every replica`);
    try {
      key = createSigningKeyFile(file);
    } catch (e) {
      // Replicas on one host starting together: another one wrote it first.
      if ((e as { code?: string }).code !== 'EEXIST') throw e;
      key = readSigningKeyFile(file)!;
    }
  }
  // The first start pins its key; a replica with another key is refused before it signs anything.
  await c.query('UPDATE hub_head SET log_key_id = $1 WHERE log_key_id IS NULL', [key.keyId]);
  const want = last?.key_id ?? (await pinned());
  if (want !== key.keyId)
    throw new Error(`the log signing key ${file} is key ${key.keyId}, but this database's log is signed by key ${want}: every replica needs the same key file`);
  return key;
}

/**
 * Signs a checkpoint over every entry since the last one, after checking each one's signature (the hub never signs
 * over an entry it did not sign). Log positions are assigned in commit order, so every position up to the newest
 * visible one is committed; two replicas checkpointing at once write the same row once.
 */
export async function writePgCheckpoint(c: Queryable, key: LogSigningKey, now = new Date()): Promise<Checkpoint | null> {
  const last = ((await c.query('SELECT seq, head FROM log_checkpoints ORDER BY seq DESC LIMIT 1')).rows[0] as { seq: number; head: string } | undefined) ?? {
    seq: 0,
    head: GENESIS_HASH,
  };
  const rows = (await c.query('SELECT id, request_id AS "requestId", seq, hash, sig FROM log WHERE id > $1 ORDER BY id', [last.seq])).rows as Array<{
    id: number;
    requestId: string;
    seq: number;
    hash: string;
    sig: string | null;
  }>;
  if (rows.length === 0) return null;
  let head = last.head;
  for (const r of rows) {
    if (!entrySignatureValid(key, r, r.sig)) {
      process.stderr.write(`countersign hub: not checkpointing the log: entry ${r.seq} of request ${r.requestId} (log position ${r.id}) is not signed by this hub\n`);
      return null;
    }
    head = foldLogHead(head, r.hash);
  }
  const cp = signCheckpoint(key, { seq: rows[rows.length - 1]!.id, head, at: now.toISOString() });
  await c.query('INSERT INTO log_checkpoints (seq, head, at, key_id, signature) VALUES ($1,$2,$3,$4,$5) ON CONFLICT (seq) DO NOTHING', [
    cp.seq,
    cp.head,
    cp.at,
    cp.keyId,
    cp.signature,
  ]);
  return cp;
}

export async function listPgCheckpoints(c: Queryable): Promise<Checkpoint[]> {
  return (await c.query('SELECT seq, head, at, key_id AS "keyId", signature FROM log_checkpoints ORDER BY seq')).rows as Checkpoint[];
}

export async function pgRequestLog(c: Queryable, requestId: string): Promise<ChainVerdict & { entries: LogEntry[] }> {
  const rows = (await c.query('SELECT * FROM log WHERE request_id = $1 ORDER BY seq', [requestId])).rows as LogRow[];
  const entries: LogEntry[] = rows.map(rowToEntry);
  const head = (await c.query('SELECT log_head FROM requests WHERE id = $1', [requestId])).rows[0] as { log_head: string } | undefined;
  if (entries.length === 0) return { ok: !head, checked: 0, entries, ...(head ? { brokenAt: 1, reason: 'no log entries for an existing request' } : {}) };
  return { ...verifyChain(entries, sha256Hex, head?.log_head ?? null), entries };
}
