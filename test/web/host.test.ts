// Browser mode over real HTTP and a real WebSocket: the gate (launch code, session, Host, Origin), headers, and the RPC wire format.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebHost, type WebHost } from '../../src/web-host/host.js';
import { rawDataText } from '../../src/web-host/ws-rpc.js';
import { exchange, http, openWs, sessionFor } from './session.js';

let host: WebHost;
let dir: string;
let session: string;

const get = (path: string, headers: Record<string, string> = {}) => http(host.port, path, { headers });
const appOrigin = () => ({ origin: `http://127.0.0.1:${host.port}` });

function rpc(ws: WebSocket, msg: unknown): Promise<any> {
  return new Promise((resolve) => {
    const onMsg = (data: WebSocket.RawData) => {
      const m = JSON.parse(rawDataText(data));
      if (m.t === 'result') {
        ws.off('message', onMsg);
        resolve(m);
      }
    };
    ws.on('message', onMsg);
    ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cs-web-'));
  const renderer = join(dir, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Countersign</title><script type="module" src="/assets/app.js"></script>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log("app")');
  host = await startWebHost({ dataDir: join(dir, 'data'), embedded: false, demo: false, seedItems: 300, rendererDir: renderer });
  session = await sessionFor(host.url);
});
afterAll(async () => {
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('browser mode gate', () => {
  it('prints a loopback launch URL with a long random code, and sets no cookie anywhere', async () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?launch=[A-Za-z0-9_-]{32}$/);
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Countersign</title>');
    expect(page.headers['set-cookie']).toBeUndefined();
    const fresh = host.newLaunchUrl();
    expect((await get(new URL(fresh).pathname + new URL(fresh).search)).headers['set-cookie']).toBeUndefined();
    const traded = await exchange(fresh);
    expect(traded.status).toBe(200);
    expect(traded.headers['set-cookie']).toBeUndefined();
    expect(traded.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(traded.body)).toEqual({ session: host.token });
  });

  it('accepts a launch code once: the URL read back from history is dead', async () => {
    const url = host.newLaunchUrl();
    expect((await exchange(url)).status).toBe(200);
    const again = await exchange(url);
    expect(again.status).toBe(401);
    expect(again.body).not.toContain(host.token);
    expect((await exchange(`http://127.0.0.1:${host.port}/?launch=nope`)).status).toBe(401);
  });

  it('trades a launch code only from the app Origin (none or another port: 403, and the code stays unknown to them)', async () => {
    const url = host.newLaunchUrl();
    expect((await exchange(url, null)).status).toBe(403);
    expect((await exchange(url, `http://127.0.0.1:${host.port + 1}`)).status).toBe(403);
    expect((await exchange(url, 'http://evil.example')).status).toBe(403);
    expect((await exchange(url)).status).toBe(200);
  });

  it('refuses a malformed or oversized exchange with 400 and anything but POST with 405', async () => {
    const post = (body: string) => http(host.port, '/session', { method: 'POST', headers: { ...appOrigin(), 'content-type': 'application/json' }, body });
    expect((await post('{not json')).status).toBe(400);
    expect((await post('{"launch": 5}')).status).toBe(400);
    expect((await post(JSON.stringify({ launch: 'x'.repeat(500) }))).status).toBe(400);
    expect((await get('/session', appOrigin())).status).toBe(405);
  });

  it('tells the page whether its session is still the host one (204 / 401), only from the app Origin', async () => {
    const check = (body: unknown, origin: Record<string, string> = appOrigin()) =>
      http(host.port, '/session/check', { method: 'POST', headers: { ...origin, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await check({ session })).status).toBe(204);
    const stale = await check({ session: 'a-credential-from-before-a-restart' });
    expect(stale.status).toBe(401);
    expect(stale.body).toContain('restarted');
    expect((await check({ session }, {})).status).toBe(403);
    expect((await check({ session }, { origin: `http://127.0.0.1:${host.port + 1}` })).status).toBe(403);
    expect((await check({ session: 5 })).status).toBe(400);
    expect((await get('/session/check', appOrigin())).status).toBe(405);
  });

  it('lets a launch code expire', async () => {
    const short = await startWebHost({ dataDir: join(dir, 'data-short'), embedded: false, demo: false, rendererDir: join(dir, 'renderer'), launchTtlMs: 300 });
    try {
      await new Promise((r) => setTimeout(r, 600));
      expect((await exchange(short.url)).status).toBe(401);
      expect((await exchange(short.newLaunchUrl())).status).toBe(200);
    } finally {
      await short.close();
    }
  });

  it('sends a strict CSP, nosniff and no-referrer', async () => {
    const r = await get('/');
    const csp = String(r.headers['content-security-policy']);
    for (const part of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      `connect-src 'self' ws://127.0.0.1:${host.port} ws://localhost:${host.port}`,
      "img-src 'self' data:",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ])
      expect(csp).toContain(part);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
  });

  it('answers 403 to a foreign Host or Origin', async () => {
    expect((await get('/', { host: `evil.example:${host.port}` })).status).toBe(403);
    expect((await get('/', { host: `127.0.0.1:${host.port + 1}` })).status).toBe(403);
    expect((await get('/', { origin: 'http://evil.example' })).status).toBe(403);
    expect((await get('/', { host: `localhost:${host.port}` })).status).toBe(200);
  });

  it('answers 405 to anything but GET/HEAD', async () => {
    expect((await http(host.port, '/', { method: 'POST', body: 'x' })).status).toBe(405);
  });

  it('does not serve files outside the renderer folder', async () => {
    const r = await get('/..%2f..%2fdata%2fsecrets.json');
    expect([404, 200]).toContain(r.status);
    expect(r.body).not.toContain('source:');
  });
});

describe('WebSocket /ws', () => {
  it('refuses the upgrade without the app Origin (403) and without the session credential (401)', async () => {
    await expect(openWs(host.port, session, {})).rejects.toThrow('HTTP 403'); // no Origin: a non-browser client
    await expect(openWs(host.port, session, { origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(openWs(host.port, session, { origin: `http://127.0.0.1:${host.port + 1}` })).rejects.toThrow('HTTP 403'); // another loopback port
    await expect(openWs(host.port, session, { ...appOrigin(), host: `evil.example:${host.port}` })).rejects.toThrow('HTTP 403');
    await expect(openWs(host.port, null)).rejects.toThrow('HTTP 401');
    await expect(openWs(host.port, 'wrong')).rejects.toThrow('HTTP 401');
    // What used to work: the old cookie carries nothing now.
    await expect(openWs(host.port, null, { ...appOrigin(), cookie: `countersign_token=${session}` })).rejects.toThrow('HTTP 401');
    const ws = await openWs(host.port, session);
    expect(ws.protocol).toBe('countersign'); // the answer never echoes the credential
    ws.close();
  });

  it('answers calls in the wire format and refuses invalid input with invalid_input', async () => {
    const ws = await openWs(host.port, session);
    try {
      const ok = await rpc(ws, { t: 'call', id: 1, method: 'queue.list', input: { lane: 'approvals', limit: 5 } });
      expect(ok).toMatchObject({ t: 'result', id: 1, ok: true });
      expect(ok.output.items).toHaveLength(5);
      expect(ok.output.total).toBeGreaterThan(100);

      const bad = await rpc(ws, { t: 'call', id: 2, method: 'queue.list', input: { lane: 'nope', limit: -1 } });
      expect(bad).toMatchObject({ t: 'result', id: 2, ok: false, error: { code: 'invalid_input' } });
      expect(bad.error.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['lane', 'limit']));

      const unknown = await rpc(ws, { t: 'call', id: 3, method: 'constructor', input: {} });
      expect(unknown).toMatchObject({ id: 3, ok: false, error: { code: 'invalid_input' } });

      const garbage = await rpc(ws, '{not json');
      expect(garbage).toMatchObject({ t: 'result', id: null, ok: false, error: { code: 'invalid_input' } });

      const shape = await rpc(ws, { t: 'cal', id: 4 });
      expect(shape).toMatchObject({ id: 4, ok: false, error: { code: 'invalid_input' } });

      const missing = await rpc(ws, { t: 'call', id: 5, method: 'item.get', input: { id: 'nope:nope' } });
      expect(missing).toMatchObject({ id: 5, ok: false, error: { code: 'not_found' } });

      // Still alive after all of that.
      const counts = await rpc(ws, { t: 'call', id: 6, method: 'queue.counts' });
      expect(counts.ok).toBe(true);
      expect(counts.output.approvals + counts.output.escalations + counts.output.reviews + counts.output.audit).toBe(300);
    } finally {
      ws.close();
    }
  });

  it('closes a connection that sends more than 1 MiB, and keeps serving others', async () => {
    const big = await openWs(host.port, session);
    const closed = new Promise<number>((resolve) => big.once('close', (code) => resolve(code)));
    big.send(JSON.stringify({ t: 'call', id: 1, method: 'queue.list', input: { search: 'x'.repeat(2 * 1024 * 1024) } }));
    expect(await closed).toBe(1009);
    const ws = await openWs(host.port, session);
    try {
      expect((await rpc(ws, { t: 'call', id: 2, method: 'app.info' })).output).toMatchObject({ mode: 'browser', secretStorage: 'file-0600' });
    } finally {
      ws.close();
    }
  });

  it('pushes queue.changed events after a decision', async () => {
    const ws = await openWs(host.port, session);
    try {
      const list = await rpc(ws, { t: 'call', id: 1, method: 'queue.list', input: { lane: 'approvals', limit: 1 } });
      const id = list.output.items[0].id;
      const event = new Promise<any>((resolve) =>
        ws.on('message', (d) => {
          const m = JSON.parse(rawDataText(d));
          if (m.t === 'event' && m.event === 'queue.changed') resolve(m);
        }),
      );
      const decided = await rpc(ws, { t: 'call', id: 2, method: 'item.decide', input: { id, verdict: 'approve' } });
      expect(decided.ok).toBe(true);
      expect(decided.output.lane).toBe('decided');
      expect(decided.output.localDecision.syncState).toBe('local');
      const ev = await event;
      expect(ev.payload.decided).toBeGreaterThanOrEqual(1);
      expect(ev.payload.outbox).toBeGreaterThanOrEqual(1);
    } finally {
      ws.close();
    }
  });
});
