// The demo's decision rights on a real hub started with --demo-rights: refunds need support or finance leads, over
// 1,000 only finance leads; production SQL needs two people from platform-oncall; the demo team exists.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { HubUser } from '../../src/shared/protocol.js';
import { DEMO_APPROVER_GROUPS, DEMO_TEAM } from '../../src/hub/demo/policy.js';
import { createToken } from '../../src/hub-client/index.js';
import { request, spawnHub, type HubProcess } from '../helpers/hub.js';
import { decide, decisionFor, proposal, submit } from './util.js';

let hub: HubProcess;
beforeAll(async () => {
  hub = await spawnHub({ args: ['--demo-rights'] });
});
afterAll(async () => {
  await hub?.stop();
});

it('seeds the demo rights and team: a console approver decides small refunds, big ones need finance-leads, SQL needs two', async () => {
  const users = (await request<{ users: HubUser[] }>(hub.url, '/v1/users', { token: hub.adminToken })).body.users;
  for (const p of DEMO_TEAM) expect(users.find((u) => u.handle === p.handle)).toMatchObject({ groups: p.groups });
  const me = await createToken({ url: hub.url, token: hub.adminToken }, { role: 'approver', name: 'demo-me', groups: [...DEMO_APPROVER_GROUPS] });

  const small = await submit(hub, proposal('refund.issue', { amount: 480 }));
  const big = await submit(hub, proposal('refund.issue', { amount: 1500 }));
  const sql = await submit(hub, proposal('db.sql.production', { sql: 'UPDATE x SET y = 1' }));
  expect(big.rights.deciders).toEqual(['finance-leads']);
  expect(sql.rights.approvals).toBe(2);
  const [a, b, c] = await decide(hub, me, [decisionFor(small.id, 'approve'), decisionFor(big.id, 'approve'), decisionFor(sql.id, 'approve')]);
  expect(a).toMatchObject({ status: 'accepted' });
  expect(b).toMatchObject({ status: 'forbidden', deciders: ['finance-leads'] });
  expect(c).toMatchObject({ status: 'vote_recorded', approvals: 1, required: 2 });
});
