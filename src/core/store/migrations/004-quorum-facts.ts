// Migration 4: the console's `quorum_facts` view, the same columns as the hub's (src/insights/quorum.ts reads both), so
// the two-person rule's evidence shows in the console's Insights from its local copy, offline too. Only items whose
// request needed more than one approval; the partial index keeps the view from reading every item's JSON.
import type { Migration } from '../../../node-shared/sqlite-migrations.js';

export const quorumFacts: Migration = {
  version: 4,
  name: 'quorum_facts view over items',
  sql: `
      CREATE INDEX items_quorum ON items(created_at_ms) WHERE json_extract(snapshot_json, '$.request.rights.approvals') > 1;
      CREATE VIEW quorum_facts AS
      SELECT
        i.request_id AS request_id,
        i.request_source AS source,
        i.action_class AS action_class,
        i.status AS status,
        i.created_at_ms AS created_at_ms,
        i.decided_at_ms AS decided_at_ms,
        json_extract(i.snapshot_json, '$.request.rights.approvals') AS approvals_required,
        COALESCE(json_extract(i.snapshot_json, '$.request.votes'), '[]') AS votes_json,
        i.verdict AS verdict,
        json_extract(i.source_decision_json, '$.decidedById') AS decided_by_id
      FROM items i
      WHERE json_extract(i.snapshot_json, '$.request.rights.approvals') > 1;
    `,
};
