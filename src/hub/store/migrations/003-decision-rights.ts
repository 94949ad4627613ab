// Migration 3: decision rights. Each request carries the action under decision (its hash, the version it became
// current at, an approver's pending edit) and the quorum votes; users can be removed (deactivated). Old rows get the
// default rights (any approver, one approval) and the hash of their action, so they decide exactly as before.
import type { Migration } from '../../../node-shared/sqlite-migrations.js';
import { sha256Hex } from '../../../node-shared/sha256.js';
import { DEFAULT_RIGHTS } from '../../../shared/domain.js';
import { canonicalJson } from '../../../shared/log-chain.js';

export const decisionRights: Migration = {
  version: 3,
  name: 'requests.action_hash/action_version/pending_action_json/votes_json, users.removed_at_ms',
  up(db) {
    db.exec(`
ALTER TABLE requests ADD COLUMN action_hash TEXT NOT NULL DEFAULT '';   -- sha256 of canonical JSON of the action under decision
ALTER TABLE requests ADD COLUMN action_version INTEGER NOT NULL DEFAULT 1; -- the version at which that action became current
ALTER TABLE requests ADD COLUMN pending_action_json TEXT;                -- an approver's edit the rest of the quorum approves
ALTER TABLE requests ADD COLUMN votes_json TEXT NOT NULL DEFAULT '[]';    -- Vote[] (src/shared/domain.ts), oldest first
ALTER TABLE users ADD COLUMN removed_at_ms INTEGER;                       -- a removed user's tokens stop working; their records stay
`);
    const rows = db.prepare('SELECT id, base_json FROM requests').all() as Array<{ id: string; base_json: string }>;
    const update = db.prepare('UPDATE requests SET base_json = ?, action_hash = ? WHERE id = ?');
    for (const r of rows) {
      const base = JSON.parse(r.base_json) as Record<string, unknown> & { action: unknown };
      const actionHash = sha256Hex(canonicalJson(base.action));
      const next = { onBehalfOf: null, rights: DEFAULT_RIGHTS, ...base, actionHash, pendingAction: null, votes: [] };
      update.run(JSON.stringify(next), actionHash, r.id);
    }
  },
};
