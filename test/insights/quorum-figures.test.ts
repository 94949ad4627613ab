// Two-person approval figures from the real hub (GET /v1/insights): how often a later approver changed or rejected
// what the first approved, and the extra wait from the first approval to the final decision.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { InsightsReport } from '../../src/shared/insights/schemas.js';
import { createToken, putActionClasses } from '../../src/hub-client/index.js';
import { request, spawnHub, type HubProcess } from '../helpers/hub.js';
import { decide, decisionFor, proposal, submit } from '../hub/util.js';

let hub: HubProcess;
const today = new Date().toISOString().slice(0, 10);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  hub = await spawnHub();
  const admin = { url: hub.url, token: hub.adminToken };
  await putActionClasses(admin, [
    { name: 'two.person', override: 'approval', approvals: 2 },
    { name: 'one.person', override: 'approval' },
  ]);
  const a = await createToken(admin, { role: 'approver', name: 'qa-first' });
  const b = await createToken(admin, { role: 'approver', name: 'qa-second' });
  const r = await Promise.all([1, 2, 3, 4, 5].map((n) => submit(hub, proposal('two.person', { n }))));
  await submit(hub, proposal('one.person', { n: 6 }));
  for (const x of r.slice(0, 4)) expect((await decide(hub, a, [decisionFor(x.id, 'approve')]))[0]!.status).toBe('vote_recorded');
  await pause(300);
  // r0: the second agrees. r1: the second edits, the first approves the edit. r2: the second rejects. r3: still waiting.
  expect((await decide(hub, b, [decisionFor(r[0]!.id, 'approve')]))[0]!.status).toBe('accepted');
  const edited = { ...r[1]!.action, args: { n: 20 } };
  expect((await decide(hub, b, [decisionFor(r[1]!.id, 'approve_with_edits', { editedAction: edited })]))[0]!.status).toBe('vote_recorded');
  const mid = (await request(hub.url, `/v1/requests/${r[1]!.id}`, { token: hub.approverToken })).body;
  expect((await decide(hub, a, [decisionFor(r[1]!.id, 'approve', { actionHash: mid.actionHash })]))[0]!.status).toBe('accepted');
  expect((await decide(hub, b, [decisionFor(r[2]!.id, 'reject', { feedback: 'not this one' })]))[0]!.status).toBe('accepted');
}, 120_000);
afterAll(async () => {
  await hub?.stop();
});

it('counts per quorum class: settled after a first approval, changed or rejected by a later approver, the extra wait', async () => {
  const r = await request<InsightsReport>(hub.url, `/v1/insights?from=${today}&to=${today}`, { token: hub.approverToken });
  expect(r.status).toBe(200);
  expect(r.body.quorum).toHaveLength(1);
  const q = r.body.quorum![0]!;
  expect(q).toMatchObject({ actionClass: 'two.person', requests: 5, settledAfterFirst: 3, approved: 2, secondChanged: 1, secondRejected: 1 });
  expect(q.changedOrRejectedRate).toBeCloseTo(2 / 3);
  expect(q.extraWait.count).toBe(3);
  // Every final decision came at least 300 ms after its first approval.
  expect(q.extraWait.medianMs!).toBeGreaterThanOrEqual(300);
  const filtered = await request<InsightsReport>(hub.url, `/v1/insights?from=${today}&to=${today}&actionClass=one.person`, { token: hub.approverToken });
  expect(filtered.body.quorum).toEqual([]);
});
