// The gateway over Streamable HTTP: one MCP session per client, bound to loopback, a bearer token (required unless
// the operator says --insecure-no-token), Host header checked against loopback names (DNS-rebinding guard).
// A 401 points standard MCP clients at the RFC 9728 protected-resource metadata the gateway serves.
import { randomUUID, timingSafeEqual, createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Gateway } from './gateway.js';

export interface HttpHostOptions {
  port: number;
  host?: string;
  /** Every request must carry `Authorization: Bearer <token>`. Without one the host refuses to start unless insecureNoToken. */
  token?: string | null;
  /** Serve without a token: any local process may then call every tool. Only when the operator asked for it. */
  insecureNoToken?: boolean;
  path?: string;
  maxBodyBytes?: number;
  /** Sessions with no request in flight for this long are closed (clients that vanish without DELETE). Default 30 min. */
  sessionIdleMs?: number;
}

export interface HttpHost {
  url: string;
  port: number;
  sessionCount(): number;
  close(): Promise<void>;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

function isLoopbackOrigin(origin: string): boolean {
  try {
    return LOOPBACK_HOSTS.has(new URL(origin).hostname);
  } catch {
    return false;
  }
}

function sameSecret(given: string, want: string): boolean {
  // Hash both so lengths match and the comparison takes the same time whatever was sent.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(want).digest();
  return timingSafeEqual(a, b);
}

function sendJsonError(res: ServerResponse, status: number, message: string, code = -32000): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}

async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw Object.assign(new Error(`request body over ${limit} bytes`), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw Object.assign(new Error('request body is not valid JSON'), { status: 400, rpc: -32700 });
  }
}

export const NO_TOKEN_MESSAGE =
  'The HTTP transport needs a bearer token: pass --token T (or set COUNTERSIGN_GATEWAY_TOKEN). Without one any local process could call every tool; ' +
  'pass --insecure-no-token to serve without one anyway.';

/** RFC 9728 well-known path of the metadata for a resource at `path` (path-aware form, as MCP clients try first). */
const PROTECTED_RESOURCE_PREFIX = '/.well-known/oauth-protected-resource';

/** How long a POST's answer may hold its headers back for its first event (a call that waits sends them then). */
const HEADERS_HOLD_MS = 20;

/**
 * One POST's answer in as few TCP writes as possible. The SDK answers each POST with an SSE stream through a Web
 * Response: headers flushed at once, then each event, then the closing chunk, each its own write (a syscall here and
 * a wake-up of the client) though a pass-through answer has them all within one turn of the event loop. Headers now
 * go with the first event (or after HEADERS_HOLD_MS), and what is written within one turn leaves together; an event
 * written later (progress while a call waits for a human) still leaves in the turn it was written.
 */
function coalesceWrites(res: ServerResponse): void {
  const flushHeaders = res.flushHeaders.bind(res);
  let hold: NodeJS.Timeout | null = null;
  res.flushHeaders = () => {
    hold ??= setTimeout(() => {
      if (!res.headersSent) flushHeaders();
    }, HEADERS_HOLD_MS);
  };
  let corked = false;
  const cork = () => {
    if (hold) clearTimeout(hold);
    if (corked) return;
    corked = true;
    res.cork();
    setImmediate(() => {
      corked = false;
      res.uncork();
    });
  };
  const write = res.write.bind(res) as (...a: unknown[]) => boolean;
  const end = res.end.bind(res) as (...a: unknown[]) => ServerResponse;
  res.write = ((...a: unknown[]) => (cork(), write(...a))) as typeof res.write;
  res.end = ((...a: unknown[]) => (cork(), end(...a))) as typeof res.end;
}

