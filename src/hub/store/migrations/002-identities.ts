// Migration 2: people, not tokens. Users (stable id, handle, groups), tokens owned by a user with expiry and revocation,
// and the submitting identity's id on each request (the self-approval guard compares ids, never names).
import { randomUUID } from 'node:crypto';
import type { Migration } from '../../../node-shared/sqlite-migrations.js';
import { handleKey } from '../../../shared/handle-key.js';

export const identities: Migration = {
  version: 2,
  name: 'users, token owners/expiry/revocation, requests.requested_by_id',
  up(db) {
    db.exec(`
CREATE TABLE users (
  id TEXT PRIMARY KEY,                -- stable: votes and decisions name it, a rename does not change it
  kind TEXT NOT NULL CHECK (kind IN ('user','agent')),
  handle TEXT NOT NULL,
  handle_key TEXT NOT NULL UNIQUE,    -- src/shared/handle-key.ts handleKey(): two handles with one key are one person
  display_name TEXT NOT NULL,
  groups_json TEXT NOT NULL,
  created_at TEXT NOT NULL
);
ALTER TABLE tokens ADD COLUMN user_id TEXT REFERENCES users(id);
ALTER TABLE tokens ADD COLUMN expires_at_ms INTEGER;
ALTER TABLE tokens ADD COLUMN revoked_at_ms INTEGER;
ALTER TABLE requests ADD COLUMN requested_by_id TEXT;
`);
    // Existing tokens become users named by their token name; tokens that shared a name (or a folded one) share a user.
    const byKey = new Map<string, string>();
    const tokens = db.prepare('SELECT id, name, role, created_at FROM tokens ORDER BY id').all() as Array<{ id: number; name: string; role: string; created_at: string }>;
    const insertUser = db.prepare("INSERT INTO users (id, kind, handle, handle_key, display_name, groups_json, created_at) VALUES (?,?,?,?,?,'[]',?)");
    const setOwner = db.prepare('UPDATE tokens SET user_id = ? WHERE id = ?');
    for (const t of tokens) {
      const key = handleKey(t.name);
      let userId = byKey.get(key);
      if (!userId) {
        userId = `u_${randomUUID()}`;
        insertUser.run(userId, t.role === 'agent' ? 'agent' : 'user', t.name, key, t.name, t.created_at);
        byKey.set(key, userId);
      }
      setOwner.run(userId, t.id);
    }
    db.exec('UPDATE requests SET requested_by_id = (SELECT user_id FROM tokens WHERE tokens.id = requests.token_id)');
  },
};
