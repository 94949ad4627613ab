// Stream tickets on the shared database: a console behind a load balancer asks one replica for a ticket and may open
// the stream on another. Single use across replicas: redeeming deletes the row, and only one DELETE can return it.
import type pg from 'pg';
import { sha256Hex } from '../../node-shared/sha256.js';
import { newTicket, TICKET_TTL_S } from '../http/stream-tickets.js';
import type { TicketStore } from '../store/storage.js';
import type { TokenIdentity } from '../store/tokens.js';

export class PgTickets implements TicketStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly now: () => number = Date.now,
  ) {}

  async issue(identity: TokenIdentity): Promise<{ ticket: string; expiresIn: number }> {
    const ticket = newTicket();
    await this.pool.query('DELETE FROM stream_tickets WHERE expires_at_ms <= $1', [this.now()]);
    await this.pool.query('INSERT INTO stream_tickets (hash, identity_json, expires_at_ms) VALUES ($1, $2, $3)', [
      sha256Hex(ticket),
      JSON.stringify(identity),
      this.now() + TICKET_TTL_S * 1000,
    ]);
    return { ticket, expiresIn: TICKET_TTL_S };
  }

  async redeem(ticket: string): Promise<TokenIdentity | undefined> {
    const r = (await this.pool.query('DELETE FROM stream_tickets WHERE hash = $1 RETURNING identity_json, expires_at_ms', [sha256Hex(ticket)])).rows[0] as
      { identity_json: string; expires_at_ms: number } | undefined;
    return r && r.expires_at_ms > this.now() ? (JSON.parse(r.identity_json) as TokenIdentity) : undefined;
  }
}
