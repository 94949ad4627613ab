// Migration 5: policy versions (#13). Each policy change becomes a hash-chained version with its author, time,
// rationale and evidence; each request records the version it was classified under. The policy a hub already has
// becomes version 1 ("as it was when versioning began"); requests from before keep a null version ("before versioning").
import type { Migration } from '../../../node-shared/sqlite-migrations.js';
import { canonicalJson, GENESIS_HASH } from '../../../shared/log-chain.js';
import { sha256Hex } from '../../../node-shared/sha256.js';

export const policyVersions: Migration = {
  version: 5,
  name: 'policy_versions, requests.policy_version',
  up(db) {
    db.exec(`
CREATE TABLE policy_versions (
  version INTEGER PRIMARY KEY,      -- 1, 2, ... with no gaps
  author TEXT NOT NULL,             -- the hub handle of who changed it ('hub' for the hub's own changes)
  author_id TEXT,                   -- their stable user id; null for the hub's own changes
  at TEXT NOT NULL,
  rationale TEXT NOT NULL,
  evidence_json TEXT,               -- the figures the change was based on, as the author sent them
  classes_json TEXT NOT NULL,       -- the whole class list as it became
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL                -- policy-versions.ts versionHash(): sha256(prev_hash + canonical JSON of the fields)
);
ALTER TABLE requests ADD COLUMN policy_version INTEGER; -- null: classified before versioning
`);
    const classes = (db.prepare('SELECT json FROM action_classes ORDER BY position').pluck().all() as string[]).map((j) => JSON.parse(j) as unknown);
    if (classes.length === 0) return;
    // The same hash rule as PolicyVersions.append (kept literal here: a migration must not change when the code does).
    const fields = { version: 1, author: 'hub', authorId: null, at: new Date().toISOString(), rationale: 'The policy as it was when versioning began', evidence: null, classes };
    const hash = sha256Hex(GENESIS_HASH + canonicalJson(fields));
    db.prepare('INSERT INTO policy_versions (version, author, author_id, at, rationale, evidence_json, classes_json, prev_hash, hash) VALUES (1,?,?,?,?,NULL,?,?,?)').run(
      fields.author,
      null,
      fields.at,
      fields.rationale,
      JSON.stringify(classes),
      GENESIS_HASH,
      hash,
    );
  },
};
