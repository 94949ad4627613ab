// Browser mode: the console served to a browser tab on 127.0.0.1 only, speaking the same contract as Electron's IPC
// over a WebSocket at /ws. The gate (launch code -> session credential, exact Origin) is in security.ts.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { z } from 'zod';
import { createConsoleCore, type ConsoleCore, type ConsoleCoreOptions } from '../core/api.js';
import { FileSecretStore } from '../core/secrets/secret-store.js';
import { seedSyntheticItems } from '../core/seed.js';
import { foreignRequest, isSession, LaunchCodes, missingAppOrigin, securityHeaders, sessionOfUpgrade, WS_PROTOCOL } from './security.js';
import { resolveStatic, sendFile } from './static.js';
import { forwardEvents, handleMessage, MAX_WS_MESSAGE_BYTES } from './ws-rpc.js';

const SessionRequest = z.object({ launch: z.string().max(200) });
const SessionCheck = z.object({ session: z.string().max(200) });
const MAX_SESSION_BODY_BYTES = 1024;
const DEFAULT_LAUNCH_TTL_MS = 5 * 60_000;

const DEFAULT_RENDERER_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../out/renderer');

export interface WebHostOptions {
  dataDir: string;
  port?: number;
  embedded?: boolean;
  demo?: boolean;
  seedItems?: number;
  approverName?: string;
  rendererDir?: string;
  /** Fixed session credential (tests that restart the host under an open page); default: 32 random bytes. */
  token?: string;
  /** How long a launch code stays valid (default 5 minutes); each is accepted once. */
  launchTtlMs?: number;
  timing?: ConsoleCoreOptions['timing'];
  log?: (m: string) => void;
}

export interface WebHost {
  /** The launch URL: `/?launch=<code>`, good for one page load within the launch TTL. */
  url: string;
  /** The session credential a page gets for a launch code. */
  token: string;
  /** A fresh launch URL (the printed one is spent once a page used it). */
  newLaunchUrl(): string;
  port: number;
  core: ConsoleCore;
  close(): Promise<void>;
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const core = await createConsoleCore({
    dataDir: opts.dataDir,
    secretStore: new FileSecretStore(opts.dataDir),
    mode: 'browser',
    embedded: opts.embedded ?? true,
    demo: opts.demo ?? true,
    approverName: opts.approverName,
    timing: opts.timing,
    log: opts.log,
  });
  if (opts.seedItems && opts.seedItems > 0) seedSyntheticItems(core.store, opts.seedItems);
  const rendererDir = opts.rendererDir ?? DEFAULT_RENDERER_DIR;
  const launchCodes = new LaunchCodes(opts.launchTtlMs ?? DEFAULT_LAUNCH_TTL_MS);
  let port = 0;

  const reject = (res: ServerResponse, status: number, message: string) => {
    res.writeHead(status, { ...securityHeaders(port), 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    res.end(message + '\n');
  };

  /** Reads a small JSON body from the app's own Origin; anything else is answered here and `onBody` is not called. */
  const appJsonBody = (req: IncomingMessage, res: ServerResponse, onBody: (body: unknown) => void) => {
    if (req.method !== 'POST') return reject(res, 405, 'Method not allowed');
    if (missingAppOrigin(req, port)) return reject(res, 403, 'Forbidden: only the Countersign page may start a session');
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_SESSION_BODY_BYTES) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => {
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return reject(res, 400, 'Bad request');
      }
      onBody(body);
    });
  };

  // POST /session {"launch": code} from the app's own Origin -> {"session": credential}; the code is spent either way.
  const exchange = (req: IncomingMessage, res: ServerResponse) =>
    appJsonBody(req, res, (body) => {
      const parsed = SessionRequest.safeParse(body);
      if (!parsed.success) return reject(res, 400, 'Bad request');
      if (!launchCodes.redeem(parsed.data.launch))
        return reject(res, 401, 'Unauthorized: this launch code is used or expired; restart Countersign or press Enter where it runs for a new address');
      res.writeHead(200, { ...securityHeaders(port), 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ session: token }));
    });

  // POST /session/check {"session": S} -> 204 while S is this host's session, 401 once it is not (the host restarted
  // with a new one). A tab whose WebSocket closed asks this before reconnecting: a browser cannot read a refused
  // upgrade's status, so without it a tab from before a restart would show "Reconnecting…" forever.
  const check = (req: IncomingMessage, res: ServerResponse) =>
    appJsonBody(req, res, (body) => {
      const parsed = SessionCheck.safeParse(body);
      if (!parsed.success) return reject(res, 400, 'Bad request');
      if (!isSession(parsed.data.session, token)) return reject(res, 401, 'Unauthorized: this session ended when Countersign restarted');
      res.writeHead(204, { ...securityHeaders(port), 'cache-control': 'no-store' });
      res.end();
    });

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const foreign = foreignRequest(req, port);
    if (foreign) return reject(res, 403, `Forbidden: ${foreign}`);
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    } catch {
      return reject(res, 400, 'Bad request');
    }
    if (url.pathname === '/session') return exchange(req, res);
    if (url.pathname === '/session/check') return check(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') return reject(res, 405, 'Method not allowed');
    // The page and its assets are public code (the data is behind /ws), so they need no credential.
    const headers: Record<string, string> = { ...securityHeaders(port) };
    const file = resolveStatic(rendererDir, url.pathname);
    if (!file) {
      if (url.pathname === '/' || url.pathname === '/index.html') return reject(res, 503, `The renderer is not built (${rendererDir} is missing): run \`npx electron-vite build\``);
      return reject(res, 404, 'Not found');
    }
    sendFile(res, file, headers, req.method === 'HEAD');
  });

  // The session credential rides in a second offered subprotocol; the answer names only ours, never echoing it.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE_BYTES, handleProtocols: () => WS_PROTOCOL });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refuse = (status: string) => {
      socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
    };
    if (foreignRequest(req, port) || missingAppOrigin(req, port)) return refuse('403 Forbidden');
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    } catch {
      return refuse('400 Bad Request');
    }
    if (url.pathname !== '/ws') return refuse('404 Not Found');
    if (!sessionOfUpgrade(req, token)) return refuse('401 Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => {
      const off = forwardEvents(core, ws);
      ws.on('message', (data, isBinary) => void handleMessage(core, ws, data, isBinary));
      ws.on('close', off);
      ws.on('error', () => off());
    });
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  port = (server.address() as { port: number }).port;
  const newLaunchUrl = () => `http://127.0.0.1:${port}/?launch=${launchCodes.issue()}`;

  return {
    url: newLaunchUrl(),
    token,
    newLaunchUrl,
    port,
    core,
    async close() {
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await core.close();
    },
  };
}
