// The exported checkpoint file: what an operator copies somewhere the hub's database writers cannot reach
// (another machine, a ticket, a transparency log), and later hands to verify-log as the anchor.
import type Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { LogSigningKey } from '../../node-shared/log-signing.js';
import { issuesSummary, zodIssues } from '../../shared/zod-issues.js';
import { listCheckpoints, writeCheckpoint } from './signer.js';

const FORMAT = 'countersign.log-checkpoints.v1';

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const CheckpointJson = z.object({
  seq: z.number().int().positive(),
  head: Hex64,
  at: z.string().max(64),
  keyId: z.string().max(64),
  signature: z.string().max(200),
});

export const CheckpointFile = z.object({
  format: z.literal(FORMAT),
  algorithm: z.literal('Ed25519'),
  keyId: z.string().max(64),
  publicKey: z.string().max(1000),
  checkpoints: z.array(CheckpointJson),
});
export type CheckpointFile = z.infer<typeof CheckpointFile>;

/** Checkpoints the tail first, so the export covers every entry written so far. */
export function exportCheckpoints(db: Database.Database, key: LogSigningKey): CheckpointFile {
  db.transaction(() => writeCheckpoint(db, key))();
  return { format: FORMAT, algorithm: 'Ed25519', keyId: key.keyId, publicKey: key.pem, checkpoints: listCheckpoints(db) };
}

export function readCheckpointFile(file: string): CheckpointFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read the checkpoint file ${file}: ${(e as Error).message}`);
  }
  const parsed = CheckpointFile.safeParse(raw);
  if (!parsed.success) throw new Error(`the checkpoint file ${file} is not a countersign checkpoint export: ${issuesSummary(zodIssues(parsed.error))}`);
  return parsed.data;
}
