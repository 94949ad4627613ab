// Migration 5: policy proposals (#13 item 3). A proposal is written here before policy.propose resolves and sent from
// this outbox like a decision (state local -> syncing -> applied | refused), so a change proposed offline is not lost
// and goes out once. `source_policies` keeps the last policy each source showed, so the what-if can start from the
// real policy offline too (marked with when it was read).
import type { Migration } from '../../../node-shared/sqlite-migrations.js';

export const policyProposals: Migration = {
  version: 5,
  name: 'policy_proposals outbox, source_policies copy',
  sql: `
      CREATE TABLE policy_proposals (
        id TEXT PRIMARY KEY,               -- also the hub's idempotency key
        source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        class_name TEXT NOT NULL,
        base_version INTEGER NOT NULL,
        body_json TEXT NOT NULL,           -- { actionClass, rationale, evidence }
        author TEXT,                       -- who proposed it, as the source named this console then (null: not known yet)
        state TEXT NOT NULL,               -- local | syncing | applied | refused
        error TEXT,                        -- refused: the source's answer; local: the last failed attempt
        error_code TEXT,                   -- refused: policy_moved_on | forbidden | invalid | no_change
        result_version INTEGER,            -- applied: the version it made
        attempts INTEGER NOT NULL DEFAULT 0,
        created_at_ms INTEGER NOT NULL,
        settled_at_ms INTEGER
      );
      CREATE INDEX policy_proposals_outbox ON policy_proposals(source_id, created_at_ms) WHERE state IN ('local', 'syncing');

      CREATE TABLE source_policies (
        source_id TEXT PRIMARY KEY REFERENCES sources(id) ON DELETE CASCADE,
        json TEXT NOT NULL,                -- { version, verified, classes, versions } as the source answered
        read_at_ms INTEGER NOT NULL
      );
    `,
};
