// PostgreSQL's own numbered migrations (the SQLite ones are src/hub/store/migrations/): append-only, recorded in
// schema_migrations, applied under an advisory lock so replicas starting together take each step once.
import type pg from 'pg';
import { checkout } from './pool.js';

const MIGRATION_LOCK = 0x636f756e; // any constant shared by every replica

interface PgMigration {
  version: number;
  name: string;
  sql: string;
}

const MIGRATIONS: PgMigration[] = [
  {
    version: 1,
    name: 'the hub schema as of SQLite migration 7, plus the one-row feed and log head',
    sql: `
CREATE TABLE hub_head (                 -- one row: every write locks it, so feed cursors and log positions follow commit order
  one BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one),
  cursor BIGINT NOT NULL,
  log_id BIGINT NOT NULL,
  log_key_id TEXT                       -- the key every replica must sign with, pinned by the first start
);
INSERT INTO hub_head (cursor, log_id) VALUES (0, 0);
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('user','agent')),
  handle TEXT NOT NULL,
  handle_key TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  groups_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  removed_at_ms BIGINT
);
CREATE TABLE tokens (
  id BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('agent','approver','admin')),
  hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users(id),
  expires_at_ms BIGINT,
  revoked_at_ms BIGINT
);
CREATE TABLE action_classes (name TEXT PRIMARY KEY, json TEXT NOT NULL, position INTEGER NOT NULL);
CREATE TABLE policy_versions (
  version INTEGER PRIMARY KEY,
  author TEXT NOT NULL,
  author_id TEXT,
  at TEXT NOT NULL,
  rationale TEXT NOT NULL,
  evidence_json TEXT,
  classes_json TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  proposal_id TEXT UNIQUE,
  sig TEXT
);
CREATE TABLE requests (
  id TEXT PRIMARY KEY,
  token_id BIGINT NOT NULL,
  idem_key TEXT NOT NULL,
  body_hash TEXT NOT NULL,
  requested_by TEXT NOT NULL,
  action_class TEXT NOT NULL,
  control TEXT NOT NULL,
  sampled INTEGER NOT NULL,
  status TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  expires_at_ms BIGINT,
  decided_at_ms BIGINT,
  decided_by TEXT,
  version INTEGER NOT NULL,
  cursor BIGINT NOT NULL UNIQUE,
  last_change TEXT NOT NULL,
  base_json TEXT NOT NULL,
  decision_json TEXT,
  outcome_json TEXT,
  log_head TEXT NOT NULL,
  log_count INTEGER NOT NULL,
  requested_by_id TEXT,
  action_hash TEXT NOT NULL,
  action_version INTEGER NOT NULL,
  pending_action_json TEXT,
  votes_json TEXT NOT NULL,
  policy_version INTEGER,
  approvals_required INTEGER NOT NULL,
  UNIQUE (token_id, idem_key)
);
CREATE INDEX requests_pending_expiry ON requests (expires_at_ms) WHERE status = 'pending';
CREATE TABLE decisions (id TEXT PRIMARY KEY, request_id TEXT NOT NULL, received_at_ms BIGINT NOT NULL);
CREATE TABLE log (
  id BIGINT PRIMARY KEY,
  request_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  event TEXT NOT NULL,
  actor TEXT NOT NULL,
  at TEXT NOT NULL,
  data_json TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  sig TEXT,
  UNIQUE (request_id, seq)
);
CREATE TABLE log_checkpoints (seq BIGINT PRIMARY KEY, head TEXT NOT NULL, at TEXT NOT NULL, key_id TEXT NOT NULL, signature TEXT NOT NULL);
`,
  },
  {
    version: 2,
    name: 'stream tickets shared by the replicas',
    sql: `
CREATE TABLE stream_tickets (         -- sha256 of the ticket only; deleted when used, so a ticket opens one stream on any replica
  hash TEXT PRIMARY KEY,
  identity_json TEXT NOT NULL,
  expires_at_ms BIGINT NOT NULL
);
CREATE INDEX stream_tickets_expiry ON stream_tickets (expires_at_ms);
`,
  },
  {
    version: 3,
    name: 'an escalation owner',
    sql: `ALTER TABLE requests ADD COLUMN owner_json TEXT; -- Ownership JSON {userId, handle, since}, or null (SQLite migration 8)`,
  },
];

/** Applies what the database lacks, in one transaction; refuses a database from a newer build. Returns how many ran. */
export async function migratePg(pool: pg.Pool): Promise<number> {
  const { c, release } = await checkout(pool);
  try {
    await c.query('BEGIN');
    await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await c.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
    const found = ((await c.query('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations')).rows[0] as { v: number }).v;
    if (found > MIGRATIONS.length) throw new Error(`the database has hub schema version ${found}, newer than this build knows (${MIGRATIONS.length}): run a newer hub`);
    const todo = MIGRATIONS.slice(found);
    for (const m of todo) {
      await c.query(m.sql);
      await c.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
    }
    await c.query('COMMIT');
    return todo.length;
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    release(false);
  }
}
