// People and agent identities: a stable id, a handle unique under handleKey(), a display name, groups.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { HubUser } from '../../shared/protocol.js';
import { handleKey } from '../../shared/handle-key.js';
import { stmt } from './statements.js';

/** A refusal an admin can act on: the code is part of the API. */
export class IdentityError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface UserRow {
  id: string;
  kind: 'user' | 'agent';
  handle: string;
  display_name: string;
  groups_json: string;
  created_at: string;
  removed_at_ms?: number | null;
}

export function userOf(r: UserRow): HubUser {
  return {
    id: r.id,
    kind: r.kind,
    handle: r.handle,
    displayName: r.display_name,
    groups: JSON.parse(r.groups_json) as string[],
    createdAt: r.created_at,
    removedAt: r.removed_at_ms ? new Date(r.removed_at_ms).toISOString() : null,
  };
}

export type NewUser = { handle: string; displayName?: string; groups?: string[]; kind?: 'user' | 'agent' };
export type UserPatch = { handle?: string; displayName?: string; groups?: string[] };

/** The refusal for a handle that is, or looks like, an existing one (one wording for every backend). */
export function handleTaken(handle: string, existing: string): IdentityError {
  const how = existing === handle ? 'already exists' : `is the same person as the existing handle "${existing}" (compared case- and Unicode-normalised)`;
  return new IdentityError(409, 'handle_taken', `handle "${handle}" ${how}`);
}

/** The refusal for a name given in another spelling of an existing handle: a token is issued to the exact handle only. */
export function notTheExactHandle(handle: string, existing: string): IdentityError {
  return new IdentityError(409, 'handle_taken', `"${handle}" is the same person as the existing handle "${existing}": use that handle`);
}

/** A new person's row: a fresh id, the display name defaulting to the handle, groups without repeats. */
export function newUserRow(u: NewUser): UserRow {
  return {
    id: `u_${randomUUID()}`,
    kind: u.kind ?? 'user',
    handle: u.handle,
    display_name: u.displayName || u.handle,
    groups_json: JSON.stringify([...new Set(u.groups ?? [])]),
    created_at: new Date().toISOString(),
  };
}

/** A person after an edit; a removed person cannot be edited (their records keep naming who they were). */
export function patchedUser(cur: HubUser, patch: UserPatch): HubUser {
  if (cur.removedAt) throw new IdentityError(409, 'user_removed', `user ${cur.handle} was removed at ${cur.removedAt}`);
  return {
    ...cur,
    ...(patch.handle ? { handle: patch.handle } : {}),
    ...(patch.displayName ? { displayName: patch.displayName } : {}),
    ...(patch.groups ? { groups: [...new Set(patch.groups)] } : {}),
  };
}

export class UserStore {
  constructor(private db: Database.Database) {}

  /** Refuses a handle that is, or looks like, an existing one: "AG1" and "ag1" are one person. */
  create(u: NewUser): HubUser {
    const key = handleKey(u.handle);
    const clash = this.byKey(key);
    if (clash) throw handleTaken(u.handle, clash.handle);
    const row = newUserRow(u);
    stmt(this.db, 'INSERT INTO users (id, kind, handle, handle_key, display_name, groups_json, created_at) VALUES (?,?,?,?,?,?,?)').run(
      row.id,
      row.kind,
      row.handle,
      key,
      row.display_name,
      row.groups_json,
      row.created_at,
    );
    return userOf(row);
  }

  /** The user a handle names exactly (same key AND same spelling); a look-alike spelling is refused, not matched. */
  resolveExact(handle: string): HubUser | null {
    const r = this.byKey(handleKey(handle));
    if (!r) return null;
    if (r.handle !== handle) throw notTheExactHandle(handle, r.handle);
    return userOf(r);
  }

  /** By id, or by exact handle. */
  find(idOrHandle: string): HubUser | null {
    const r = stmt(this.db, 'SELECT * FROM users WHERE id = ?').get(idOrHandle) as UserRow | undefined;
    return r ? userOf(r) : this.resolveExact(idOrHandle);
  }

  list(): HubUser[] {
    return (stmt(this.db, 'SELECT * FROM users ORDER BY created_at, id').all() as UserRow[]).map(userOf);
  }

  /**
   * Changes the handle, the display name or the groups; the id stays (records name it). A new handle is refused when it
   * is, or looks like, someone else's. Records already written keep the handle they were written with (decisions,
   * votes, the log); a removed user cannot be changed.
   */
  update(id: string, patch: UserPatch): HubUser {
    const next = patchedUser(this.byId(id), patch);
    const key = handleKey(next.handle);
    const clash = this.byKey(key);
    if (clash && clash.id !== id) throw handleTaken(next.handle, clash.handle);
    stmt(this.db, 'UPDATE users SET handle = ?, handle_key = ?, display_name = ?, groups_json = ? WHERE id = ?').run(
      next.handle,
      key,
      next.displayName,
      JSON.stringify(next.groups),
      id,
    );
    return next;
  }

  /**
   * Removes (deactivates) a person: every token of theirs is revoked in the same transaction and refused from the next
   * request. The row stays, so what they decided or voted keeps naming them, and their handle stays taken: nobody
   * else can become "them" in the records. Removing twice keeps the first time.
   */
  remove(id: string, nowMs: number): HubUser {
    return this.db
      .transaction(() => {
        this.byId(id);
        stmt(this.db, 'UPDATE users SET removed_at_ms = COALESCE(removed_at_ms, ?) WHERE id = ?').run(nowMs, id);
        stmt(this.db, 'UPDATE tokens SET revoked_at_ms = COALESCE(revoked_at_ms, ?) WHERE user_id = ?').run(nowMs, id);
        return this.byId(id);
      })
      .immediate();
  }

  private byId(id: string): HubUser {
    const r = stmt(this.db, 'SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    if (!r) throw new IdentityError(404, 'not_found', `no user ${id}`);
    return userOf(r);
  }

  private byKey(key: string): UserRow | undefined {
    return stmt(this.db, 'SELECT * FROM users WHERE handle_key = ?').get(key) as UserRow | undefined;
  }
}
