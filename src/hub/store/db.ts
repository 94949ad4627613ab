// Opens the hub's SQLite file (WAL) and brings its schema up to date.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { privateDir, privateSqlite } from '../../node-shared/private-files.js';
import { migrateOrClose } from '../../node-shared/sqlite-migrations.js';
import { MIGRATIONS } from './migrations/index.js';

export const HUB_DB_FILE = 'hub.db';

export function openHubDb(dataDir: string): Database.Database {
  // The decision log and tokens' hashes are the operator's alone: 0700 dir, 0600 files, at every start.
  privateDir(dataDir);
  const file = join(dataDir, HUB_DB_FILE);
  privateSqlite(file);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode survives a killed process (the OS holds the written pages); only power loss can drop the last commits.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  // Fewer, larger checkpoints: each one fsyncs, which costs more than the commits between them on a busy disk.
  db.pragma('wal_autocheckpoint = 8000');
  // A 10,000-decision batch touches tens of MB of pages; a small cache would spill them to the WAL mid-transaction.
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  db.pragma('foreign_keys = ON');
  return migrateOrClose(db, MIGRATIONS);
}
