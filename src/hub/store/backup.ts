// Backup and restore of a SQLite hub (docs/deploy.md). A backup is SQLite's online backup of hub.db, safe while the
// hub runs and takes writes; a restore checks the copy before it replaces anything, and only on a stopped hub (it
// takes the data-dir lock the hub holds). The log signing key is never in the copy: it lives outside the database on
// purpose (docs/security.md, item 9) and is backed up on its own.
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { privateDir, privateFiles, privateSqlite } from '../../node-shared/private-files.js';
import { verifyAllLogs } from '../log/node-chain.js';
import { lockDataDir } from './data-dir-lock.js';
import { HUB_DB_FILE, openHubDb } from './db.js';

export interface BackupSummary {
  file: string;
  requests: number;
  logEntries: number;
}

/** Writes an online copy of the data dir's database to `out` (0600); refuses to overwrite an existing file. */
export async function backupHub(dataDir: string, out: string): Promise<BackupSummary> {
  if (!existsSync(join(dataDir, HUB_DB_FILE))) throw new Error(`no hub database in ${dataDir}`);
  if (existsSync(out)) throw new Error(`${out} exists: a backup never overwrites a file`);
  const db = openHubDb(dataDir);
  try {
    privateSqlite(out);
    rmSync(out);
    await db.backup(out);
    privateFiles([out]);
  } finally {
    db.close();
  }
  return { file: out, ...checkBackup(out) };
}

/** Opens a copy read-only and checks it: SQLite's integrity check and every request's hash chain. */
function checkBackup(file: string): { requests: number; logEntries: number } {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw new Error(`${file} is not a readable SQLite database: ${(e as Error).message}`);
  }
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`${file} fails SQLite's integrity check: ${String(integrity)}`);
    const hasSchema = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name IN ('requests', 'log')").all().length === 2;
    if (!hasSchema) throw new Error(`${file} is not a Countersign hub database (no requests and log tables)`);
    const chains = verifyAllLogs(db);
    if (!chains.ok)
      throw new Error(`${file} holds a broken log (${chains.problems.length} problems, first: request ${chains.problems[0]!.requestId}: ${chains.problems[0]!.reason})`);
    return { requests: chains.requests, logEntries: chains.entries };
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_NOTADB') throw new Error(`${file} is not a SQLite database`);
    throw e;
  } finally {
    db.close();
  }
}

/**
 * Replaces the data dir's database with a checked backup. Refuses while a hub runs on the dir (the lock), and moves
 * the current database aside (hub.db.before-restore-<time>) instead of deleting it. Signatures are checked when the
 * hub next starts and by verify-log, with the key file the operator restores beside it.
 */
export function restoreHub(dataDir: string, from: string, now = new Date()): BackupSummary & { previous: string | null } {
  const summary = checkBackup(from);
  privateDir(dataDir);
  const lock = lockDataDir(dataDir);
  try {
    const target = join(dataDir, HUB_DB_FILE);
    let previous: string | null = null;
    if (existsSync(target)) {
      previous = `${target}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
      // A clean close of the old database folds its WAL into it first, so what is moved aside is complete.
      new Database(target).close();
      renameSync(target, previous);
      privateFiles([previous]);
    }
    for (const side of [`${target}-wal`, `${target}-shm`]) rmSync(side, { force: true });
    privateSqlite(target);
    copyFileSync(from, target);
    privateFiles([target]);
    return { file: target, previous, ...summary };
  } finally {
    lock.release();
  }
}
