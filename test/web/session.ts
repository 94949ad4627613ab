// Browser mode's gate as a client sees it: trade a launch URL for the session, open /ws with the app's Origin.
import { request } from 'node:http';
import WebSocket from 'ws';

export interface Reply {
  status: number;
  headers: Record<string, unknown>;
  body: string;
}

export function http(port: number, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers ?? {} }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** POST /session with the launch URL's code, from `origin` (the app's by default). */
export function exchange(launchUrl: string, origin: string | null = new URL(launchUrl).origin): Promise<Reply> {
  const u = new URL(launchUrl);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (origin !== null) headers.origin = origin;
  return http(Number(u.port), '/session', { method: 'POST', headers, body: JSON.stringify({ launch: u.searchParams.get('launch') }) });
}

export async function sessionFor(launchUrl: string): Promise<string> {
  const r = await exchange(launchUrl);
  if (r.status !== 200) throw new Error(`session exchange: HTTP ${r.status} ${r.body}`);
  return (JSON.parse(r.body) as { session: string }).session;
}

/** Opens /ws; `session` null offers no credential; headers may set or drop (null) the Origin. */
export function openWs(port: number, session: string | null, headers: Record<string, string> = { origin: `http://127.0.0.1:${port}` }): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const protocols = session === null ? ['countersign'] : ['countersign', `countersign.session.${session}`];
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, protocols, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}