export async function startHttpHost(gateway: Gateway, opts: HttpHostOptions): Promise<HttpHost> {
  if (!opts.token && !opts.insecureNoToken) throw new Error(NO_TOKEN_MESSAGE);
  const host = opts.host ?? '127.0.0.1';
  const path = opts.path ?? '/mcp';
  let selfOrigin = '';
  const limit = opts.maxBodyBytes ?? 8 * 1024 * 1024;
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  /** Every session transport not closed yet, also one whose initialize is still running (not in `sessions` yet): close() ends them all. */
  const open = new Set<StreamableHTTPServerTransport>();
  /** Per session: requests in flight (an approval wait or an SSE stream counts) and when the last one ended. */
  const activity = new Map<StreamableHTTPServerTransport, { inFlight: number; lastSeen: number }>();
  const idleMs = opts.sessionIdleMs ?? 30 * 60_000;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const metadata = url.pathname === `${PROTECTED_RESOURCE_PREFIX}${path}` || url.pathname === PROTECTED_RESOURCE_PREFIX;
    if (url.pathname !== path && !metadata) return sendJsonError(res, 404, `Not found: the MCP endpoint is ${path}`);
    const hostHeader = (req.headers.host ?? '').replace(/:\d+$/, '');
    if (!LOOPBACK_HOSTS.has(hostHeader)) return sendJsonError(res, 403, `Host ${hostHeader || '(none)'} not allowed: the gateway answers loopback names only`);
    if (metadata) return sendResourceMetadata(res);
    // MCP clients send no Origin; a browser page does. Only pages served from loopback itself may talk to the gateway.
    const origin = req.headers.origin;
    if (origin !== undefined && !isLoopbackOrigin(origin)) return sendJsonError(res, 403, `Origin ${origin} not allowed`);
    if (opts.token) {
      const auth = req.headers.authorization ?? '';
      const given = /^Bearer (.+)$/i.exec(auth)?.[1];
      if (given === undefined || !sameSecret(given, opts.token)) {
        // RFC 6750 + RFC 9728: where a client finds out how to authenticate (here: a bearer token the operator gives it).
        res.setHeader('www-authenticate', `Bearer ${given === undefined ? '' : 'error="invalid_token", '}resource_metadata="${selfOrigin}${PROTECTED_RESOURCE_PREFIX}${path}"`);
        return sendJsonError(res, 401, 'Missing or wrong bearer token');
      }
    }

    const sid = req.headers['mcp-session-id'];
    const sessionId = Array.isArray(sid) ? sid[0] : sid;
    let body: unknown;
    if (req.method === 'POST') body = await readJson(req, limit);

    let transport = sessionId ? sessions.get(sessionId) : undefined;
    if (sessionId && !transport) return sendJsonError(res, 404, 'Unknown or closed MCP session', -32001);
    if (!transport) {
      if (req.method !== 'POST' || !isInitializeRequest(body)) return sendJsonError(res, 400, 'No MCP session: send an initialize request first');
      const t = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => void sessions.set(id, t),
      });
      open.add(t);
      t.onclose = () => {
        open.delete(t);
        if (t.sessionId) sessions.delete(t.sessionId);
        activity.delete(t);
      };
      await gateway.createServer('http').connect(t);
      transport = t;
    }
    const act = activity.get(transport) ?? { inFlight: 0, lastSeen: Date.now() };
    activity.set(transport, act);
    act.inFlight++;
    res.once('close', () => {
      act.inFlight--;
      act.lastSeen = Date.now();
    });
    if (req.method === 'POST') coalesceWrites(res);
    await transport.handleRequest(req, res, body);
  };

  /**
   * The protected-resource metadata (RFC 9728). No authorization server is listed: the token is a static one the operator
   * hands to each client out of band, sent as an Authorization header. Public by design (it holds no secret).
   */
  function sendResourceMetadata(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(
      JSON.stringify({
        resource: `${selfOrigin}${path}`,
        authorization_servers: [],
        bearer_methods_supported: ['header'],
        resource_name: 'Countersign MCP gateway',
      }),
    );
  }

  const sweep = setInterval(
    () => {
      const now = Date.now();
      for (const [t, a] of activity) if (a.inFlight === 0 && now - a.lastSeen > idleMs) void t.close().catch(() => {});
    },
    Math.max(50, Math.min(60_000, idleMs / 2)),
  );
  sweep.unref();

  const server = createServer((req, res) => {
    handle(req, res).catch((e: Error & { status?: number; rpc?: number }) => sendJsonError(res, e.status ?? 500, e.message, e.rpc ?? -32603));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  selfOrigin = `http://${host}:${port}`;
  return {
    url: `http://${host}:${port}${path}`,
    port,
    sessionCount: () => sessions.size,
    async close() {
      clearInterval(sweep);
      await Promise.all([...open].map((t) => t.close().catch(() => {})));
      open.clear();
      sessions.clear();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
