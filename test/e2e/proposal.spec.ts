// From a recommendation to an applied policy change (#13 item 3), in Chromium against the real hub: the proposed
// change starts from the hub's real policy with the edit made, shows the diff and the replayed effect item by item,
// a proposal made from a version that moved on meanwhile is refused with the hub's message shown, and one made again
// from the current policy is applied with the rationale and the approver as its author.
import { getActionClasses, changePolicy, listPolicyVersions } from '../../src/hub-client/index.js';
import { POLICY_EDITOR_GROUP } from '../../src/shared/policy-proposal.js';
import { request } from '../helpers/hub.js';
import { decideAtHub, expect, refund, SCREENS, submit, test } from './fixtures.js';

test('a relax recommendation becomes a policy change: diff, projected effect, stale refusal, then applied', async ({ app, agent, hub, consoleHost }) => {
  // The console's approver is a policy editor at the hub.
  const me = (await request<{ id: string }>(hub.url, '/v1/me', { token: hub.approverToken })).body;
  expect((await request(hub.url, `/v1/users/${me.id}`, { method: 'PATCH', token: hub.adminToken, body: { groups: [POLICY_EDITOR_GROUP] } })).status).toBe(200);
  await consoleHost.core.call('sync.now', {});
  await expect.poll(async () => (await consoleHost.core.call('sources.list', {}))[0]?.identity?.groups ?? [], { timeout: 20_000 }).toContain(POLICY_EDITOR_GROUP);

  const handles = [];
  for (let i = 0; i < 5; i++) handles.push(await submit(agent, refund(`Proposal refund ${i}`, { amount: 200 + i })));
  for (let i = 0; i < 4; i++) {
    await decideAtHub(hub, hub.approver2Token, handles[i]!.id, 'approve');
    await handles[i]!.reportOutcome({ status: 'executed' });
  }
  await decideAtHub(hub, hub.approver2Token, handles[4]!.id, 'reject', 'wrong customer');
  const day = new Date().toISOString().slice(0, 10);
  await expect.poll(async () => (await consoleHost.core.call('insights.decisions', { period: { from: day, to: day }, only: 'decided' })).total, { timeout: 20_000 }).toBe(5);

  await app.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Insights' }).click();
  // Small numbers for a test: 3 decisions are enough, an upper bound up to 70% and failures up to 50% are acceptable.
  await app.getByLabel('Minimum decisions').fill('3');
  await app.getByLabel('Maximum change rate upper bound (percent)').fill('70');
  await app.getByLabel('Maximum post-release failure rate (percent)').fill('50');
  const row = app.getByRole('table', { name: 'Figures per action class and lane' }).locator('tr[data-row="refund.issue/approval"]');
  await expect(row).toContainText('Relax');
  await row.getByRole('button', { name: 'Propose the change: relax refund.issue approval' }).click();

  const panel = app.getByRole('region', { name: 'Proposed change: Relax refund.issue' });
  await expect(panel.getByTestId('proposal-base')).toContainText('From policy version 1 of Team hub');
  const diff = panel.getByRole('list', { name: 'Policy diff' });
  await expect(diff).toContainText('replace /override');
  await expect(diff).toContainText('"review"');
  // The projected effect: five approvals removed, and the one a human rejected listed as let through.
  await expect(panel).toContainText('removed 5 approvals');
  const through = panel.getByRole('table', { name: 'Items the proposal would have let through' });
  await expect(through.locator('tbody tr')).toHaveCount(1);
  await expect(through).toContainText(handles[4]!.id);
  await expect(through).toContainText('reject');

  // Meanwhile an admin changes the policy: this proposal was made from version 1 and is refused, the reason shown.
  const admin = { url: hub.url, token: hub.adminToken };
  const classes = await getActionClasses(admin);
  await changePolicy(admin, { classes: classes.map((c) => (c.name === 'email.send' ? { ...c, description: 'changed meanwhile' } : c)), rationale: 'wording', baseVersion: 1 });
  await panel.getByLabel('Rationale for the change').fill('Humans approve these unchanged; refunds fail rarely after release');
  await panel.getByRole('button', { name: 'Apply the change to the policy' }).click();
  await expect(panel.getByTestId('proposal-state')).toContainText('Refused by the hub', { timeout: 20_000 });
  await expect(panel.getByTestId('proposal-state')).toContainText('now at version 2 by bootstrap-admin');
  expect((await getActionClasses(admin)).find((c) => c.name === 'refund.issue')!.override).toBeNull();

  // Opened again it starts from version 2; split at 202 this time: only refunds up to 202 leave approval.
  await panel.getByRole('button', { name: 'Close the proposed change' }).click();
  await row.getByRole('button', { name: 'Propose the change: relax refund.issue approval' }).click();
  await expect(panel.getByTestId('proposal-base')).toContainText('From policy version 2 of Team hub');
  await panel.getByLabel('Split by an argument threshold').check();
  await expect(panel.getByLabel('Split argument path')).toHaveValue('args.amount');
  await panel.getByLabel('Split threshold').fill('202');
  await expect(panel).toContainText('removed 3 approvals');
  await expect(panel.getByRole('table', { name: 'Items the proposal would have let through' }).locator('tbody tr')).toHaveCount(0);
  await panel.getByLabel('Rationale for the change').fill('Refunds up to 202 were never changed');
  await app.screenshot({ path: `${SCREENS}/proposal.png`, fullPage: true });
  await panel.getByRole('button', { name: 'Apply the change to the policy' }).click();
  await expect(panel.getByTestId('proposal-state')).toContainText('Applied: the policy is now at version 3', { timeout: 20_000 });

  // The change is listed with the class's figures before and after it (the numbers are tested in test/insights).
  await panel.getByRole('button', { name: 'Close the proposed change' }).click();
  const effect = app.getByRole('table', { name: 'Before and after each policy change' }).locator('tr[data-effect="3/refund.issue"]');
  await expect(effect).toContainText('Refunds up to 202 were never changed');
  await expect(effect).toContainText('approver-1');

  const versions = await listPolicyVersions(admin);
  expect(versions.versions[2]).toMatchObject({ version: 3, author: 'approver-1', rationale: 'Refunds up to 202 were never changed' });
  expect(versions.versions[2]!.evidence).toMatchObject({ recommendation: { kind: 'relax' }, whatIf: { removedApprovals: 3, letThroughChanged: 0 } });
  const small = await agent.requestApproval(refund('After the change', { amount: 150 }));
  expect(small.status).toBe('released');
  const large = await agent.requestApproval(refund('Still gated', { amount: 500 }));
  expect(large.status).toBe('pending');

  // Once synced, those two are on version 3's after side by the version that classified them, not by their day; its
  // before side holds the five refunds, classified under versions 1-2 (version 2 changed another class).
  await app.reload();
  await app.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Insights' }).click();
  const effect3 = app.getByRole('table', { name: 'Before and after each policy change' }).locator('tr[data-effect="3/refund.issue"]');
  await expect(effect3.locator('td').nth(3)).toContainText('2 requests', { timeout: 20_000 });
  await expect(effect3.locator('td').nth(3)).toContainText('Classified under version 3 and later');
  await expect(effect3.locator('td').nth(2)).toContainText('5 requests (5 approval)');
  await expect(effect3.locator('td').nth(2)).toContainText('Classified under versions 1–2');
  await app.getByRole('region', { name: 'Policy changes and their effect' }).screenshot({ path: `${SCREENS}/proposal-effects.png` });
});
