// verify-log's signature half: every entry signed by the trusted key, every checkpoint (the database's and any
// exported ones given on the command line) signed by it and matching what the log folds to at its position.
import type Database from 'better-sqlite3';
import { GENESIS_HASH } from '../../shared/log-chain.js';
import { checkpointSignatureValid, entrySignatureValid, foldLogHead, type Checkpoint, type LogPublicKey } from '../../node-shared/log-signing.js';
import { CHECKPOINT_EVERY, listCheckpoints } from './signer.js';

interface SignatureProblem {
  /** The request and entry seq an entry problem is about. */
  requestId?: string;
  brokenAt?: number;
  /** The log position of the checkpoint a checkpoint problem is about. */
  checkpoint?: number;
  reason: string;
}

export interface SignatureVerdict {
  ok: boolean;
  problems: SignatureProblem[];
  checkpoints: number;
  anchored: number;
  /** Entries after the last valid checkpoint: signed one by one, not yet covered by a checkpoint. */
  unCheckpointed: number;
}

interface Row {
  id: number;
  requestId: string;
  seq: number;
  hash: string;
  sig: string | null;
}

export function verifyLogSignatures(db: Database.Database, key: LogPublicKey, anchored: Checkpoint[] = []): SignatureVerdict {
  const problems: SignatureProblem[] = [];
  const stored = listCheckpoints(db);
  const wanted: Array<{ c: Checkpoint; from: string }> = [];
  for (const [list, from] of [
    [stored, 'checkpoint'],
    [anchored, 'anchored checkpoint'],
  ] as const) {
    for (const c of list) {
      if (checkpointSignatureValid(key, c)) wanted.push({ c, from });
      else problems.push({ checkpoint: c.seq, reason: `${from} at log position ${c.seq} is not signed by key ${key.keyId} (edited, or made with another key)` });
    }
  }
  wanted.sort((a, b) => a.c.seq - b.c.seq);

  const badRequests = new Set<string>();
  let head = GENESIS_HASH;
  let lastId = 0;
  let next = 0;
  const resolve = (upTo: number) => {
    for (; next < wanted.length && wanted[next]!.c.seq < upTo; next++) compare(wanted[next]!, head, lastId, problems);
  };
  for (const r of db.prepare('SELECT id, request_id AS requestId, seq, hash, sig FROM log ORDER BY id').iterate() as IterableIterator<Row>) {
    resolve(r.id);
    if (!badRequests.has(r.requestId) && !entrySignatureValid(key, r, r.sig)) {
      badRequests.add(r.requestId);
      problems.push({
        requestId: r.requestId,
        brokenAt: r.seq,
        reason: r.sig ? 'signature does not match the entry (rewritten and the chain recomputed)' : 'entry is not signed by the hub',
      });
    }
    head = foldLogHead(head, r.hash);
    lastId = r.id;
  }
  resolve(Infinity);

  const lastValid = wanted.filter((w) => w.from === 'checkpoint').reduce((m, w) => Math.max(m, w.c.seq), 0);
  const unCheckpointed = (db.prepare('SELECT count(*) FROM log WHERE id > ?').pluck().get(lastValid) as number) ?? 0;
  if (unCheckpointed > CHECKPOINT_EVERY)
    problems.push({
      checkpoint: lastValid,
      reason: `${unCheckpointed} entries after log position ${lastValid} have no checkpoint, though the hub writes one every ${CHECKPOINT_EVERY} (checkpoints removed?)`,
    });
  return { ok: problems.length === 0, problems, checkpoints: stored.length, anchored: anchored.length, unCheckpointed };
}

function compare(w: { c: Checkpoint; from: string }, head: string, lastId: number, problems: SignatureProblem[]): void {
  const { c, from } = w;
  if (c.seq > lastId) problems.push({ checkpoint: c.seq, reason: `the log has no entry at position ${c.seq}, where the ${from} of ${c.at} ends: entries were removed` });
  else if (c.head !== head)
    problems.push({
      checkpoint: c.seq,
      reason: `the log up to position ${c.seq} does not match the ${from} signed at ${c.at}: an entry at or before it was rewritten, removed or reordered`,
    });
}
