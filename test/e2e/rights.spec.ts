// Decision rights in Chromium against the real hub: Settings shows who the hub says this console is; items the
// signed-in person may decide come first and the others are read-only with the groups that decide; "Waiting for me";
// the quorum state on the row and the item, with an earlier approver's edit shown as a diff.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { getActionClasses, putActionClasses } from '../../src/hub-client/index.js';
import type { DecisionResult, RequestView } from '../../src/shared/protocol.js';
import { startWebHost } from '../../src/web-host/host.js';
import { request, type HubProcess } from '../helpers/hub.js';
import { APPROVER, SCREENS, expect, open, refund, row, submit, test as base } from './fixtures.js';

/** refund.issue: support-leads decide; over 1,000 only finance-leads; over 500 two people must approve. */
async function teamPolicy(hub: HubProcess) {
  const admin = { url: hub.url, token: hub.adminToken };
  const classes = await getActionClasses(admin);
  await putActionClasses(
    admin,
    classes.map((c) =>
      c.name !== 'refund.issue'
        ? c
        : {
            ...c,
            deciders: ['support-leads'],
            conditionalDeciders: [{ when: [{ path: 'args.amount', op: 'gt', value: 1000 }], deciders: ['finance-leads'] }],
            conditionalApprovals: [{ when: [{ path: 'args.amount', op: 'gt', value: 500 }], approvals: 2 }],
          },
    ),
  );
}

async function person(hub: HubProcess, handle: string, displayName: string, groups: string[], expiresIn?: number): Promise<string> {
  const u = await request(hub.url, '/v1/users', { token: hub.adminToken, body: { handle, displayName, groups } });
  expect(u.status, JSON.stringify(u.body)).toBe(201);
  const t = await request<{ token: string }>(hub.url, '/v1/tokens', { token: hub.adminToken, body: { role: 'approver', user: handle, ...(expiresIn ? { expiresIn } : {}) } });
  expect(t.status, JSON.stringify(t.body)).toBe(201);
  return t.body.token;
}

/** Another approver votes through the hub API (the hub client's protocol 2 header goes with every call). */
async function voteAtHub(hub: HubProcess, token: string, requestId: string, body: Record<string, unknown> = {}) {
  const res = await request<{ results: DecisionResult[] }>(hub.url, '/v1/decisions', {
    method: 'POST',
    token,
    body: { decisions: [{ id: randomUUID(), requestId, verdict: 'approve', feedback: '', decidedAt: new Date().toISOString(), ...body }] },
  });
  expect(res.status).toBe(200);
  expect(res.body.results[0]?.status).toBe('vote_recorded');
}

// The console signs in as dana (support-leads), a person the hub knows, instead of the fixture's plain approver.
const test = base.extend({
  consoleHost: async ({ hub, syncTiming }, use) => {
    await teamPolicy(hub);
    const dana = await person(hub, 'dana', 'Dana Quinn', ['support-leads'], 30 * 86_400);
    const dataDir = mkdtempSync(join(tmpdir(), 'countersign-e2e-rights-'));
    const host = await startWebHost({
      dataDir,
      embedded: false,
      demo: false,
      approverName: APPROVER,
      rendererDir: process.env.COUNTERSIGN_E2E_RENDERER,
      timing: syncTiming,
      log: () => {},
    });
    await host.core.call('sources.add', { kind: 'hub', name: 'Team hub', url: hub.url, token: dana });
    await use(host);
    await host.close();
    rmSync(dataDir, { recursive: true, force: true });
  },
});

test('Settings shows the identity the hub names, not the typed name', async ({ app }) => {
  await app.getByRole('button', { name: 'Settings' }).click();
  const who = app.getByRole('region', { name: 'Who you are' });
  const line = who.getByRole('row').filter({ hasText: 'Team hub' });
  await expect(line).toContainText('dana');
  await expect(line).toContainText('Dana Quinn');
  await expect(line).toContainText('support-leads');
  await expect(line).not.toContainText('never'); // the token expires in 30 days
  await expect(who).not.toContainText(APPROVER);
  await expect(app.getByLabel('Name on LangGraph decisions')).toHaveValue(APPROVER);
});

