// Bearer tokens: high-entropy random strings, stored only as their sha256, each owned by a user and carrying a role.
// Every request looks its token up (one indexed read): no cache, so a revocation or an expiry holds from the next request.
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { HubUser, Role, TokenInfo } from '../../shared/protocol.js';
import { sha256Hex } from '../log/node-chain.js';
import { stmt } from './statements.js';
import { IdentityError, UserStore, userOf } from './users.js';

/** Who is calling: the token and the person (or agent identity) it belongs to. `name` is the user's handle. */
export interface TokenIdentity {
  id: number;
  name: string;
  role: Role;
  userId: string;
  kind: HubUser['kind'];
  displayName: string;
  groups: string[];
  expiresAtMs: number | null;
}

/** The bootstrap admin token is typed by a person: at least this long. */
export const MIN_BOOTSTRAP_TOKEN_LENGTH = 16;

export type AuthResult = { ok: true; identity: TokenIdentity } | { ok: false; reason: 'unknown' | 'revoked' | 'expired' | 'user_removed' };

export interface TokenRow {
  id: number;
  name: string;
  role: Role;
  user_id: string;
  created_at: string;
  expires_at_ms: number | null;
  revoked_at_ms: number | null;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export class TokenStore {
  readonly users: UserStore;
  constructor(
    private db: Database.Database,
    private now: () => number = Date.now,
  ) {
    this.users = new UserStore(db);
  }

  /** A token for an existing user. */
  create(role: Role, userId: string, opts: { label?: string; expiresInS?: number } = {}): { token: string; info: TokenInfo } {
    const user = this.users.find(userId);
    if (!user) throw new IdentityError(404, 'not_found', `no user ${userId}`);
    if (user.removedAt) throw new IdentityError(409, 'user_removed', `user ${user.handle} was removed at ${user.removedAt}: no new tokens`);
    const token = `cs_${role}_${randomBytes(32).toString('base64url')}`;
    const expiresAtMs = opts.expiresInS ? this.now() + opts.expiresInS * 1000 : null;
    const id = this.insertHash(role, opts.label || user.handle, user.id, sha256Hex(token), expiresAtMs);
    return { token, info: this.info(id)! };
  }

  /** The token for "name": that user when the handle is theirs exactly, else a new user with that handle (a look-alike is refused). */
  createForName(role: Role, name: string, opts: { expiresInS?: number; groups?: string[]; displayName?: string } = {}): { token: string; info: TokenInfo } {
    const user =
      this.users.resolveExact(name) ?? this.users.create({ handle: name, kind: role === 'agent' ? 'agent' : 'user', groups: opts.groups, displayName: opts.displayName });
    return this.create(role, user.id, { expiresInS: opts.expiresInS });
  }

  /** Registers a token someone else generated (the bootstrap admin token); a no-op when it exists. */
  ensure(role: Role, name: string, token: string): void {
    if (token.length < MIN_BOOTSTRAP_TOKEN_LENGTH) throw new Error(`bootstrap token must be at least ${MIN_BOOTSTRAP_TOKEN_LENGTH} characters`);
    const hash = sha256Hex(token);
    if (stmt(this.db, 'SELECT id FROM tokens WHERE hash = ?').get(hash)) return;
    const user = this.users.resolveExact(name) ?? this.users.create({ handle: name });
    this.insertHash(role, name, user.id, hash, null);
  }

  authenticate(token: string): AuthResult {
    return authOf(stmt(this.db, `${AUTH_SQL}?`).get(sha256Hex(token)) as AuthRow | undefined, this.now());
  }

  /** Every token, never its secret. */
  list(): TokenInfo[] {
    return (stmt(this.db, `SELECT t.*, u.handle FROM tokens t JOIN users u ON u.id = t.user_id ORDER BY t.id`).all() as Array<TokenRow & { handle: string }>).map((r) =>
      this.infoOf(r),
    );
  }

  info(id: number): TokenInfo | null {
    const r = stmt(this.db, 'SELECT t.*, u.handle FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.id = ?').get(id) as (TokenRow & { handle: string }) | undefined;
    return r ? this.infoOf(r) : null;
  }

  /** Refused from the next request on; revoking twice keeps the first time. */
  revoke(id: number): TokenInfo {
    const cur = this.info(id);
    if (!cur) throw new IdentityError(404, 'not_found', `no token ${id}`);
    stmt(this.db, 'UPDATE tokens SET revoked_at_ms = COALESCE(revoked_at_ms, ?) WHERE id = ?').run(this.now(), id);
    return this.info(id)!;
  }

  /** A new secret for the same owner, role and expiry; the old one is revoked in the same transaction. */
  rotate(id: number): { token: string; info: TokenInfo; revoked: TokenInfo } {
    return this.db
      .transaction(() => {
        const cur = this.info(id);
        if (!cur) throw new IdentityError(404, 'not_found', `no token ${id}`);
        if (cur.revokedAt) throw new IdentityError(409, 'revoked', `token ${id} is revoked: create a new one`);
        const token = `cs_${cur.role}_${randomBytes(32).toString('base64url')}`;
        const next = this.insertHash(cur.role, cur.label, cur.userId, sha256Hex(token), cur.expiresAt ? Date.parse(cur.expiresAt) : null);
        return { token, info: this.info(next)!, revoked: this.revoke(id) };
      })
      .immediate();
  }

  private infoOf(r: TokenRow & { handle: string }): TokenInfo {
    return tokenInfoOf(r, this.now());
  }

  private insertHash(role: Role, label: string, userId: string, hash: string, expiresAtMs: number | null): number {
    return Number(
      stmt(this.db, 'INSERT INTO tokens (name, role, hash, created_at, user_id, expires_at_ms) VALUES (?,?,?,?,?,?)').run(
        label,
        role,
        hash,
        new Date(this.now()).toISOString(),
        userId,
        expiresAtMs,
      ).lastInsertRowid,
    );
  }
}

/** A token row as the admin API shows it (never its hash). */
export function tokenInfoOf(r: TokenRow & { handle: string }, nowMs: number): TokenInfo {
  const expired = r.expires_at_ms !== null && r.expires_at_ms <= nowMs;
  return {
    id: r.id,
    label: r.name,
    role: r.role,
    userId: r.user_id,
    handle: r.handle,
    createdAt: r.created_at,
    expiresAt: iso(r.expires_at_ms),
    revokedAt: iso(r.revoked_at_ms),
    state: r.revoked_at_ms !== null ? 'revoked' : expired ? 'expired' : 'active',
  };
}

/** Who a token belongs to, from the authenticate query's joined row; a reason when it may not be used. */
export function authOf(row: AuthRow | undefined, nowMs: number): AuthResult {
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.removed_at_ms !== null) return { ok: false, reason: 'user_removed' };
  if (row.revoked_at_ms !== null) return { ok: false, reason: 'revoked' };
  if (row.expires_at_ms !== null && row.expires_at_ms <= nowMs) return { ok: false, reason: 'expired' };
  const u = userOf({ ...row, id: row.user_id });
  return {
    ok: true,
    identity: { id: row.id, name: u.handle, role: row.role, userId: u.id, kind: u.kind, displayName: u.displayName, groups: u.groups, expiresAtMs: row.expires_at_ms },
  };
}

export interface AuthRow {
  id: number;
  role: Role;
  expires_at_ms: number | null;
  revoked_at_ms: number | null;
  user_id: string;
  kind: 'user' | 'agent';
  handle: string;
  display_name: string;
  groups_json: string;
  created_at: string;
  removed_at_ms: number | null;
}

/** The authenticate query (both backends: only the placeholder differs). */
export const AUTH_SQL = `SELECT t.id, t.role, t.expires_at_ms, t.revoked_at_ms, u.id AS user_id, u.kind, u.handle, u.display_name, u.groups_json, u.created_at, u.removed_at_ms
         FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = `;
