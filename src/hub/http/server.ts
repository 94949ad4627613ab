// The hub's HTTP app: Fastify, JSON errors, bearer auth per route, agent and console routes.
import Fastify, { type FastifyInstance } from 'fastify';
import type { Role } from '../../shared/protocol.js';
import { PROTOCOL_VERSION } from '../../shared/protocol.js';
import type { LogSigningKey } from '../../node-shared/log-signing.js';
import type { HubStorage } from '../store/storage.js';
import { requireRole } from './auth.js';
import { errorHandler, HttpError } from './errors.js';
import type { Live } from './live.js';
import { agentRoutes } from './routes-agents.js';
import { consoleRoutes } from './routes-consoles.js';
import { policyRoutes } from './routes-policy.js';
import { identityRoutes } from './routes-identities.js';
import { insightsRoutes } from './routes-insights.js';
import { logRoutes } from './routes-log.js';
import { DEFAULT_RATE_LIMIT, registerRateLimit } from './rate-limit.js';
import { strictUtf8JsonParser } from './utf8-body.js';

const HUB_VERSION = '0.1.0';

export interface HubContext {
  storage: HubStorage;
  live: Live;
  maxArgsBytes: number;
  /** The log signing key (its private half never leaves the process). */
  logKey: LogSigningKey;
  auth: (roles: Role[]) => ReturnType<typeof requireRole>;
}

export function buildApp(ctx: Omit<HubContext, 'auth'>, opts: { log?: boolean; rateLimit?: { max?: number; windowSeconds?: number } } = {}): FastifyInstance {
  const app = Fastify({
    // The stream takes a single-use ?ticket= (EventSource cannot send headers): a used ticket is dead, but keep it out of logs anyway.
    logger: opts.log
      ? { level: 'info', serializers: { req: (r: { method: string; url: string }) => ({ method: r.method, url: r.url.replace(/([?&](?:ticket|token)=)[^&]*/g, '$1REDACTED') }) } }
      : false,
    // Transport limit: room for the args limit plus evidence and summary, so an oversized args answers a clean 413
    // naming action.args (checked per route); far bigger bodies are cut off by Fastify with 413.
    bodyLimit: ctx.maxArgsBytes * 4 + 8 * 1024 * 1024,
    keepAliveTimeout: 65_000,
    // close() ends idle keep-alive sockets at once, or a SIGTERM would wait out their 65 s (#12: a supervisor's
    // grace period is often 30 s).
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  });
  const full: HubContext = { ...ctx, auth: (roles) => requireRole(ctx.storage.identities, roles) };
  app.setErrorHandler(errorHandler);
  strictUtf8JsonParser(app);
  app.setNotFoundHandler((req, reply) => {
    errorHandler(new HttpError(404, 'not_found', `no route ${req.method} ${req.url.split('?')[0]}`), req, reply);
  });
  registerRateLimit(app, opts.rateLimit?.max ?? DEFAULT_RATE_LIMIT, opts.rateLimit?.windowSeconds ?? 60);
  // The routes are a plugin registered after the rate limit, so its hook is in place when they are added.
  void app.register(async (scope) => {
    scope.get('/v1/health', async () => ({ ok: true, version: HUB_VERSION, protocol: PROTOCOL_VERSION }));
    // Readiness for a load balancer: the process answers AND its database does (a closing hub answers 503 already).
    // No auth, like health: it names no data, only whether to send traffic here.
    scope.get('/v1/ready', async (_req, reply) => {
      try {
        await ctx.storage.ready();
        return { ready: true };
      } catch (e) {
        return reply.code(503).send({ ready: false, reason: `database unavailable: ${(e as Error).message}` });
      }
    });
    scope.get('/v1/noop', { preHandler: full.auth(['agent', 'approver', 'admin']) }, async () => ({ ok: true }));
    agentRoutes(scope, full);
    consoleRoutes(scope, full);
    policyRoutes(scope, full);
    identityRoutes(scope, full);
    logRoutes(scope, full);
    insightsRoutes(scope, full);
  });
  return app;
}
