// The hub's log signing: the Ed25519 key kept in a file outside the database, a signature on every entry as it is
// appended, and signed checkpoints (every CHECKPOINT_EVERY entries, on a timer, at shutdown, on export).
import type Database from 'better-sqlite3';
import { GENESIS_HASH } from '../../shared/log-chain.js';
import {
  createSigningKeyFile,
  entrySignatureValid,
  foldLogHead,
  readSigningKeyFile,
  signCheckpoint,
  signEntries,
  signEntry,
  type Checkpoint,
  type LogSigningKey,
  type SignedEntryFields,
} from '../../node-shared/log-signing.js';
import { stmt } from '../store/statements.js';

/** A checkpoint at least every this many log entries, written in the transaction of the entry that reaches it. */
export const CHECKPOINT_EVERY = 100;
export const LOG_KEY_FILE = 'log-signing-key.pem';

const keys = new WeakMap<Database.Database, LogSigningKey>();
/** Entries this process appended since the last checkpoint (log id -> hash): no need to re-verify our own signature. */
const appended = new WeakMap<Database.Database, Map<number, string>>();

/**
 * Loads the key, or makes one on a hub's first start with signing (then signs the entries already there: trust on
 * first use, recorded by a checkpoint). Refuses a missing or swapped key once the log is signed: a new key would let
 * anyone who can write the database sign a rewritten log afresh.
 */
export function openLogSigning(db: Database.Database, file: string): LogSigningKey {
  const last = db.prepare('SELECT key_id FROM log_checkpoints ORDER BY seq DESC LIMIT 1').get() as { key_id: string } | undefined;
  const signed = db.prepare('SELECT 1 FROM log WHERE sig IS NOT NULL LIMIT 1').get() !== undefined;
  let key: LogSigningKey | null;
  try {
    key = readSigningKeyFile(file);
  } catch (e) {
    throw new Error(`cannot read the log signing key ${file}: ${(e as Error).message}`);
  }
  if (!key) {
    if (last || signed) throw new Error(`the log signing key ${file} is missing, but this hub's log is signed${last ? ` by key ${last.key_id}` : ''}: restore that file`);
    key = createSigningKeyFile(file);
    const k = key;
    db.transaction(() => {
      const rows = db.prepare('SELECT id, request_id AS requestId, seq, hash FROM log WHERE sig IS NULL ORDER BY id').all() as Array<SignedEntryFields & { id: number }>;
      for (const r of rows) stmt(db, 'UPDATE log SET sig = ? WHERE id = ?').run(signEntry(k, r), r.id);
      writeCheckpoint(db, k);
    })();
  } else if (last && last.key_id !== key.keyId) {
    throw new Error(`the log signing key ${file} is key ${key.keyId}, but this hub's log is signed by key ${last.key_id}: restore the original key file`);
  }
  keys.set(db, key);
  appended.set(db, new Map());
  return key;
}

/** Entries appended inside withSignedBatch, signed together when its function returns (log id and signed fields). */
const batches = new WeakMap<Database.Database, Array<SignedEntryFields & { id: number }>>();

/**
 * Runs `fn` (inside the caller's transaction) with the entries it appends signed by one signature at its end instead
 * of one each: a 10,000-decision batch costs three signatures, not 10,000. If `fn` throws, the transaction rolls the
 * unsigned rows back with it.
 */
export function withSignedBatch<T>(db: Database.Database, fn: () => T): T {
  if (!db.inTransaction) throw new Error('withSignedBatch runs inside a transaction: its unsigned rows must roll back with a failure');
  const key = keys.get(db);
  if (!key || batches.has(db)) return fn();
  const pending: Array<SignedEntryFields & { id: number }> = [];
  batches.set(db, pending);
  try {
    const out = fn();
    if (pending.length > 0) {
      const sigs = signEntries(key, pending);
      const update = stmt(db, 'UPDATE log SET sig = ? WHERE id = ?');
      pending.forEach((e, i) => update.run(sigs[i], e.id));
    }
    return out;
  } finally {
    batches.delete(db);
  }
}

/** The signature for an entry about to be appended: null for a database opened without a key (tools, tests), or
 *  inside withSignedBatch, which signs it when the batch ends (see afterAppend). */
export function signNewEntry(db: Database.Database, e: SignedEntryFields): string | null {
  const key = keys.get(db);
  return key && !batches.has(db) ? signEntry(key, e) : null;
}

/** After an append at log position `logId`: the every-N checkpoint, inside the caller's transaction. */
export function afterAppend(db: Database.Database, logId: number, e: SignedEntryFields): void {
  const key = keys.get(db);
  if (!key) return;
  batches.get(db)?.push({ ...e, id: logId });
  appended.get(db)!.set(logId, e.hash);
  if (logId % CHECKPOINT_EVERY === 0) writeCheckpoint(db, key);
}

/**
 * Signs a checkpoint over every entry since the last one; null when there is nothing new. Each folded entry's own
 * signature is checked first: the hub never signs over an entry it did not sign itself (a tail rewritten in the
 * database since), and says so instead.
 */
export function writeCheckpoint(db: Database.Database, key: LogSigningKey, now = new Date()): Checkpoint | null {
  const last = (stmt(db, 'SELECT seq, head FROM log_checkpoints ORDER BY seq DESC LIMIT 1').get() as { seq: number; head: string } | undefined) ?? { seq: 0, head: GENESIS_HASH };
  const rows = stmt(db, 'SELECT id, request_id AS requestId, seq, hash, sig FROM log WHERE id > ? ORDER BY id').all(last.seq) as Array<
    SignedEntryFields & { id: number; sig: string | null }
  >;
  if (rows.length === 0) return null;
  let head = last.head;
  const mine = appended.get(db);
  for (const r of rows) {
    // An id rolled back and reused holds another hash than the one we noted, so it is checked like any other.
    if (mine?.get(r.id) !== r.hash && !entrySignatureValid(key, r, r.sig)) {
      process.stderr.write(
        `countersign hub: not checkpointing the log: entry ${r.seq} of request ${r.requestId} (log position ${r.id}) is not signed by this hub; run verify-log\n`,
      );
      return null;
    }
    head = foldLogHead(head, r.hash);
  }
  const c = signCheckpoint(key, { seq: rows[rows.length - 1]!.id, head, at: now.toISOString() });
  stmt(db, 'INSERT OR IGNORE INTO log_checkpoints (seq, head, at, key_id, signature) VALUES (?,?,?,?,?)').run(c.seq, c.head, c.at, c.keyId, c.signature);
  if (mine) for (const id of mine.keys()) if (id <= c.seq) mine.delete(id);
  return c;
}

export function listCheckpoints(db: Database.Database): Checkpoint[] {
  return db.prepare('SELECT seq, head, at, key_id AS keyId, signature FROM log_checkpoints ORDER BY seq').all() as Checkpoint[];
}
