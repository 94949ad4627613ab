// Two gateways may share one state file (two MCP clients starting the same config), and each save reads the file,
// merges and writes it back. Two saves at the same moment would both read the old file, and the later rename would
// lose the earlier one's change (a recorded definition, a pending call). A save therefore holds SQLite's exclusive
// lock on a side file (`<state file>.lock`) from its read to its rename. SQLite waits for it (its busy timeout) and
// the OS drops it when the process dies, even on SIGKILL, so a killed gateway never leaves a stale lock behind.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { privateSqlite } from '../node-shared/private-files.js';

/** How long a save waits for another gateway's save to finish (one save takes milliseconds). */
const WAIT_MS = 5_000;

export class StateLock {
  private db: Database.Database | null = null;

  constructor(private readonly stateFile: string) {}

  /** Runs `fn` while no other gateway saves the same state file. */
  hold<T>(fn: () => T): T {
    if (!this.db) {
      const file = `${this.stateFile}.lock`;
      mkdirSync(dirname(file), { recursive: true });
      privateSqlite(file);
      this.db = new Database(file, { timeout: WAIT_MS });
    }
    try {
      // BEGIN EXCLUSIVE takes the file's exclusive lock (waiting up to WAIT_MS) and holds it until the COMMIT.
      this.db.exec('BEGIN EXCLUSIVE');
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_BUSY')
        throw new Error(`another Countersign gateway held the lock on ${this.stateFile} for over ${WAIT_MS / 1000} s; this save was not written`);
      throw e;
    }
    try {
      return fn();
    } finally {
      this.db.exec('COMMIT');
    }
  }
}
