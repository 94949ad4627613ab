// People and tokens on PostgreSQL: the same rules as src/hub/store/users.ts and tokens.ts, with the unique handle
// key as the guard when two replicas create the same person at once.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { HubUser, Role, TokenInfo } from '../../shared/protocol.js';
import { handleKey } from '../../shared/handle-key.js';
import { sha256Hex } from '../../node-shared/sha256.js';
import type { IdentityApi } from '../store/storage.js';
import { AUTH_SQL, authOf, MIN_BOOTSTRAP_TOKEN_LENGTH, tokenInfoOf, type AuthRow, type TokenRow } from '../store/tokens.js';
import { handleTaken, IdentityError, newUserRow, notTheExactHandle, patchedUser, userOf, type NewUser, type UserPatch, type UserRow } from '../store/users.js';
import { transaction, type Queryable } from './pool.js';

const UNIQUE_VIOLATION = '23505';

export class PgIdentities implements IdentityApi {
  constructor(
    private readonly pool: pg.Pool,
    private readonly now: () => number = Date.now,
  ) {}

  async authenticate(token: string) {
    return authOf((await this.pool.query(`${AUTH_SQL}$1`, [sha256Hex(token)])).rows[0] as AuthRow | undefined, this.now());
  }

  async createToken(role: Role, userId: string, opts: { label?: string; expiresInS?: number } = {}) {
    const user = await this.findUser(userId);
    if (!user) throw new IdentityError(404, 'not_found', `no user ${userId}`);
    if (user.removedAt) throw new IdentityError(409, 'user_removed', `user ${user.handle} was removed at ${user.removedAt}: no new tokens`);
    const token = `cs_${role}_${randomBytes(32).toString('base64url')}`;
    const expiresAtMs = opts.expiresInS ? this.now() + opts.expiresInS * 1000 : null;
    const id = await this.insertHash(this.pool, role, opts.label || user.handle, user.id, sha256Hex(token), expiresAtMs);
    return { token, info: (await this.info(this.pool, id))! };
  }

  async createTokenForName(role: Role, name: string, opts: { expiresInS?: number; groups?: string[]; displayName?: string } = {}) {
    const user =
      (await this.resolveExact(name)) ?? (await this.createUser({ handle: name, kind: role === 'agent' ? 'agent' : 'user', groups: opts.groups, displayName: opts.displayName }));
    return this.createToken(role, user.id, { expiresInS: opts.expiresInS });
  }

  async ensureToken(role: Role, name: string, token: string): Promise<void> {
    if (token.length < MIN_BOOTSTRAP_TOKEN_LENGTH) throw new Error(`bootstrap token must be at least ${MIN_BOOTSTRAP_TOKEN_LENGTH} characters`);
    const hash = sha256Hex(token);
    if ((await this.pool.query('SELECT id FROM tokens WHERE hash = $1', [hash])).rows.length) return;
    let user = await this.resolveExact(name);
    if (!user) {
      try {
        user = await this.createUser({ handle: name });
      } catch (e) {
        // Another replica starting with the same bootstrap token made them first.
        if (!(e instanceof IdentityError && e.code === 'handle_taken')) throw e;
        user = (await this.resolveExact(name))!;
      }
    }
    const userId = user.id;
    await this.pool.query('INSERT INTO tokens (name, role, hash, created_at, user_id) VALUES ($1,$2,$3,$4,$5) ON CONFLICT (hash) DO NOTHING', [
      name,
      role,
      hash,
      new Date(this.now()).toISOString(),
      userId,
    ]);
  }

  async listTokens(): Promise<TokenInfo[]> {
    const rows = (await this.pool.query('SELECT t.*, u.handle FROM tokens t JOIN users u ON u.id = t.user_id ORDER BY t.id')).rows as Array<TokenRow & { handle: string }>;
    return rows.map((r) => tokenInfoOf(r, this.now()));
  }

  async revokeToken(id: number): Promise<TokenInfo> {
    return this.revokeIn(this.pool, id);
  }

  async rotateToken(id: number) {
    return transaction(this.pool, async (c) => {
      await c.query('SELECT 1 FROM tokens WHERE id = $1 FOR UPDATE', [id]);
      const cur = await this.info(c, id);
      if (!cur) throw new IdentityError(404, 'not_found', `no token ${id}`);
      if (cur.revokedAt) throw new IdentityError(409, 'revoked', `token ${id} is revoked: create a new one`);
      const token = `cs_${cur.role}_${randomBytes(32).toString('base64url')}`;
      const next = await this.insertHash(c, cur.role, cur.label, cur.userId, sha256Hex(token), cur.expiresAt ? Date.parse(cur.expiresAt) : null);
      return { token, info: (await this.info(c, next))!, revoked: await this.revokeIn(c, id) };
    });
  }

