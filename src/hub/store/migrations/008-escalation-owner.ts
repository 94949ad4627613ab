// Migration 8: an escalation's owner (#15): the one person who took the case, so every console shows "Owned by X" and
// a second person's take is refused until it is released. Null on every existing row (nobody owns them yet).
import type { Migration } from '../../../node-shared/sqlite-migrations.js';

export const escalationOwner: Migration = {
  version: 8,
  name: 'requests.owner_json',
  sql: `ALTER TABLE requests ADD COLUMN owner_json TEXT; -- Ownership JSON {userId, handle, since}, or null`,
};
