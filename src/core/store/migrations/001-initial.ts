// Migration 1: the console's first schema. Shipped: never edit it, add the next number.
import type { Migration } from '../../../node-shared/sqlite-migrations.js';

export const initial: Migration = {
  version: 1,
  name: 'sources, items, decisions + outbox, cursors, settings, full-text index, insight_facts',
  sql: `
      CREATE TABLE sources (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        url TEXT NOT NULL,
        watch_json TEXT NOT NULL DEFAULT '[]',
        embedded INTEGER NOT NULL DEFAULT 0,
        -- synthetic: seeded rows for benchmarks/E2E; the sync engine never contacts it.
        synthetic INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
      );

      CREATE TABLE cursors (
        source_id TEXT PRIMARY KEY REFERENCES sources(id) ON DELETE CASCADE,
        cursor TEXT,
        updated_at TEXT NOT NULL
      );

      -- One row per queue item: the columns the list sorts/filters on, plus the JSON snapshot.
      CREATE TABLE items (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        external_id TEXT NOT NULL,
        request_id TEXT NOT NULL,
        request_source TEXT NOT NULL,
        lane TEXT,                      -- NULL: in no lane (an unsampled audit item)
        status TEXT NOT NULL,
        control TEXT NOT NULL,
        sampled INTEGER NOT NULL,
        action_class TEXT NOT NULL,
        agent TEXT NOT NULL,
        summary TEXT NOT NULL,
        risk INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL,
        expires_at TEXT,
        -- urgency sort key: expiry with NULLs last (a large sentinel keeps one plain index usable)
        expires_sort INTEGER NOT NULL,
        has_hidden INTEGER NOT NULL,
        version INTEGER NOT NULL,
        gone INTEGER NOT NULL DEFAULT 0,
        source_decided INTEGER NOT NULL DEFAULT 0,
        decided_at_ms INTEGER,
        verdict TEXT,
        changed INTEGER,
        decided_by TEXT,
        outcome_status TEXT,
        action_json TEXT NOT NULL,
        source_decision_json TEXT,
        snapshot_json TEXT NOT NULL,    -- request, allowedVerdicts, descriptionMarkdown, rawValue, sourceUrl
        received_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX items_source_external ON items(source_id, external_id);
      CREATE INDEX items_lane_urgency ON items(lane, expires_sort, risk DESC, created_at_ms);
      CREATE INDEX items_action_class ON items(action_class);
      CREATE INDEX items_agent ON items(agent);

      -- Local decisions: written before item.decide resolves; rows in state local/syncing form the outbox.
      CREATE TABLE decisions (
        id TEXT PRIMARY KEY,
        item_id TEXT NOT NULL UNIQUE REFERENCES items(id) ON DELETE CASCADE,
        source_id TEXT NOT NULL,
        decision_json TEXT NOT NULL,
        sync_state TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        conflict_json TEXT,
        created_at_ms INTEGER NOT NULL,
        synced_at_ms INTEGER
      );
      CREATE INDEX decisions_outbox ON decisions(source_id, created_at_ms) WHERE sync_state IN ('local', 'syncing');

      CREATE TABLE settings (key TEXT PRIMARY KEY, value_json TEXT NOT NULL);

      -- Contentless full-text index keyed by items.rowid (the store keeps it in step on upsert/delete).
      CREATE VIRTUAL TABLE items_fts USING fts5(summary, action, evidence, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');

      -- Insights read this view (the hub has one with the same columns). Effective decision: the source's, else ours.
      CREATE VIEW insight_facts AS
      SELECT
        i.request_id AS request_id,
        i.request_source AS source,
        i.action_class AS action_class,
        i.control AS control,
        i.sampled AS sampled,
        i.status AS status,
        i.agent AS agent,
        i.created_at_ms AS created_at_ms,
        CASE WHEN i.source_decided = 1 THEN i.decided_at_ms ELSE d.created_at_ms END AS decided_at_ms,
        CASE WHEN i.source_decided = 1 THEN i.verdict ELSE json_extract(d.decision_json, '$.verdict') END AS verdict,
        CASE WHEN i.source_decided = 1 THEN i.changed
             WHEN d.id IS NULL THEN NULL
             ELSE json_extract(d.decision_json, '$.changed') END AS changed,
        CASE WHEN i.source_decided = 1 THEN i.decided_by ELSE json_extract(d.decision_json, '$.decidedBy') END AS decided_by,
        i.outcome_status AS outcome_status,
        i.action_json AS action_json,
        CASE WHEN i.source_decided = 1 THEN i.source_decision_json ELSE d.decision_json END AS decision_json
      FROM items i
      LEFT JOIN decisions d ON d.item_id = i.id;
    `,
};