  async findUser(idOrHandle: string): Promise<HubUser | null> {
    const r = (await this.pool.query('SELECT * FROM users WHERE id = $1', [idOrHandle])).rows[0] as UserRow | undefined;
    return r ? userOf(r) : this.resolveExact(idOrHandle);
  }

  async listUsers(): Promise<HubUser[]> {
    return ((await this.pool.query('SELECT * FROM users ORDER BY created_at, id')).rows as UserRow[]).map(userOf);
  }

  async createUser(u: NewUser): Promise<HubUser> {
    const key = handleKey(u.handle);
    const clash = await this.byKey(key);
    if (clash) throw handleTaken(u.handle, clash.handle);
    const row = newUserRow(u);
    try {
      await this.pool.query('INSERT INTO users (id, kind, handle, handle_key, display_name, groups_json, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7)', [
        row.id,
        row.kind,
        row.handle,
        key,
        row.display_name,
        row.groups_json,
        row.created_at,
      ]);
    } catch (e) {
      if ((e as { code?: string }).code === UNIQUE_VIOLATION) throw handleTaken(u.handle, ((await this.byKey(key)) ?? row).handle);
      throw e;
    }
    return userOf(row);
  }

  async updateUser(id: string, patch: UserPatch): Promise<HubUser> {
    const next = patchedUser(await this.byId(this.pool, id), patch);
    const key = handleKey(next.handle);
    const clash = await this.byKey(key);
    if (clash && clash.id !== id) throw handleTaken(next.handle, clash.handle);
    try {
      await this.pool.query('UPDATE users SET handle = $1, handle_key = $2, display_name = $3, groups_json = $4 WHERE id = $5', [
        next.handle,
        key,
        next.displayName,
        JSON.stringify(next.groups),
        id,
      ]);
    } catch (e) {
      if ((e as { code?: string }).code === UNIQUE_VIOLATION) throw handleTaken(next.handle, (await this.byKey(key))?.handle ?? next.handle);
      throw e;
    }
    return next;
  }

  async removeUser(id: string, nowMs: number): Promise<HubUser> {
    return transaction(this.pool, async (c) => {
      await this.byId(c, id);
      await c.query('UPDATE users SET removed_at_ms = COALESCE(removed_at_ms, $1) WHERE id = $2', [nowMs, id]);
      await c.query('UPDATE tokens SET revoked_at_ms = COALESCE(revoked_at_ms, $1) WHERE user_id = $2', [nowMs, id]);
      return this.byId(c, id);
    });
  }

  private async resolveExact(handle: string): Promise<HubUser | null> {
    const r = await this.byKey(handleKey(handle));
    if (!r) return null;
    if (r.handle !== handle) throw notTheExactHandle(handle, r.handle);
    return userOf(r);
  }

  private async byKey(key: string): Promise<UserRow | undefined> {
    return (await this.pool.query('SELECT * FROM users WHERE handle_key = $1', [key])).rows[0] as UserRow | undefined;
  }

  private async byId(c: Queryable, id: string): Promise<HubUser> {
    const r = (await c.query('SELECT * FROM users WHERE id = $1', [id])).rows[0] as UserRow | undefined;
    if (!r) throw new IdentityError(404, 'not_found', `no user ${id}`);
    return userOf(r);
  }

  private async info(c: Queryable, id: number): Promise<TokenInfo | null> {
    const r = (await c.query('SELECT t.*, u.handle FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.id = $1', [id])).rows[0] as (TokenRow & { handle: string }) | undefined;
    return r ? tokenInfoOf(r, this.now()) : null;
  }

  private async revokeIn(c: Queryable, id: number): Promise<TokenInfo> {
    if (!(await this.info(c, id))) throw new IdentityError(404, 'not_found', `no token ${id}`);
    await c.query('UPDATE tokens SET revoked_at_ms = COALESCE(revoked_at_ms, $1) WHERE id = $2', [this.now(), id]);
    return (await this.info(c, id))!;
  }

  private async insertHash(c: Queryable, role: Role, label: string, userId: string, hash: string, expiresAtMs: number | null): Promise<number> {
    const r = await c.query('INSERT INTO tokens (name, role, hash, created_at, user_id, expires_at_ms) VALUES ($1,$2,$3,$4,$5,$6) RETURNING id', [
      label,
      role,
      hash,
      new Date(this.now()).toISOString(),
      userId,
      expiresAtMs,
    ]);
    return (r.rows[0] as { id: number }).id;
  }
}
