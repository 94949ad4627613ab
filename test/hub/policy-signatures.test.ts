// Policy versions are signed with the hub's log key like the decision log (#13 item 4): someone who can write the
// database and rewrites a past version, re-hashing the whole chain so it links up again, is still caught, by
// GET /v1/policy/versions and by verify-log, because they cannot sign it.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { changePolicy, getActionClasses, listPolicyVersions } from '../../src/hub-client/index.js';
import { sha256Hex } from '../../src/node-shared/sha256.js';
import { canonicalJson, GENESIS_HASH } from '../../src/shared/log-chain.js';
import { REPO_ROOT, spawnHub, type HubProcess } from '../helpers/hub.js';

let hub: HubProcess | undefined;
afterEach(async () => {
  await hub?.stop();
  hub = undefined;
});

const verifyLog = (dataDir: string) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/hub/cli.ts'), 'verify-log', '--data', dataDir], { cwd: REPO_ROOT, encoding: 'utf8' }).then(
    (r) => ({ code: 0, out: r.stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
  );

it('signs every version, and a rewritten, re-hashed history is caught by its signature', async () => {
  hub = await spawnHub();
  const h = hub;
  const admin = { url: h.url, token: h.adminToken };
  const classes = await getActionClasses(admin);
  await changePolicy(admin, { classes: classes.slice(1), rationale: 'drop one', baseVersion: 1 });
  const db = new Database(join(h.dataDir, 'hub.db'));
  try {
    const rows = db.prepare('SELECT * FROM policy_versions ORDER BY version').all() as Array<Record<string, unknown>>;
    expect(rows.map((r) => typeof r.sig === 'string' && r.sig.length > 40)).toEqual([true, true]);
    expect((await listPolicyVersions(admin)).verified).toBe(true);
    expect((await verifyLog(h.dataDir)).code).toBe(0);

    // Rewrite version 2's rationale and recompute every hash, as policy-versions.ts does: the chain links up again.
    let prev = GENESIS_HASH;
    for (const r of rows) {
      const rationale = r.version === 2 ? 'approved by the board' : (r.rationale as string);
      const fields = {
        version: r.version,
        author: r.author,
        authorId: r.author_id,
        at: r.at,
        rationale,
        evidence: r.evidence_json === null ? null : JSON.parse(r.evidence_json as string),
        classes: JSON.parse(r.classes_json as string),
      };
      const hash = sha256Hex(prev + canonicalJson(fields));
      db.prepare('UPDATE policy_versions SET rationale = ?, prev_hash = ?, hash = ? WHERE version = ?').run(rationale, prev, hash, r.version);
      prev = hash;
    }
  } finally {
    db.close();
  }
  const list = await listPolicyVersions(admin);
  expect(list.verified).toBe(false);
  expect(list.problem).toEqual({ brokenAt: 2, reason: 'it is not signed by this hub' });
  const v = await verifyLog(h.dataDir);
  expect(v.code).toBe(1);
  expect(v.out).toContain('TAMPERED policy version 2: it is not signed by this hub');
});
