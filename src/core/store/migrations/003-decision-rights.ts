// Migration 3: decision rights. Shipped: never edit it, add the next number.
import type { Migration } from '../../../node-shared/sqlite-migrations.js';

export const decisionRights: Migration = {
  version: 3,
  name: 'decision rights: who we are at each source, what a decision was for and what the source answered, rights per item',
  sql: `
      -- GET /v1/me per source: who the console acts as there (handle, groups, token expiry).
      ALTER TABLE sources ADD COLUMN identity_json TEXT;

      -- What the approver saw (request version, action hash, the action) and the source's answer when it did not take
      -- the decision as final (a vote of a quorum, not a decider, a stale action).
      ALTER TABLE decisions ADD COLUMN seen_json TEXT;
      ALTER TABLE decisions ADD COLUMN answer_json TEXT;

      -- Per item, for the signed-in person: may they decide it, is it waiting for them, and the row's rights display
      -- (the groups that decide, the quorum so far). Without a known identity everyone may decide, as before.
      ALTER TABLE items ADD COLUMN may_decide INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE items ADD COLUMN waiting_for_me INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE items ADD COLUMN rights_json TEXT;
      UPDATE items SET waiting_for_me = 1 WHERE lane IN ('approvals', 'escalations');

      -- Items I may decide come first, then urgency: one index still serves a lane's page.
      DROP INDEX items_lane_urgency;
      CREATE INDEX items_lane_urgency ON items(lane, may_decide DESC, expires_sort, risk DESC, created_at_ms);
      CREATE INDEX items_waiting ON items(expires_sort, risk DESC, created_at_ms) WHERE waiting_for_me = 1;
    `,
};
