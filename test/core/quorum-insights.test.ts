// The two-person rule's evidence in the console (#10 Insights): two approvers decide at the real hub, the console syncs
// its local copy, and its own Insights (local SQLite, so offline too) say how often the second approver rejected or
// changed what the first approved (the same src/insights/quorum.ts code the hub runs, over the console's view).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { getActionClasses, putActionClasses } from '../../src/hub-client/index.js';
import { spawnHub, type HubProcess } from '../helpers/hub.js';
import type { ConsoleCore } from '../../src/core/api.js';
import { decide, decisionFor } from '../hub/util.js';
import { makeCore, submit, waitFor } from './helpers.js';

let hub: HubProcess;
let core: ConsoleCore;
let dataDir: string;

beforeAll(async () => {
  hub = await spawnHub();
  const admin = { url: hub.url, token: hub.adminToken };
  const classes = await getActionClasses(admin);
  await putActionClasses(
    admin,
    classes.map((c) => (c.name === 'refund.issue' ? { ...c, approvals: 2 } : c)),
  );
  ({ core, dataDir } = await makeCore());
  await core.call('sources.add', { kind: 'hub', name: 'Team hub', url: hub.url, token: hub.adminToken });
});
afterAll(async () => {
  await core?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  await hub?.stop();
});

it('counts a second approver rejecting what the first approved, and an approval by both', async () => {
  const today = new Date().toISOString().slice(0, 10);
  const rejected = await submit(hub.url, hub.agentToken, { summary: 'refund the second approver rejects' });
  const approved = await submit(hub.url, hub.agentToken, { summary: 'refund both approve' });
  expect(rejected.rights.approvals).toBe(2);
  for (const r of [rejected, approved]) expect((await decide(hub, hub.approverToken, [decisionFor(r.id, 'approve')]))[0]!.status).toBe('vote_recorded');
  expect((await decide(hub, hub.approver2Token, [decisionFor(rejected.id, 'reject', { feedback: 'wrong customer' })]))[0]!.status).toBe('accepted');
  expect((await decide(hub, hub.approver2Token, [decisionFor(approved.id, 'approve')]))[0]!.status).toBe('accepted');

  const period = { from: today, to: today };
  const figures = await waitFor('the console to hold both decisions', async () => {
    const q = (await core.call('insights.compute', { period })).quorum?.find((f) => f.actionClass === 'refund.issue');
    return q && q.settledAfterFirst === 2 ? q : undefined;
  });
  expect(figures).toMatchObject({ requests: 2, settledAfterFirst: 2, approved: 1, secondRejected: 1, secondChanged: 0, changedOrRejectedRate: 0.5 });
  expect(figures.extraWait.count).toBe(2);
});
