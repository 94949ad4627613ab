// Stream tickets: EventSource cannot send an Authorization header, and a bearer token in a URL ends up in proxy
// and access logs. So a console trades its token (in the header) for a ticket that opens the stream once and dies
// after TICKET_TTL_S; a ticket read from a log later opens nothing. Kept in memory: a hub restart drops them, and a
// console simply asks for another.
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TicketStore } from '../store/storage.js';
import type { TokenIdentity } from '../store/tokens.js';
import { HttpError } from './errors.js';

export const TICKET_TTL_S = 30;
// Bounds the memory a token holder can pin by asking for tickets and never using them.
const MAX_OUTSTANDING = 10_000;

export const newTicket = (): string => `cs_ticket_${randomBytes(32).toString('base64url')}`;

export class StreamTickets implements TicketStore {
  private tickets = new Map<string, { identity: TokenIdentity; expiresAt: number }>();

  async issue(identity: TokenIdentity): Promise<{ ticket: string; expiresIn: number }> {
    this.dropExpired();
    if (this.tickets.size >= MAX_OUTSTANDING) this.tickets.delete(this.tickets.keys().next().value as string);
    const ticket = newTicket();
    this.tickets.set(ticket, { identity, expiresAt: Date.now() + TICKET_TTL_S * 1000 });
    return { ticket, expiresIn: TICKET_TTL_S };
  }

  /** The ticket's identity, once: a second use, an expired or an unknown ticket is undefined. */
  async redeem(ticket: string): Promise<TokenIdentity | undefined> {
    const hit = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    return hit && hit.expiresAt > Date.now() ? hit.identity : undefined;
  }

  private dropExpired(): void {
    const now = Date.now();
    // Insertion order is expiry order (one TTL for all), so the expired ones are at the front.
    for (const [t, v] of this.tickets) {
      if (v.expiresAt > now) break;
      this.tickets.delete(t);
    }
  }
}

/**
 * The stream's authentication: `?ticket=` (single use), else the Authorization header via `headerAuth`.
 * `?token=` is refused outright so a client still putting its bearer token in the URL learns why.
 */
export function streamAuth(tickets: TicketStore, headerAuth: (req: FastifyRequest, reply: FastifyReply) => Promise<void>) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const q = (req.query ?? {}) as Record<string, unknown>;
    if (q.token !== undefined)
      throw new HttpError(400, 'token_in_url', 'bearer tokens are not accepted in URLs: POST /v1/stream-tickets with the Authorization header, then open /v1/stream?ticket=...', [
        { path: 'query.token', message: 'not accepted; use a stream ticket' },
      ]);
    if (typeof q.ticket === 'string') {
      const identity = await tickets.redeem(q.ticket);
      if (!identity) throw new HttpError(401, 'invalid_ticket', 'unknown, already used or expired stream ticket: ask POST /v1/stream-tickets for a new one');
      req.identity = identity;
      return;
    }
    await headerAuth(req, reply);
  };
}
