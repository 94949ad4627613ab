// Migration 3 on a real v2 hub file (written by the v2 schema and a v2-shaped request): nothing is lost, old requests
// get the default rights and the hash of their action, and they decide exactly as before.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { migrate } from '../../src/node-shared/sqlite-migrations.js';
import { openHubDb } from '../../src/hub/store/db.js';
import { MIGRATIONS } from '../../src/hub/store/migrations/index.js';
import { sha256Hex } from '../../src/hub/log/node-chain.js';
import { canonicalJson } from '../../src/shared/log-chain.js';
import { DEFAULT_RIGHTS } from '../../src/shared/domain.js';
import { PolicyStore } from '../../src/hub/store/policy-store.js';
import { RequestStore } from '../../src/hub/store/requests.js';
import { TokenStore } from '../../src/hub/store/tokens.js';
import { decideBatch } from '../../src/hub/store/decide.js';
import { verifyRequestLog } from '../../src/hub/log/node-chain.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const action = { name: 'refund', args: { amount: 250, orderId: 'A1' } };
// What a v2 hub stored: no rights, votes, actionHash, pendingAction or onBehalfOf in the base.
const v2Base = {
  id: 'r1',
  source: 'hub',
  externalId: null,
  actionClass: 'refund.issue',
  action,
  summary: 'Refund A1',
  evidence: [],
  agent: { id: 'bot', name: 'bot', runUrl: null },
  requestedBy: 'bot',
  requestedById: 'u_bot',
  createdAt: '2026-11-30T10:00:00.000Z',
  expiresAt: '2099-01-01T00:00:00.000Z',
  control: 'approval',
  reasons: [],
  risk: 2,
};

it('keeps every row of a v2 file, backfills default rights and the action hash, and the old request decides as before', () => {
  dir = mkdtempSync(join(tmpdir(), 'countersign-mig3-'));
  const v2 = new Database(join(dir, 'hub.db'));
  migrate(v2, MIGRATIONS.slice(0, 2));
  v2.prepare("INSERT INTO users (id, kind, handle, handle_key, display_name, groups_json, created_at) VALUES ('u_bot','agent','bot','bot','bot','[]','2026-01-01')").run();
  v2.prepare("INSERT INTO users (id, kind, handle, handle_key, display_name, groups_json, created_at) VALUES ('u_ann','user','ann','ann','Ann','[]','2026-01-01')").run();
  v2.prepare("INSERT INTO tokens (name, role, hash, created_at, user_id) VALUES ('bot','agent',?, '2026-01-01','u_bot')").run(sha256Hex('tok-bot-aaaaaaaaaaaa'));
  v2.prepare("INSERT INTO tokens (name, role, hash, created_at, user_id) VALUES ('ann','approver',?, '2026-01-01','u_ann')").run(sha256Hex('tok-ann-aaaaaaaaaaaa'));
  v2.prepare(
    `INSERT INTO requests (id, token_id, idem_key, body_hash, requested_by, action_class, control, sampled, status, agent_id, created_at_ms, expires_at_ms, version, cursor, last_change, base_json, log_head, log_count, requested_by_id)
     VALUES ('r1', 1, 'k', 'h', 'bot', 'refund.issue', 'approval', 0, 'pending', 'bot', ?, ?, 1, 1, 'created', ?, ?, 0, 'u_bot')`,
  ).run(Date.parse(v2Base.createdAt), Date.parse(v2Base.expiresAt), JSON.stringify(v2Base), '0'.repeat(64));
  const before = v2.prepare('SELECT * FROM requests').all();
  const tokensBefore = v2.prepare('SELECT * FROM tokens').all();
  v2.close();

  const db = openHubDb(dir);
  try {
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    const tokens = new TokenStore(db);
    expect(db.prepare('SELECT id, name, role, hash, user_id FROM tokens').all()).toEqual(
      (tokensBefore as Array<Record<string, unknown>>).map(({ id, name, role, hash, user_id }) => ({ id, name, role, hash, user_id })),
    );
    const row = db.prepare('SELECT * FROM requests').get() as Record<string, unknown>;
    for (const [k, v] of Object.entries((before as Array<Record<string, unknown>>)[0]!)) if (k !== 'base_json') expect(row[k], k).toEqual(v);
    const store = new RequestStore(db, new PolicyStore(db));
    const r = store.get('r1')!;
    const hash = sha256Hex(canonicalJson(action));
    expect(r).toMatchObject({ ...v2Base, rights: DEFAULT_RIGHTS, actionHash: hash, votes: [], pendingAction: null, onBehalfOf: null, status: 'pending', version: 1 });
    expect(row.action_hash).toBe(hash);

    const ann = tokens.authenticate('tok-ann-aaaaaaaaaaaa');
    if (!ann.ok) throw new Error('ann not authenticated');
    const [res] = decideBatch(store, ann.identity, [
      { id: 'd-00000001', requestId: 'r1', verdict: 'approve', editedAction: null, feedback: '', decidedAt: new Date().toISOString(), actionHash: hash },
    ]);
    expect(res).toMatchObject({ status: 'accepted', request: { status: 'approved', decision: { decidedBy: 'ann' } } });
    expect(verifyRequestLog(db, 'r1').entries.map((e) => e.event)).toEqual(['decided']);
  } finally {
    db.close();
  }
});
