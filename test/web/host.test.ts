// Browser mode over real HTTP and a real WebSocket: the gate (token, Host, Origin), headers, and the RPC wire format.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebHost, type WebHost } from '../../src/web-host/host.js';
import { rawDataText } from '../../src/web-host/ws-rpc.js';

let host: WebHost;
let dir: string;

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function openWs(path: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}${path}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

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
});
afterAll(async () => {
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('browser mode gate', () => {
  it('prints a loopback URL with a long random token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
  });

  it('answers 401 without the token, or with a wrong one', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/?token=nope')).status).toBe(401);
    expect((await get('/assets/app.js')).status).toBe(401);
  });

  it('serves the page with the token, sets an HttpOnly SameSite=Strict cookie that then suffices', async () => {
    const first = await get(`/?token=${host.token}`);
    expect(first.status).toBe(200);
    expect(first.body).toContain('<title>Countersign</title>');
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const [pair = ''] = cookie.split(';');
    const again = await get('/assets/app.js', { cookie: pair });
    expect(again.status).toBe(200);
    expect(again.headers['content-type']).toMatch(/javascript/);
  });

  it('sends a strict CSP, nosniff and no-referrer', async () => {
    const r = await get(`/?token=${host.token}`);
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

  it('answers 403 to a foreign Host or Origin even with the token', async () => {
    expect((await get(`/?token=${host.token}`, { host: `evil.example:${host.port}` })).status).toBe(403);
    expect((await get(`/?token=${host.token}`, { host: `127.0.0.1:${host.port + 1}` })).status).toBe(403);
    expect((await get(`/?token=${host.token}`, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await get(`/?token=${host.token}`, { host: `localhost:${host.port}` })).status).toBe(200);
  });

  it('answers 405 to anything but GET/HEAD', async () => {
    const r = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: host.port, path: `/?token=${host.token}`, method: 'POST' }, (res) => (res.resume(), resolve(res.statusCode!)));
      req.on('error', reject);
      req.end('x');
    });
    expect(r).toBe(405);
  });

  it('does not serve files outside the renderer folder', async () => {
    const r = await get(`/..%2f..%2fdata%2fsecrets.json?token=${host.token}`);
    expect([404, 200]).toContain(r.status);
    expect(r.body).not.toContain('source:');
  });
});

describe('WebSocket /ws', () => {
  it('refuses the upgrade without the token (401) and with a foreign Origin or Host (403)', async () => {
    await expect(openWs('/ws')).rejects.toThrow('HTTP 401');
    await expect(openWs(`/ws?token=${host.token}`, { origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(openWs(`/ws?token=${host.token}`, { host: `evil.example:${host.port}` })).rejects.toThrow('HTTP 403');
  });

  it('answers calls in the wire format and refuses invalid input with invalid_input', async () => {
    const ws = await openWs(`/ws?token=${host.token}`, { origin: `http://127.0.0.1:${host.port}` });
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
    const big = await openWs(`/ws?token=${host.token}`);
    const closed = new Promise<number>((resolve) => big.once('close', (code) => resolve(code)));
    big.send(JSON.stringify({ t: 'call', id: 1, method: 'queue.list', input: { search: 'x'.repeat(2 * 1024 * 1024) } }));
    expect(await closed).toBe(1009);
    const ws = await openWs(`/ws?token=${host.token}`);
    try {
      expect((await rpc(ws, { t: 'call', id: 2, method: 'app.info' })).output).toMatchObject({ mode: 'browser', secretStorage: 'file-0600' });
    } finally {
      ws.close();
    }
  });

  it('pushes queue.changed events after a decision', async () => {
    const ws = await openWs(`/ws?token=${host.token}`);
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
