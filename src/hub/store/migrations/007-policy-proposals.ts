// Migration 7: policy proposals (#13 item 3) and signed policy versions. A version made from a console's proposal keeps
// the proposal's id, so a retry of the same proposal is answered with the version it made instead of a second change
// (or a false "moved on"). Each version is signed with the hub's log key like the decision log's entries (`sig`),
// so a rewritten policy history cannot simply be re-hashed by someone who can write the database.
import type { Migration } from '../../../node-shared/sqlite-migrations.js';

export const policyProposals: Migration = {
  version: 7,
  name: 'policy_versions.proposal_id, policy_versions.sig',
  sql: `
ALTER TABLE policy_versions ADD COLUMN proposal_id TEXT; -- the console proposal that made this version; null otherwise
ALTER TABLE policy_versions ADD COLUMN sig TEXT;         -- Ed25519 over the version's hash (log-signing signEntry); null before signing
CREATE UNIQUE INDEX policy_versions_proposal ON policy_versions (proposal_id) WHERE proposal_id IS NOT NULL;
`,
};
