// Items 5 and 9 on the console side: the core's item.decide refuses to approve an item whose decision log was
// altered at its source, so a caller over IPC or the browser-mode WebSocket (which skips the UI's disabled button)
// meets the same refusal. The hub's log is rewritten in its SQLite file with the sha256 chain and head recomputed,
// which only the hub's Ed25519 signatures reveal; and an imitated hub that says "verified" over unsigned entries
// is not believed.
import { createServer, type Server } from 'node:http';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleCore } from '../../src/core/api.js';
import { GENESIS_HASH, hashLogEntry } from '../../src/shared/log-chain.js';
import { sha256Hex } from '../../src/node-shared/sha256.js';
import { spawnHub, type HubProcess } from '../helpers/hub.js';
import { request as req } from './fixtures.js';
import { makeCore, submit, waitFor } from './helpers.js';

let hub: HubProcess;
let core: ConsoleCore;
let dataDir: string;
beforeAll(async () => {
  hub = await spawnHub();
  ({ core, dataDir } = await makeCore({ approverName: 'approver-1' }));
}, 60_000);
afterAll(async () => {
  await core.close();
  await hub.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A database writer without the key: edits the first entry, recomputes the request's chain and its stored head. */
function rewriteAndRechain(requestId: string): void {
  const db = new Database(join(hub.dataDir, 'hub.db'));
  const rows = db.prepare('SELECT * FROM log WHERE request_id = ? ORDER BY seq').all(requestId) as Array<{
    id: number;
    seq: number;
    event: string;
    actor: string;
    at: string;
    data_json: string;
  }>;
  rows[0]!.data_json = rows[0]!.data_json.replace('"amount":450', '"amount":45');
  let prev = GENESIS_HASH;
  for (const r of rows) {
    const hash = hashLogEntry(prev, { seq: r.seq, requestId, event: r.event as never, actor: r.actor, at: r.at, data: JSON.parse(r.data_json) }, sha256Hex);
    db.prepare('UPDATE log SET data_json = ?, prev_hash = ?, hash = ? WHERE id = ?').run(r.data_json, prev, hash, r.id);
    prev = hash;
  }
  db.prepare('UPDATE requests SET log_head = ? WHERE id = ?').run(prev, requestId);
  db.close();
}

describe('item.decide re-checks the decision log', () => {
  it('refuses approve and edit-approve on a rewritten, re-chained log; reject still works; an intact item approves', async () => {
    const src = await core.call('sources.add', { kind: 'hub', name: 'Hub', url: hub.url, token: hub.approverToken });
    const bad = await submit(hub.url, hub.agentToken);
    const good = await submit(hub.url, hub.agentToken);
    const badId = `${src.id}:${bad.id}`;
    const goodId = `${src.id}:${good.id}`;
    await waitFor('both items', async () => (await core.call('queue.list', { lane: 'approvals' })).items.length === 2);
    expect((await core.call('item.get', { id: badId })).logVerified).toBe(true);

    rewriteAndRechain(bad.id);
    // No item.get first: a caller straight to item.decide, as over the WebSocket.
    await expect(core.call('item.decide', { id: badId, verdict: 'approve' })).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('decision log of this item was altered'),
    });
    await expect(core.call('item.decide', { id: badId, verdict: 'approve_with_edits', editedAction: { name: 'refund.issue', args: { amount: 1 } } })).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect((await core.call('item.get', { id: badId })).logVerified).toBe(false);
    expect((await core.call('item.get', { id: badId })).item.localDecision).toBeNull();
    const rejected = await core.call('item.decide', { id: badId, verdict: 'reject', feedback: 'log altered, asking the agent again' });
    expect(rejected.localDecision?.decision.verdict).toBe('reject');
    const approved = await core.call('item.decide', { id: goodId, verdict: 'approve' });
    expect(approved.localDecision?.decision.verdict).toBe('approve');
  });
});

describe('the console checks signatures itself', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    const pem = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const entry = { seq: 1, requestId: 'lie-1', event: 'submitted' as const, actor: 'agent-1', at: '2026-01-01T00:00:00.000Z', data: { amount: 45 } };
    const hash = hashLogEntry(GENESIS_HASH, entry, sha256Hex);
    server = createServer((r, res) => {
      const u = new URL(r.url ?? '/', 'http://x');
      const json = (status: number, body: unknown) => (res.writeHead(status, { 'content-type': 'application/json' }), res.end(JSON.stringify(body)));
      if (u.pathname === '/v1/changes')
        return json(200, { changes: u.searchParams.get('after') === '0' ? [{ cursor: 1, kind: 'created', request: req({ id: 'lie-1' }) }] : [], next: 1, hasMore: false });
      if (u.pathname === '/v1/log/public-key') return json(200, { algorithm: 'Ed25519', keyId: '0123456789abcdef', publicKey: pem });
      // An intact chain, "verified", but no signature although the hub publishes a signing key.
      if (u.pathname === '/v1/requests/lie-1/log') return json(200, { entries: [{ ...entry, prevHash: GENESIS_HASH, hash }], verified: true });
      return json(404, { error: 'not_found', message: 'no such route' });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('an unsigned entry from a hub that signs is an altered log, whatever the hub says', async () => {
    const src = await core.call('sources.add', { kind: 'hub', name: 'Lying hub', url, token: 't' });
    const id = `${src.id}:lie-1`;
    await waitFor('the item', async () => (await core.call('queue.list', { lane: 'approvals' })).items.some((i) => i.id === id));
    expect((await core.call('item.get', { id })).logVerified).toBe(false);
    await expect(core.call('item.decide', { id, verdict: 'approve' })).rejects.toMatchObject({ code: 'forbidden' });
  });
});
