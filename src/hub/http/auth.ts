// Bearer-token authentication and role checks, as a Fastify preHandler per route.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../../shared/protocol.js';
import type { IdentityApi } from '../store/storage.js';
import type { TokenIdentity } from '../store/tokens.js';
import { HttpError } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    identity?: TokenIdentity;
  }
}

export function requireRole(identities: IdentityApi, roles: Role[]) {
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    let token: string | undefined;
    const header = req.headers.authorization;
    if (header) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!m) throw new HttpError(401, 'unauthorized', 'Authorization must be "Bearer <token>"');
      token = m[1];
    }
    if (!token) throw new HttpError(401, 'unauthorized', 'missing bearer token');
    const auth = await identities.authenticate(token);
    if (!auth.ok) {
      const why = auth.reason === 'unknown' ? 'unknown token' : auth.reason === 'user_removed' ? "this token's user was removed" : `this token is ${auth.reason}`;
      throw new HttpError(401, 'unauthorized', why);
    }
    const id = auth.identity;
    if (!roles.includes(id.role)) throw new HttpError(403, 'forbidden', `this endpoint needs role ${roles.join(' or ')}; the token's role is ${id.role}`);
    req.identity = id;
  };
}
