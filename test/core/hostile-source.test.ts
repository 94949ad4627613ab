// A broken or hostile hub (an EXTERNAL peer, imitated by a tiny HTTP server here): malformed changes are skipped
// with a clear logged error, the other items land intact and byte-exact, and garbage answers never crash the core.
import { createServer, type Server } from 'node:http';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ConsoleCore } from '../../src/core/api.js';
import { request as req } from './fixtures.js';
import { makeCore, waitFor } from './helpers.js';

const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)> \u202Etxt.exe\u200B \u0000\u001b[31m ' + '😀'.repeat(1000) + 'y'.repeat(300_000);
// 5000 levels of nesting: JSON.stringify cannot even write it, so the test writes it by hand.
const DEEP_JSON = '{"d":'.repeat(5000) + '"bottom"' + '}'.repeat(5000);

let server: Server;
let url: string;
let garbageServed = 0;
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((r, res) => {
    const u = new URL(r.url ?? '/', 'http://x');
    hits.push(u.pathname + u.search);
    if (u.pathname === '/v1/changes') {
      const after = u.searchParams.get('after');
      if (after === '0') {
        const page = {
          changes: [
            { cursor: 1, kind: 'created', request: req({ id: 'good-1' }) },
            { cursor: 2, kind: 'created', request: { ...req({ id: 'no-summary' }), summary: undefined } },
            { cursor: 3, kind: 'created', request: req({ id: 'too-deep', action: { name: 'x', args: { deep: '__DEEP__' } } }) },
            { cursor: 4, kind: 'created', request: req({ id: 'hostile', summary: HOSTILE, action: { name: 'email.send', args: { body: HOSTILE, [HOSTILE.slice(0, 40)]: 1 } } }) },
            42,
            { cursor: 6, kind: 'created', request: { ...req({ id: 'bad-risk' }), risk: 'high' } },
          ],
          next: 6,
          hasMore: true,
        };
        const text = JSON.stringify(page).replace('"__DEEP__"', DEEP_JSON);
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(text);
      }
      if (after === '6' && garbageServed < 2) {
        garbageServed++;
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end('{"changes": [ this is not json');
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ changes: [{ cursor: 7, kind: 'created', request: req({ id: 'good-2' }) }], next: 7, hasMore: false }));
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    return res.end(JSON.stringify({ error: 'not_found', message: 'no such route' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

it('skips malformed changes with a clear error and keeps everything else intact', async () => {
  const logs: string[] = [];
  const { core, dataDir } = await makeCore({ log: (m) => logs.push(m) });
  try {
    const src = await core.call('sources.add', { kind: 'hub', name: 'Broken hub', url, token: 't' });
    const ids = async (c: ConsoleCore) => (await c.call('queue.list', { lane: 'approvals', limit: 100 })).items.map((i) => i.id.split(':')[1]).sort();
    await waitFor('good items after the garbage page', async () => (await ids(core)).includes('good-2'), 20_000);
    // Every unreadable request is a placeholder item (never dropped unseen) that cannot be decided.
    expect(await ids(core)).toEqual(['bad-risk', 'good-1', 'good-2', 'hostile', 'no-summary', 'too-deep', 'unreadable-0-4']);
    for (const bad of ['no-summary', 'too-deep', 'bad-risk', 'unreadable-0-4']) {
      const p = await core.call('item.get', { id: `${src.id}:${bad}` });
      expect(p.item.request.summary).toMatch(/^A request from Broken hub could not be shown: /);
      expect(p.item.allowedVerdicts).toEqual([]);
      await expect(core.call('item.decide', { id: `${src.id}:${bad}`, verdict: 'approve' })).rejects.toMatchObject({ code: expect.any(String) });
    }
    expect((await core.call('item.get', { id: `${src.id}:too-deep` })).item.request.summary).toContain('nested deeper than 256 levels');
    const hostile = (await core.call('item.get', { id: `${src.id}:hostile` })).item;
    expect(hostile.request.summary).toBe(HOSTILE);
    expect(hostile.request.action.args.body).toBe(HOSTILE);
    expect(Object.keys(hostile.request.action.args)).toContain(HOSTILE.slice(0, 40));
    const all = logs.join('\n');
    expect(all).toMatch(/skipped malformed change #1 \(request no-summary\): request.summary/);
    expect(all).toMatch(/skipped change #2 \(request too-deep\): action nested deeper than 256 levels/);
    expect(all).toMatch(/skipped malformed change #4/);
    expect(all).toMatch(/skipped malformed change #5 \(request bad-risk\): request.risk/);
    expect(all).toMatch(/not JSON/);
    const list = (await core.call('queue.list', { lane: 'approvals' })).items;
    expect(list.find((i) => i.id.endsWith(':hostile'))?.hasHiddenChars).toBe(true);
    // The garbage answers were retried, not fatal; the source is fine again afterwards (no SSE here: it polls).
    expect(garbageServed).toBe(2);
    expect(hits.some((h) => h.startsWith('/v1/stream'))).toBe(true);
  } finally {
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
