// Per-token rate limits (@fastify/rate-limit): a runaway or hostile agent loop gets 429 with Retry-After instead of
// starving every other client. Keyed by the bearer token's sha256 (never the token itself), else the client address.
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { sha256Hex } from '../log/node-chain.js';
import { HttpError } from './errors.js';

/** Requests per token per window (default 60 s); generous so tests, benches and busy consoles stay far below it. */
export const DEFAULT_RATE_LIMIT = 120_000;

/** Registers the limit for every route added after it (0 = no limit). */
export function registerRateLimit(app: FastifyInstance, max: number, windowSeconds: number): void {
  if (max <= 0) return;
  void app.register(rateLimit, {
    global: true,
    max,
    timeWindow: windowSeconds * 1000,
    keyGenerator: (req) => {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
      return m ? `token:${sha256Hex(m[1]!)}` : `ip:${req.ip}`;
    },
    errorResponseBuilder: (_req, ctx) =>
      new HttpError(429, 'rate_limited', `rate limit of ${ctx.max} requests per ${windowSeconds} s reached for this token; retry after ${ctx.after}`, [
        { path: 'headers.authorization', message: `over ${ctx.max} requests per ${windowSeconds} s` },
      ]),
  });
}
