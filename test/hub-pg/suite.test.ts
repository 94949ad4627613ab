// The hub's integration suite on PostgreSQL: the same test files as on SQLite (real hub processes over HTTP), each
// hub on a new database of one throwaway server. Left out: the files that open hub.db itself (log and policy
// rewrites, durability, backup/restore, migrations, the data-dir lock), which are about the SQLite file.
import { afterAll } from 'vitest';
import { usePostgresForHubs } from '../helpers/postgres.js';

await usePostgresForHubs({ afterAll });
await import('../hub/decisions.test.js');
await import('../hub/decision-rights.test.js');
await import('../hub/feed-sse.test.js');
await import('../hub/submit-classify.test.js');
await import('../hub/identities.test.js');
await import('../hub/policy-proposals.test.js');
await import('../hub/idempotency-lookup.test.js');
await import('../hub/bad-input.test.js');
await import('../hub/shutdown.test.js');
await import('../hub/escalation-ownership.test.js');