test('items I may decide come first; the others are read-only and say who decides; Waiting for me', async ({ app, agent }) => {
  await submit(agent, refund('Refund 5000 EUR for a cancelled fleet order', { amount: 5000 }));
  await submit(agent, refund('Refund 250 EUR for a double charge', { amount: 250 }));
  await expect(row(app, 'Refund 250 EUR')).toBeVisible();
  await expect(row(app, 'Refund 5000 EUR')).toBeVisible();
  // Mine first, though the finance one arrived first with the same expiry.
  const rows = app.getByRole('listbox').getByRole('option');
  await expect(rows.nth(0)).toContainText('Refund 250 EUR');
  await expect(rows.nth(1)).toContainText('Refund 5000 EUR');
  await expect(row(app, 'Refund 5000 EUR')).toContainText('read-only · needs finance-leads');
  await expect(row(app, 'Refund 250 EUR')).not.toContainText('read-only');

  await open(app, 'Refund 5000 EUR for a cancelled fleet order');
  await expect(app.getByRole('region', { name: 'Who decides' })).toContainText('Read-only for you (needs finance-leads): Only finance-leads may decide this.');
  await expect(app.getByRole('button', { name: /^Approve/ })).toBeDisabled();
  await expect(app.getByRole('button', { name: /^Reject/ })).toBeDisabled();
  await app.keyboard.press('a'); // the key obeys the same rule as the button
  await expect(app.getByText('Only finance-leads may decide this.').last()).toBeVisible();
  await app.screenshot({ path: `${SCREENS}/rights-read-only.png` });

  await app.getByRole('button', { name: /^Waiting for me/ }).click();
  await expect(row(app, 'Refund 250 EUR')).toBeVisible();
  await expect(row(app, 'Refund 5000 EUR')).toHaveCount(0);
  await expect(app.getByRole('button', { name: /^Waiting for me/ })).toContainText('1');
});

test("the quorum state on the row and the item, and an earlier approver's edit as a diff", async ({ app, agent, hub }) => {
  const ada = await person(hub, 'ada', 'Ada L', ['support-leads']);
  const plain = await submit(agent, refund('Refund 800 EUR for a broken espresso machine', { amount: 800 }));
  const edit = await submit(agent, refund('Refund 900 EUR for a late delivery', { amount: 900 }));
  await voteAtHub(hub, ada, plain.id);
  await voteAtHub(hub, ada, edit.id, { verdict: 'approve_with_edits', editedAction: { ...edit.request.action, args: { ...edit.request.action.args, amount: 450 } } });

  await expect(row(app, 'Refund 800 EUR')).toContainText('1 of 2 approvals: ada approved just now (the same action)');
  await expect(row(app, 'Refund 900 EUR')).toContainText('1 of 2 approvals: ada edited and approved just now (an edited action)');

  await open(app, 'Refund 900 EUR for a late delivery');
  const rights = app.getByRole('region', { name: 'Who decides' });
  await expect(rights).toContainText('1 of 2 approvals');
  await expect(rights.getByRole('list', { name: 'Approvals so far' })).toContainText('ada edited and approved');
  await expect(rights).toContainText('ada edited the proposed action: approving now approves the edited action');
  await expect(rights.locator('.action-diff')).toContainText('/args/amount');
  await expect(rights.locator('.action-diff del')).toHaveText('900');
  await expect(rights.locator('.action-diff ins')).toHaveText('450');
  await app.screenshot({ path: `${SCREENS}/rights-quorum-edit.png` });

  // dana approves the edited action: the second approval completes it at the hub.
  await app.getByRole('button', { name: /^Approve/ }).click();
  await expect(row(app, 'Refund 900 EUR')).toHaveCount(0);
  await expect.poll(async () => (await request<RequestView>(hub.url, `/v1/requests/${edit.id}`, { token: hub.agentToken })).body.status).toBe('approved');
  const final = (await request<RequestView>(hub.url, `/v1/requests/${edit.id}`, { token: hub.agentToken })).body;
  expect(final.decision).toMatchObject({ decidedBy: 'dana', editedAction: { args: { amount: 450 } } });
});
