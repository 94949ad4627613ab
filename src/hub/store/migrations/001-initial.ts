// Migration 1: tokens, policy, requests (one row per request, its latest state), decisions, the hash-chained log.
import type { Migration } from '../../../node-shared/sqlite-migrations.js';

export const initial: Migration = {
  version: 1,
  name: 'tokens, policy, requests, decisions, the hash-chained log, insight_facts',
  sql: `
CREATE TABLE tokens (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('agent','approver','admin')),
  hash TEXT NOT NULL UNIQUE,          -- sha256 hex of the token; the token itself is never stored
  created_at TEXT NOT NULL
);

CREATE TABLE action_classes (
  name TEXT PRIMARY KEY,
  json TEXT NOT NULL,
  position INTEGER NOT NULL
);

CREATE TABLE requests (
  id TEXT PRIMARY KEY,
  token_id INTEGER NOT NULL,          -- the submitting token (idempotency scope)
  idem_key TEXT NOT NULL,
  body_hash TEXT NOT NULL,            -- sha256 of the canonical submit body: same key + other body = 409
  requested_by TEXT NOT NULL,
  action_class TEXT NOT NULL,
  control TEXT NOT NULL,
  sampled INTEGER NOT NULL,
  status TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  expires_at_ms INTEGER,
  decided_at_ms INTEGER,
  decided_by TEXT,
  version INTEGER NOT NULL,
  cursor INTEGER NOT NULL,            -- the feed position of the latest change
  last_change TEXT NOT NULL,
  base_json TEXT NOT NULL,            -- the immutable part of the ApprovalRequest
  decision_json TEXT,
  outcome_json TEXT,
  log_head TEXT NOT NULL,             -- hash of the last log entry: catches a deleted tail
  log_count INTEGER NOT NULL,
  UNIQUE (token_id, idem_key)
);
CREATE UNIQUE INDEX requests_cursor ON requests (cursor);
CREATE INDEX requests_pending_expiry ON requests (expires_at_ms) WHERE status = 'pending';

CREATE TABLE decisions (
  id TEXT PRIMARY KEY,                -- made by the console: the decision's idempotency key
  request_id TEXT NOT NULL,
  received_at_ms INTEGER NOT NULL
);

CREATE TABLE log (
  id INTEGER PRIMARY KEY,             -- append-only: ids are never freed, so no AUTOINCREMENT bookkeeping
  request_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  event TEXT NOT NULL,
  actor TEXT NOT NULL,
  at TEXT NOT NULL,
  data_json TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  UNIQUE (request_id, seq)
);

-- The insights contract (another part builds on it): one row per request, flat facts.
CREATE VIEW insight_facts AS
SELECT
  r.id AS request_id,
  json_extract(r.base_json, '$.source') AS source,
  r.action_class AS action_class,
  r.control AS control,
  r.sampled AS sampled,
  r.status AS status,
  r.agent_id AS agent,
  r.created_at_ms AS created_at_ms,
  r.decided_at_ms AS decided_at_ms,
  json_extract(r.decision_json, '$.verdict') AS verdict,
  CASE WHEN r.decision_json IS NULL THEN NULL ELSE json_extract(r.decision_json, '$.changed') END AS changed,
  r.decided_by AS decided_by,
  json_extract(r.outcome_json, '$.status') AS outcome_status,
  json_extract(r.base_json, '$.action') AS action_json,
  r.decision_json AS decision_json
FROM requests r;
`,
};
