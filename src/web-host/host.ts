// Browser mode: the console served to a browser tab on 127.0.0.1 only, behind a random token,
// speaking the same contract as Electron's IPC over a WebSocket at /ws.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { createConsoleCore, type ConsoleCore, type ConsoleCoreOptions } from '../core/api.js';
import { FileSecretStore } from '../core/secrets/secret-store.js';
import { seedSyntheticItems } from '../core/seed.js';
import { foreignRequest, securityHeaders, sessionCookie, tokenOf } from './security.js';
import { resolveStatic, sendFile } from './static.js';
import { forwardEvents, handleMessage, MAX_WS_MESSAGE_BYTES } from './ws-rpc.js';

const DEFAULT_RENDERER_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../out/renderer');

export interface WebHostOptions {
  dataDir: string;
  port?: number;
  embedded?: boolean;
  demo?: boolean;
  seedItems?: number;
  approverName?: string;
  rendererDir?: string;
  /** Fixed token (tests); default: 32 random bytes. */
  token?: string;
  timing?: ConsoleCoreOptions['timing'];
  log?: (m: string) => void;
}

export interface WebHost {
  url: string;
  token: string;
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
  let port = 0;

  const reject = (res: ServerResponse, status: number, message: string) => {
    res.writeHead(status, { ...securityHeaders(port), 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    res.end(message + '\n');
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const foreign = foreignRequest(req, port);
    if (foreign) return reject(res, 403, `Forbidden: ${foreign}`);
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    } catch {
      return reject(res, 400, 'Bad request');
    }
    const via = tokenOf(req, url, token);
    if (!via) return reject(res, 401, 'Unauthorized: open the URL with ?token= that Countersign printed when it started');
    if (req.method !== 'GET' && req.method !== 'HEAD') return reject(res, 405, 'Method not allowed');
    const headers: Record<string, string> = { ...securityHeaders(port) };
    if (via === 'query') headers['set-cookie'] = sessionCookie(token);
    const file = resolveStatic(rendererDir, url.pathname);
    if (!file) {
      if (url.pathname === '/' || url.pathname === '/index.html') return reject(res, 503, `The renderer is not built (${rendererDir} is missing): run \`npx electron-vite build\``);
      return reject(res, 404, 'Not found');
    }
    sendFile(res, file, headers, req.method === 'HEAD');
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE_BYTES });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refuse = (status: string) => {
      socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
    };
    if (foreignRequest(req, port)) return refuse('403 Forbidden');
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    } catch {
      return refuse('400 Bad Request');
    }
    if (url.pathname !== '/ws') return refuse('404 Not Found');
    if (!tokenOf(req, url, token)) return refuse('401 Unauthorized');
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
  const url = `http://127.0.0.1:${port}/?token=${token}`;

  return {
    url,
    token,
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
