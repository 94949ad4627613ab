// Migration 4: the log's Ed25519 signatures. Each entry gets the hub's signature over (request, seq, hash), and
// signed checkpoints fold the whole log up to a position into one head that can be exported and anchored elsewhere.
// The key itself never enters the database (docs/security.md, item 9).
import type { Migration } from '../../../node-shared/sqlite-migrations.js';

export const logSignatures: Migration = {
  version: 4,
  name: 'log entry signatures, signed log checkpoints',
  sql: `
ALTER TABLE log ADD COLUMN sig TEXT;   -- base64 Ed25519; NULL only for entries written before the hub had a key
CREATE TABLE log_checkpoints (
  seq INTEGER PRIMARY KEY,             -- the log position (log.id) it covers up to
  head TEXT NOT NULL,                  -- foldLogHead over every entry with id <= seq
  at TEXT NOT NULL,
  key_id TEXT NOT NULL,
  signature TEXT NOT NULL
);
`,
};
