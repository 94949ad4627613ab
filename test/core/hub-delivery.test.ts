// The hub source counts a decision as synced only when the hub says `accepted` (or `duplicate`) AND its request holds
// that decision. A hub that answers "accepted" while holding nothing (imitated by a tiny HTTP server: no real hub does
// this, which is why it is imitated) leaves the decision failed on the item, the item back in Approvals, the reason shown.
import { createServer, type Server } from 'node:http';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { request as req } from './fixtures.js';
import { makeCore, waitFor } from './helpers.js';

let server: Server;
let url: string;
const posted: unknown[] = [];

beforeAll(async () => {
  server = createServer((r, res) => {
    const u = new URL(r.url ?? '/', 'http://x');
    const json = (status: number, body: unknown) => (res.writeHead(status, { 'content-type': 'application/json' }), res.end(JSON.stringify(body)));
    if (u.pathname === '/v1/changes') {
      const changes = u.searchParams.get('after') === '0' ? [{ cursor: 1, kind: 'created', request: req({ id: 'wire-1' }) }] : [];
      return json(200, { changes, next: 1, hasMore: false });
    }
    if (u.pathname === '/v1/decisions' && r.method === 'POST') {
      let body = '';
      r.on('data', (c: Buffer) => (body += c.toString()));
      r.on('end', () => {
        const { decisions } = JSON.parse(body) as { decisions: Array<{ id: string; requestId: string }> };
        posted.push(...decisions);
        // "accepted", yet the request it returns is still pending with no decision: nothing took effect.
        json(200, { results: decisions.map((d) => ({ id: d.id, status: 'accepted', request: req({ id: d.requestId }) })) });
      });
      return;
    }
    return json(404, { error: 'not_found', message: 'no such route' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

it('an "accepted" whose request does not hold the decision is failed on the item, never synced', async () => {
  const { core, dataDir } = await makeCore();
  try {
    const src = await core.call('sources.add', { kind: 'hub', name: 'Forgetful hub', url, token: 't' });
    const id = `${src.id}:wire-1`;
    await waitFor('the item', async () => (await core.call('queue.list', { lane: 'approvals' })).items.some((i) => i.id === id));
    await core.call('item.decide', { id, verdict: 'approve' });
    const item = await waitFor('the push answered', async () => {
      const it = (await core.call('item.get', { id })).item;
      return it.localDecision?.syncState === 'failed' ? it : null;
    });
    expect(posted).toHaveLength(1);
    expect(item.localDecision!.decision.verdict).toBe('approve');
    expect(item.localDecision!.error).toBe('delivery failed at the source: the hub answered "accepted" but its request holds no decision');
    // Still pending at the hub: back in front of the approver, who can decide again.
    expect(item.lane).toBe('approvals');
    const status = await core.call('sync.status', {});
    expect(status.sources.find((s) => s.id === src.id)?.error).toMatch(/1 decision\(s\) did not take effect at the source/);
    const again = await core.call('item.decide', { id, verdict: 'reject', feedback: 'try the other way' });
    expect(again.localDecision?.decision.verdict).toBe('reject');
  } finally {
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
