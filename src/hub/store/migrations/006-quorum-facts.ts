// Migration 6: the insights facts of two-person requests. `approvals_required` (from the request's rights) is a column
// with a partial index so the `quorum_facts` view reads only quorum requests, never the whole table's JSON.
import type { Migration } from '../../../node-shared/sqlite-migrations.js';

export const quorumFacts: Migration = {
  version: 6,
  name: 'requests.approvals_required, quorum_facts view',
  sql: `
ALTER TABLE requests ADD COLUMN approvals_required INTEGER NOT NULL DEFAULT 1;
UPDATE requests SET approvals_required = COALESCE(json_extract(base_json, '$.rights.approvals'), 1);
CREATE INDEX requests_quorum ON requests (created_at_ms) WHERE approvals_required > 1;

-- The quorum insights contract (src/insights/quorum.ts QUORUM_FACT_COLUMNS): one row per request that needed more than one approval.
CREATE VIEW quorum_facts AS
SELECT
  r.id AS request_id,
  json_extract(r.base_json, '$.source') AS source,
  r.action_class AS action_class,
  r.status AS status,
  r.created_at_ms AS created_at_ms,
  r.decided_at_ms AS decided_at_ms,
  r.approvals_required AS approvals_required,
  r.votes_json AS votes_json,
  json_extract(r.decision_json, '$.verdict') AS verdict,
  json_extract(r.decision_json, '$.decidedById') AS decided_by_id
FROM requests r
WHERE r.approvals_required > 1;
`,
};
