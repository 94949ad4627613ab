// The one schema-migration runner for every SQLite file we own (the hub's and the console's).
// Migrations are numbered 1..N and append-only; PRAGMA user_version records the last one a file has taken.
import type Database from 'better-sqlite3';

type Db = Database.Database;

/** One schema step. `sql` for plain DDL; `up` when a step needs code. Never edit a shipped one: add the next number. */
export type Migration = { version: number; name: string } & ({ sql: string; up?: never } | { up: (db: Db) => void; sql?: never });

/** Throws unless the list is numbered 1, 2, 3 … in order: a gap or a repeat would skip or re-run a step. */
function checkMigrations(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration list out of order: "${m.name}" has version ${m.version} at position ${i + 1}`);
  });
}

const userVersion = (db: Db): number => db.pragma('user_version', { simple: true }) as number;

/**
 * Applies every migration newer than the file's user_version, each in its own IMMEDIATE transaction that also
 * bumps user_version, so a failing step leaves the file exactly at the previous version. Returns how many ran.
 * Refuses a file from newer code: older code writing to a schema it does not know could corrupt it.
 */
export function migrate(db: Db, migrations: readonly Migration[]): number {
  checkMigrations(migrations);
  const latest = migrations.length;
  const found = userVersion(db);
  if (found > latest) {
    throw new Error(`${db.name} has schema version ${found}, newer than this build knows (${latest}): open it with a newer version`);
  }
  let applied = 0;
  for (const m of migrations.slice(found)) {
    const step = db.transaction(() => {
      // Another process may have taken this step while we waited for the write lock.
      if (userVersion(db) >= m.version) return false;
      if (m.up) m.up(db);
      else db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
      return true;
    });
    try {
      if (step.immediate()) applied++;
    } catch (err) {
      throw new Error(`Migration ${m.version} (${m.name}) failed on ${db.name}: ${(err as Error).message}`, { cause: err });
    }
  }
  return applied;
}

/** For openers: migrates a freshly opened handle, closing it if the upgrade is refused or fails. */
export function migrateOrClose(db: Db, migrations: readonly Migration[]): Db {
  try {
    migrate(db, migrations);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
