// The log's signing material: the public key every client may fetch to check entry signatures, and the signed
// checkpoints an admin exports to anchor them elsewhere (docs/security.md, item 9).
import type { FastifyInstance } from 'fastify';
import type { HubContext } from './server.js';

export function logRoutes(app: FastifyInstance, ctx: HubContext): void {
  app.get('/v1/log/public-key', { preHandler: ctx.auth(['agent', 'approver', 'admin']) }, async () => ({
    algorithm: 'Ed25519' as const,
    keyId: ctx.logKey.keyId,
    publicKey: ctx.logKey.pem,
  }));
  app.get('/v1/log/checkpoints', { preHandler: ctx.auth(['admin']) }, async () => ctx.storage.log.exportCheckpoints());
}
