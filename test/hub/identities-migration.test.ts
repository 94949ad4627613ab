// Migration 2 on a real v1 hub file: tokens become users (one per name, case-folded), requests learn who submitted them.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { migrate } from '../../src/node-shared/sqlite-migrations.js';
import { openHubDb } from '../../src/hub/store/db.js';
import { MIGRATIONS } from '../../src/hub/store/migrations/index.js';
import { TokenStore } from '../../src/hub/store/tokens.js';
import { sha256Hex } from '../../src/hub/log/node-chain.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('turns v1 tokens into users: same or case-folded names share one user; requests get requested_by_id', () => {
  dir = mkdtempSync(join(tmpdir(), 'countersign-mig-'));
  const v1 = new Database(join(dir, 'hub.db'));
  migrate(v1, MIGRATIONS.slice(0, 1));
  const ins = v1.prepare('INSERT INTO tokens (name, role, hash, created_at) VALUES (?,?,?,?)');
  ins.run('bot', 'agent', sha256Hex('tok-bot-aaaaaaaaaaaa'), '2026-01-01T00:00:00Z');
  ins.run('ann', 'approver', sha256Hex('tok-ann-aaaaaaaaaaaa'), '2026-01-01T00:00:00Z');
  ins.run('ANN', 'approver', sha256Hex('tok-ann2-aaaaaaaaaaa'), '2026-01-02T00:00:00Z');
  v1.prepare(
    `INSERT INTO requests (id, token_id, idem_key, body_hash, requested_by, action_class, control, sampled, status, agent_id, created_at_ms, version, cursor, last_change, base_json, log_head, log_count)
     VALUES ('r1', 1, 'k', 'h', 'bot', 'x', 'approval', 0, 'pending', 'bot', 0, 1, 1, 'created', '{}', 'g', 0)`,
  ).run();
  v1.close();

  const db = openHubDb(dir);
  try {
    const tokens = new TokenStore(db);
    const users = tokens.users.list().sort((a, b) => a.handle.localeCompare(b.handle));
    expect(users.map((u) => [u.handle, u.kind])).toEqual([
      ['ann', 'user'],
      ['bot', 'agent'],
    ]);
    const a = tokens.authenticate('tok-ann-aaaaaaaaaaaa');
    const b = tokens.authenticate('tok-ann2-aaaaaaaaaaa');
    expect(a.ok && b.ok && a.identity.userId === b.identity.userId).toBe(true);
    expect(db.prepare("SELECT requested_by_id FROM requests WHERE id = 'r1'").pluck().get()).toBe(users[1]!.id);
  } finally {
    db.close();
  }
});
