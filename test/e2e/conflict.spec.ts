// Two approvers: another one decides first through the hub while this console is cut off.
// This console's decision loses, and the item says who won, what they decided, when, and how the actions differ.
import { SCREENS, decideAtHub, expect, open, refund, row, submit, test } from './fixtures.js';

// Slow retries so the other approver's decision lands at the restarted hub before this console's push.
test.use({ syncTiming: { pollMinMs: 300, pollMaxMs: 2000, backoffBaseMs: 6000, backoffMaxMs: 8000 } });

test('a conflict shows who decided first, what, when, and the diff between the decisions', async ({ app, agent, hub }) => {
  const h = await submit(agent, refund('Conflict: refund 640 EUR', { amount: 640 }));
  await expect(row(app, 'Conflict: refund 640 EUR')).toHaveCount(1);

  await hub.kill('SIGKILL');
  await expect(app.getByText('Offline from the hub.')).toBeVisible({ timeout: 20_000 });
  // This approver edits the amount down and approves, offline.
  await open(app, 'Conflict: refund 640 EUR');
  await app.keyboard.press('e');
  const dialog = app.getByRole('dialog', { name: 'Edit, then approve' });
  await dialog.getByLabel('amount', { exact: true }).fill('600');
  await dialog.getByRole('button', { name: 'Approve with edits' }).click();
  await expect(app.locator('.outbox-count')).toHaveText('1 decision waiting to sync');

  await hub.restart();
  const other = await decideAtHub(hub, hub.approver2Token, h.id, 'approve');
  expect(other.results[0]!.status).toBe('accepted');

  await app.getByRole('button', { name: /^Decided/ }).click();
  await expect(row(app, 'Conflict: refund 640 EUR').locator('.badge.sync')).toContainText('conflict', { timeout: 40_000 });
  await open(app, 'Conflict: refund 640 EUR');
  const panel = app.getByRole('region', { name: /Conflict: someone else decided first/ });
  await expect(panel).toContainText('approver-2');
  await expect(panel).toContainText('Approved');
  await expect(panel).toContainText('Your decision');
  await expect(panel).toContainText('Approved with edits');
  await expect(panel.locator('del')).toContainText('640');
  await expect(panel.locator('ins')).toContainText('600');
  await app.screenshot({ path: `${SCREENS}/conflict.png` });
  // The agent got the winner's action: the amount as proposed.
  const final = await h.decision({ timeout: 10_000 });
  expect(final.decision?.decidedBy).toBe('approver-2');
});
