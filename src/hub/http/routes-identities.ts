// Who is calling (GET /v1/me), a token rotating itself, and the admin's people and tokens: users, and token create, list, revoke, rotate.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CreateTokenBody, CreateUserBody, UpdateUserBody, type Me } from '../../shared/protocol.js';
import { HttpError, parseOr400 } from './errors.js';
import type { HubContext } from './server.js';

const TokenIdParam = z.object({ id: z.coerce.number().int().positive() });
const UserIdParam = z.object({ id: z.string().min(1).max(200) });

export function identityRoutes(app: FastifyInstance, ctx: HubContext): void {
  const { auth } = ctx;
  const ids = ctx.storage.identities;
  const admin = { preHandler: auth(['admin']) };

  app.get('/v1/me', { preHandler: auth(['agent', 'approver', 'admin']) }, async (req): Promise<Me> => {
    const id = req.identity!;
    return {
      kind: id.kind,
      id: id.userId,
      handle: id.name,
      displayName: id.displayName,
      groups: id.groups,
      role: id.role,
      tokenId: id.id,
      expiresAt: id.expiresAtMs === null ? null : new Date(id.expiresAtMs).toISOString(),
    };
  });

  // A token replaces itself: a new secret with the same owner, role, label and expiry, the calling one revoked in the
  // same transaction. No sibling tokens: a leaked token must not be able to mint one that outlives its revocation.
  app.post('/v1/me/token/rotate', { preHandler: auth(['agent', 'approver', 'admin']) }, async (req, reply) => {
    const r = await ids.rotateToken(req.identity!.id);
    return reply.code(201).send({ token: r.token, ...r.info, name: r.info.handle, revoked: r.revoked });
  });

  app.get('/v1/users', admin, async () => ({ users: await ids.listUsers() }));
  app.post('/v1/users', admin, async (req, reply) => reply.code(201).send(await ids.createUser(parseOr400(CreateUserBody, req.body, ''))));
  app.patch('/v1/users/:id', admin, async (req) => ids.updateUser(parseOr400(UserIdParam, req.params, 'params').id, parseOr400(UpdateUserBody, req.body, '')));
  app.delete('/v1/users/:id', admin, async (req) => {
    const { id } = parseOr400(UserIdParam, req.params, 'params');
    // An admin removing themselves would lock the hub out from this token on; another admin must do it.
    if (id === req.identity!.userId) throw new HttpError(409, 'cannot_remove_self', 'you cannot remove yourself: another admin must');
    return ids.removeUser(id, Date.now());
  });

  app.get('/v1/tokens', admin, async () => ({ tokens: await ids.listTokens() }));
  app.post('/v1/tokens', admin, async (req, reply) => {
    const b = parseOr400(CreateTokenBody, req.body, '');
    const made = b.user
      ? await ids.createToken(b.role, b.user, { expiresInS: b.expiresIn })
      : await ids.createTokenForName(b.role, b.name!, { expiresInS: b.expiresIn, groups: b.groups, displayName: b.displayName });
    // `name` is the owner's handle, as v1 answered it.
    return reply.code(201).send({ token: made.token, ...made.info, name: made.info.handle });
  });
  app.delete('/v1/tokens/:id', admin, async (req) => ids.revokeToken(parseOr400(TokenIdParam, req.params, 'params').id));
  app.post('/v1/tokens/:id/rotate', admin, async (req, reply) => {
    const r = await ids.rotateToken(parseOr400(TokenIdParam, req.params, 'params').id);
    return reply.code(201).send({ token: r.token, ...r.info, name: r.info.handle, revoked: r.revoked });
  });
}
