// The shared migration runner on real SQLite files: order, idempotency, newer files refused, failed steps rolled back;
// and both real schema histories (hub, console) applied from scratch.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, migrateOrClose, type Migration } from '../../src/node-shared/sqlite-migrations.js';
import { MIGRATIONS as CONSOLE } from '../../src/core/store/migrations/index.js';
import { MIGRATIONS as HUB } from '../../src/hub/store/migrations/index.js';

let dir: string;
let file: string;
let db: Database.Database;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cs-migrate-'));
  file = join(dir, 'test.sqlite');
  db = new Database(file);
});
afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

const version = (d: Database.Database) => d.pragma('user_version', { simple: true });
const tables = (d: Database.Database) => d.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all();

const STEPS: Migration[] = [
  { version: 1, name: 'notes', sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)' },
  { version: 2, name: 'seed a note', up: (d) => d.prepare('INSERT INTO notes (body) VALUES (?)').run('hello') },
  { version: 3, name: 'tags', sql: 'CREATE TABLE tags (note_id INTEGER NOT NULL, tag TEXT NOT NULL)' },
];

describe('migrate', () => {
  it('applies every step in order and records the last in user_version', () => {
    expect(migrate(db, STEPS.slice(0, 2))).toBe(2);
    expect(version(db)).toBe(2);
    expect(migrate(db, STEPS)).toBe(1); // only the new one
    expect(version(db)).toBe(3);
    expect(tables(db)).toEqual(['notes', 'tags']);
    expect(db.prepare('SELECT body FROM notes').pluck().all()).toEqual(['hello']);
  });

  it('is a no-op the second time, also from another connection to the same file', () => {
    migrate(db, STEPS);
    expect(migrate(db, STEPS)).toBe(0);
    const other = new Database(file);
    expect(migrate(other, STEPS)).toBe(0);
    other.close();
    expect(db.prepare('SELECT count(*) FROM notes').pluck().get()).toBe(1);
  });

  it('refuses a file written by newer code, naming the file and both versions', () => {
    migrate(db, STEPS);
    expect(() => migrate(db, STEPS.slice(0, 2))).toThrow(`${file} has schema version 3, newer than this build knows (2)`);
    expect(version(db)).toBe(3);
  });

  it('rolls a failing step back whole and leaves user_version where it was', () => {
    const failing: Migration = {
      version: 3,
      name: 'half done',
      up: (d) => {
        d.exec('CREATE TABLE tags (tag TEXT)');
        throw new Error('disk on fire');
      },
    };
    expect(() => migrate(db, [...STEPS.slice(0, 2), failing])).toThrow(/Migration 3 \(half done\) failed on .*: disk on fire/);
    expect(version(db)).toBe(2);
    expect(tables(db)).toEqual(['notes']);
    expect(migrate(db, STEPS)).toBe(1); // the fixed step then applies
  });

  it('rejects a list that is not numbered 1..N before touching the file', () => {
    expect(() => migrate(db, [STEPS[0]!, STEPS[2]!])).toThrow(/out of order: "tags" has version 3 at position 2/);
    expect(() => migrate(db, [STEPS[1]!])).toThrow(/out of order/);
    expect(version(db)).toBe(0);
    expect(tables(db)).toEqual([]);
  });

  it('migrateOrClose closes the handle when the upgrade is refused', () => {
    migrate(db, STEPS);
    expect(() => migrateOrClose(db, STEPS.slice(0, 1))).toThrow(/newer than this build knows/);
    expect(db.open).toBe(false);
  });
});

describe('the shipped histories', () => {
  it.each([
    ['console', CONSOLE],
    ['hub', HUB],
  ])('the %s schema applies from scratch, then is a no-op', (_name, list) => {
    expect(migrate(db, list)).toBe(list.length);
    expect(version(db)).toBe(list.length);
    expect(migrate(db, list)).toBe(0);
    expect(db.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'insight_facts'`).pluck().get()).toBe(1);
  });
});
