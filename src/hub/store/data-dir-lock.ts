// One hub process per data directory. The feed cursor, the live wake-ups and the expiry sweep live in the process, so
// a second hub on the same SQLite file would hand out cursors a console already read past (issue #12). The lock is an
// exclusive SQLite lock on a small side file, held for the process's life: the OS drops it when the process exits,
// even on SIGKILL, so a crash never leaves a stale lock behind (unlike a pid file).
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { privateSqlite } from '../../node-shared/private-files.js';

const LOCK_FILE = 'hub.lock';

export class DataDirLockedError extends Error {
  constructor(readonly dataDir: string) {
    super(`another Countersign hub is already running on ${dataDir}: stop it first, or give this one its own --data directory`);
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  release(): void;
}

export function lockDataDir(dataDir: string): DataDirLock {
  const file = join(dataDir, LOCK_FILE);
  privateSqlite(file);
  const db = new Database(file, { timeout: 0 });
  try {
    // BEGIN EXCLUSIVE takes the file's exclusive lock at once and holds it until this connection ends the transaction.
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
  } catch (e) {
    db.close();
    if ((e as { code?: string }).code === 'SQLITE_BUSY') throw new DataDirLockedError(dataDir);
    throw e;
  }
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      db.exec('ROLLBACK');
      db.close();
    },
  };
}
