// A decided item shows what was decided (#13 item 8): the approved (edited) action and its diff from the proposal,
// the verdict, who decided (the hub's identity), the feedback, the sync state, the outcome after release, and the
// log rows with their details; not the original proposal alone.
import AxeBuilder from '@axe-core/playwright';
import { randomUUID } from 'node:crypto';
import { getActionClasses, putActionClasses } from '../../src/hub-client/index.js';
import { request, type HubProcess } from '../helpers/hub.js';
import { SCREENS, expect, open, refund, row, submit, test } from './fixtures.js';

test('an edit approved at the hub by another approver, then failed after release', async ({ app, agent, hub }) => {
  const h = await submit(agent, refund('Decided: refund edited elsewhere', { amount: 480 }));
  const edited = { name: 'payments.refund', args: { customerId: 'cus_1042', amount: 400, currency: 'EUR', reason: 'Duplicate charge' } };
  const res = await request(hub.url, '/v1/decisions', {
    method: 'POST',
    token: hub.approver2Token,
    body: {
      decisions: [
        { id: randomUUID(), requestId: h.id, verdict: 'approve_with_edits', editedAction: edited, feedback: 'Only the duplicate part: 400', decidedAt: new Date().toISOString() },
      ],
    },
  });
  expect(res.status).toBe(200);
  const final = await h.decision({ timeout: 20_000 });
  expect(final.status).toBe('approved');
  await h.reportOutcome({ status: 'failed', detail: 'card_declined: the card was closed' });

  await app.getByRole('button', { name: /^Decided/ }).click();
  // The row never says only "approved" for an action that failed.
  await expect(row(app, 'Decided: refund edited elsewhere').locator('.row-status')).toHaveText('approved · failed after release', { timeout: 20_000 });
  await open(app, 'Decided: refund edited elsewhere');
  const panel = app.getByRole('region', { name: 'Decided: Approved with edits' });
  await expect(panel).toContainText('Decided byapprover-2');
  await expect(panel).toContainText('(hub identity)');
  await expect(panel).toContainText('Only the duplicate part: 400');
  await expect(panel.getByRole('region', { name: 'What was approved (edited)' }).locator('.card-title')).toHaveText('Refund 400 EUR: Duplicate charge');
  await expect(panel).toContainText('/args/amount');
  await expect(panel.locator('.outcome')).toContainText('✕ Failed after release');
  await expect(panel.locator('.outcome')).toContainText('card_declined: the card was closed');
  // A failure reads as one: the panel's border is the danger colour, not the approval's green.
  await expect(panel).toHaveClass(/decided-bad/);
  expect(await panel.evaluate((el) => getComputedStyle(el).borderLeftColor)).toBe('rgb(179, 38, 30)');
  await panel.screenshot({ path: `${SCREENS}/decided-failed-panel.png` });
  // The proposal is still there, named as what it was.
  await expect(app.getByRole('region', { name: 'What was proposed' }).locator('.card-title')).toHaveText('Refund 480 EUR: Duplicate charge');
  // The log rows carry their details.
  const log = app.getByRole('region', { name: 'Decision log' });
  const entry = (event: string) => log.getByRole('row').filter({ has: app.getByRole('cell', { name: event, exact: true }) });
  await expect(entry('decided')).toContainText('approve_with_edits');
  await expect(entry('outcome')).toContainText('card_declined');
  const r = await new AxeBuilder({ page: app }).analyze();
  expect(r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await app.screenshot({ path: `${SCREENS}/decided-edited.png`, fullPage: true });
});

test('approved here: shown at once as not confirmed yet, then confirmed, then took effect when the agent says so', async ({ app, agent }) => {
  const h = await submit(agent, refund('Decided: refund approved here', { amount: 150 }));
  await open(app, 'Decided: refund approved here');
  await app.getByRole('button', { name: /^Approve/ }).click();
  await app.getByRole('button', { name: /^Decided/ }).click();
  await open(app, 'Decided: refund approved here');
  const panel = app.getByRole('region', { name: 'Decided: Approved' });
  await expect(panel).toContainText('Approved exactly as proposed');
  await expect(panel).toContainText('Feedbacknone');
  await expect(panel.locator('.outcome')).toContainText('Outcome unknown: the agent has not reported whether the action ran');
  await expect(panel).toContainText('✓ synced', { timeout: 30_000 });
  await expect(panel).toContainText('(hub identity)');
  const final = await h.decision({ timeout: 20_000 });
  expect(final.status).toBe('approved');
  await h.reportOutcome({ status: 'executed', detail: 're_123 created' });
  await expect(panel.locator('.outcome')).toContainText('✓ Took effect', { timeout: 30_000 });
  await expect(panel.locator('.outcome')).toContainText('re_123 created');
});

test('rejected with feedback: the feedback and "did not run"', async ({ app, agent }) => {
  await submit(agent, refund('Decided: refund rejected', { amount: 900 }));
  await open(app, 'Decided: refund rejected');
  await app.keyboard.press('r');
  const dialog = app.getByRole('dialog', { name: 'Reject' });
  await dialog.getByLabel(/Feedback for the agent/).fill('Customer already got a voucher');
  await dialog.getByRole('button', { name: /^Reject/ }).click();
  await app.getByRole('button', { name: /^Decided/ }).click();
  await open(app, 'Decided: refund rejected');
  const panel = app.getByRole('region', { name: 'Decided: Rejected' });
  await expect(panel).toContainText('Customer already got a voucher');
  await expect(panel.locator('.outcome')).toHaveText('Did not run: rejected.');
});

async function person(hub: HubProcess, handle: string): Promise<string> {
  const u = await request(hub.url, '/v1/users', { token: hub.adminToken, body: { handle, displayName: handle, groups: [] } });
  expect(u.status, JSON.stringify(u.body)).toBe(201);
  const t = await request<{ token: string }>(hub.url, '/v1/tokens', { token: hub.adminToken, body: { role: 'approver', user: handle } });
  expect(t.status, JSON.stringify(t.body)).toBe(201);
  return t.body.token;
}

test('a two-person approval: each vote, and the decision recorded under the person whose vote completed it', async ({ app, agent, hub }) => {
  const admin = { url: hub.url, token: hub.adminToken };
  const classes = await getActionClasses(admin);
  await putActionClasses(
    admin,
    classes.map((c) => (c.name === 'refund.issue' ? { ...c, approvals: 2 } : c)),
  );
  const [ada, bo] = [await person(hub, 'ada'), await person(hub, 'bo')];
  const h = await submit(agent, refund('Decided: two-person refund', { amount: 700 }));
  for (const token of [ada, bo]) {
    const res = await request(hub.url, '/v1/decisions', {
      method: 'POST',
      token,
      body: { decisions: [{ id: randomUUID(), requestId: h.id, verdict: 'approve', feedback: '', decidedAt: new Date().toISOString() }] },
    });
    expect(res.status).toBe(200);
  }
  expect((await h.decision({ timeout: 20_000 })).status).toBe('approved');
  await app.getByRole('button', { name: /^Decided/ }).click();
  await open(app, 'Decided: two-person refund');
  const panel = app.getByRole('region', { name: 'Decided: Approved' });
  await expect(panel).toContainText('Decided bybo');
  await expect(panel.getByRole('list', { name: 'Votes' }).getByRole('listitem')).toHaveText([/^ada approved at /, /^bo approved at /]);
});

test('a released action that failed: Reviews show it before the review, and a flag does not turn it into "did not run"', async ({ app, agent }) => {
  const h = await agent.requestApproval(refund('Decided: released refund that failed', { amount: 24 }));
  expect(h.status).toBe('released');
  await h.reportOutcome({ status: 'failed', detail: 'psp_timeout: no answer from the bank' });
  await app.getByRole('button', { name: /^Reviews/ }).click();
  await expect(row(app, 'Decided: released refund that failed').locator('.row-status')).toHaveText('released · failed after release', { timeout: 20_000 });
  await open(app, 'Decided: released refund that failed');
  const after = app.getByRole('region', { name: 'After release' });
  await expect(after.locator('.outcome')).toContainText('✕ Failed after release');
  await expect(after.locator('.outcome')).toContainText('psp_timeout: no answer from the bank');

  await app.keyboard.press('r');
  const dialog = app.getByRole('dialog', { name: 'Flag a problem' });
  await dialog.getByLabel(/What went wrong/).fill('The bank never answered');
  await dialog.getByRole('button', { name: 'Flag a problem' }).click();
  await app.getByRole('button', { name: /^Decided/ }).click();
  await open(app, 'Decided: released refund that failed');
  const panel = app.getByRole('region', { name: 'Decided: Flagged a problem' });
  await expect(panel.locator('.outcome')).toContainText('✕ Failed after release');
  await expect(panel).not.toContainText('Did not run');
});
