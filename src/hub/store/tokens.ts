// Bearer tokens: high-entropy random strings, stored only as their sha256, each with a name and a role.
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Role } from '../../shared/protocol.js';
import { sha256Hex } from '../log/node-chain.js';

export interface TokenIdentity {
  id: number;
  name: string;
  role: Role;
}

export class TokenStore {
  // Positive lookups only: a token created by the CLI in another process is found on its first use.
  private cache = new Map<string, TokenIdentity>();
  constructor(private db: Database.Database) {}

  create(role: Role, name: string): string {
    if (!name || name.length > 200) throw new Error('token name must be 1..200 characters');
    const token = `cs_${role}_${randomBytes(32).toString('base64url')}`;
    this.insertHash(role, name, sha256Hex(token));
    return token;
  }

  /** Registers a token someone else generated (the bootstrap admin token); a no-op when it exists. */
  ensure(role: Role, name: string, token: string): void {
    if (token.length < 16) throw new Error('bootstrap token must be at least 16 characters');
    const hash = sha256Hex(token);
    const found = this.db.prepare('SELECT id FROM tokens WHERE hash = ?').get(hash);
    if (!found) this.insertHash(role, name, hash);
  }

  authenticate(token: string): TokenIdentity | null {
    const hash = sha256Hex(token);
    const hit = this.cache.get(hash);
    if (hit) return hit;
    const row = this.db.prepare('SELECT id, name, role FROM tokens WHERE hash = ?').get(hash) as TokenIdentity | undefined;
    if (!row) return null;
    this.cache.set(hash, row);
    return row;
  }

  list(): Array<{ id: number; name: string; role: Role; createdAt: string }> {
    return this.db.prepare('SELECT id, name, role, created_at AS createdAt FROM tokens ORDER BY id').all() as never;
  }

  private insertHash(role: Role, name: string, hash: string): void {
    this.db.prepare('INSERT INTO tokens (name, role, hash, created_at) VALUES (?,?,?,?)').run(name, role, hash, new Date().toISOString());
  }
}
