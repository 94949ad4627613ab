// Policy versions (#13 item 1) on the real hub process: every change is a version with its author (the hub identity),
// rationale and evidence; requests record the version that classified them; a change from a moved-on version is
// refused; the diff between two versions is structural; a rewritten past version is caught by the chain.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { changePolicy, getActionClasses, getPolicyDiff, getPolicyVersion, HubError, listPolicyVersions } from '../../src/hub-client/index.js';
import { ActionClass } from '../../src/shared/domain.js';
import { migrate } from '../../src/node-shared/sqlite-migrations.js';
import { openHubDb } from '../../src/hub/store/db.js';
import { MIGRATIONS } from '../../src/hub/store/migrations/index.js';
import { PolicyStore } from '../../src/hub/store/policy-store.js';
import { request, spawnHub, type HubProcess } from '../helpers/hub.js';
import { proposal, submit } from './util.js';

let hub: HubProcess | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await hub?.stop();
  hub = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const admin = (h: HubProcess) => ({ url: h.url, token: h.adminToken });

describe('policy versions', () => {
  it('records each change with its author, rationale and evidence, and each request with the version that classified it', async () => {
    hub = await spawnHub();
    const h = hub;
    const first = await listPolicyVersions(admin(h));
    expect(first).toMatchObject({ current: 1, verified: true, versions: [{ version: 1, author: 'hub', authorId: null }] });
    const before = await submit(h, proposal('refund.issue', { amount: 50 }));
    expect(before.policyVersion).toBe(1);

    const classes = await getActionClasses(admin(h));
    const refund = classes.find((c) => c.name === 'refund.issue')!;
    const relaxed = classes.map((c) => (c.name === 'refund.issue' ? { ...c, conditionalFactors: [], description: 'Refunds: review lane' } : c));
    const evidence = { changeRate: 0.0, decisions: 312, interval: [0, 0.012] };
    const changed = await changePolicy(admin(h), { classes: relaxed, rationale: 'Never changed in 312 decisions', evidence, baseVersion: 1 });
    expect(changed.version).toBe(2);

    const list = await listPolicyVersions(admin(h));
    expect(list.verified).toBe(true);
    const me = (await request(h.url, '/v1/me', { token: h.adminToken })).body as { id: string; handle: string };
    expect(list.versions[1]).toMatchObject({ version: 2, author: me.handle, authorId: me.id, rationale: 'Never changed in 312 decisions', evidence });
    const after = await submit(h, proposal('refund.issue', { amount: 50 }));
    expect(after.policyVersion).toBe(2);
    // The log's classification names the version too, so an auditor can see which rule was applied.
    const log = (await request(h.url, `/v1/requests/${after.id}/log`, { token: h.adminToken })).body as { entries: Array<{ event: string; data: any }> };
    expect(log.entries.find((e) => e.event === 'submitted')!.data.classification.policyVersion).toBe(2);

    const diff = await getPolicyDiff(admin(h), 1, 2);
    expect(diff.changes).toHaveLength(1);
    expect(diff.changes[0]).toMatchObject({ name: 'refund.issue', kind: 'changed' });
    expect(diff.changes[0]!.patch).toEqual(expect.arrayContaining([expect.objectContaining({ op: 'replace', path: '/description', value: 'Refunds: review lane' })]));
    expect((await getPolicyVersion(admin(h), 1)).classes.find((c) => c.name === 'refund.issue')).toEqual(ActionClass.parse(refund));
  });

  it('refuses a change made from a version that moved on, a non-admin change and a duplicate class, changing nothing', async () => {
    hub = await spawnHub();
    const h = hub;
    const classes = await getActionClasses(admin(h));
    await changePolicy(admin(h), { classes: classes.slice(1), rationale: 'drop one', baseVersion: 1 });
    const stale = await changePolicy(admin(h), { classes, rationale: 'from an old screen', baseVersion: 1 }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(HubError);
    expect((stale as HubError).status).toBe(409);
    expect((stale as HubError).code).toBe('policy_moved_on');
    const approver = await request(h.url, '/v1/action-classes', { method: 'PUT', token: h.approverToken, body: { classes } });
    expect(approver.status).toBe(403);
    const dup = await request(h.url, '/v1/action-classes', { method: 'PUT', token: h.adminToken, body: { classes: [classes[0], classes[0]] } });
    expect(dup.status).toBe(400);
    const bad = await request(h.url, '/v1/action-classes', { method: 'PUT', token: h.adminToken, body: { classes: [{ name: 'x', approvals: 0 }], rationale: 5 } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.issues)).toContain('rationale');
    expect((await listPolicyVersions(admin(h))).current).toBe(2);
    // The same policy again is not a new version.
    const same = await changePolicy(admin(h), { classes: classes.slice(1), rationale: 'no-op' });
    expect(same.version).toBe(2);
  });

  it('a policy file starts a new version only when it differs, and a rewritten past version breaks the chain', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'countersign-policy-'));
    dirs.push(dir);
    hub = await spawnHub({ dataDir: dir });
    const file = join(dir, 'policy.json');
    const classes = await getActionClasses(admin(hub));
    writeFileSync(file, JSON.stringify({ classes: classes.slice(0, 2) }));
    await hub.stop();
    hub = await spawnHub({ dataDir: dir, policyFile: file });
    await hub.stop();
    hub = await spawnHub({ dataDir: dir, policyFile: file });
    const list = await listPolicyVersions(admin(hub));
    expect(list.versions.map((v) => [v.version, v.author])).toEqual([
      [1, 'hub'],
      [2, 'policy-file'],
    ]);
    const db = new Database(join(hub.dataDir, 'hub.db'));
    try {
      db.prepare("UPDATE policy_versions SET rationale = 'nothing to see' WHERE version = 1").run();
    } finally {
      db.close();
    }
    const broken = await listPolicyVersions(admin(hub));
    expect(broken.verified).toBe(false);
    expect(broken.problem).toMatchObject({ brokenAt: 1 });
  });
});

describe('migration 5 on a v4 hub file', () => {
  it('makes the stored policy version 1 with a verifying chain, and the next change version 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'countersign-policy-mig-'));
    dirs.push(dir);
    const file = join(dir, 'hub.db');
    const v4 = new Database(file);
    migrate(v4, MIGRATIONS.slice(0, 4));
    v4.prepare('INSERT INTO action_classes (name, json, position) VALUES (?,?,0)').run(
      'refund.issue',
      JSON.stringify(ActionClass.parse({ name: 'refund.issue', factors: ['irreversible'] })),
    );
    v4.close();
    const db = openHubDb(dir);
    try {
      const policy = new PolicyStore(db);
      expect(policy.version()).toBe(1);
      expect(policy.versions.verify()).toEqual({ ok: true });
      expect(policy.versions.get(1)!.classes.map((c) => c.name)).toEqual(['refund.issue']);
      expect(policy.versions.list()[0]).toMatchObject({ author: 'hub', rationale: 'The policy as it was when versioning began' });
      const next = policy.change([ActionClass.parse({ name: 'refund.issue' })], { author: 'ana', authorId: 'u_ana', rationale: 'relax', evidence: null });
      expect(next).toMatchObject({ version: 2, changed: true });
      expect(policy.versions.verify()).toEqual({ ok: true });
    } finally {
      db.close();
    }
  });
});
