// Opens the console's SQLite file with the pragmas we rely on and brings its schema up to date.
import Database from 'better-sqlite3';
import { privateSqlite } from '../../node-shared/private-files.js';
import { migrate as runMigrations, migrateOrClose } from '../../node-shared/sqlite-migrations.js';
import { MIGRATIONS } from './migrations/index.js';

export type Db = Database.Database;

export interface OpenOptions {
  /** Path to an Electron-ABI build of better-sqlite3 (packaged app); Node uses the module's own build. */
  nativeBinding?: string;
}

export function openDatabase(file: string, opts: OpenOptions = {}): Db {
  privateSqlite(file);
  const db = new Database(file, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a committed transaction survives the process being killed (it is in the WAL via write()),
  // only an OS crash/power cut can lose the last ones. Decision writes raise this to FULL (see Store.recordDecision).
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return migrateOrClose(db, MIGRATIONS);
}

/** Brings the console's schema up to date (see node-shared/sqlite-migrations); returns how many ran. */
export function migrate(db: Db): number {
  return runMigrations(db, MIGRATIONS);
}
