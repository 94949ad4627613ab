// No lost work: while the approver types in a dialog, another approver decides the item at the hub. The dialog stays,
// says who decided what, keeps the typed text (copyable), and its confirm is off with the reason.
import { SCREENS, decideAtHub, expect, open, refund, submit, test } from './fixtures.js';

test('the reject dialog survives a decision elsewhere, with who decided and the typed text kept', async ({ app, agent, hub, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const h = await submit(agent, refund('Refund 333 EUR, decided by someone else', { amount: 333 }));
  await open(app, 'Refund 333 EUR, decided by someone else');
  await app.keyboard.press('r');
  const dialog = app.getByRole('dialog', { name: 'Reject' });
  const box = dialog.getByLabel(/Feedback for the agent/);
  await box.pressSequentially('The customer already got a voucher,');
  await app.keyboard.press('Enter');
  await box.pressSequentially('so no refund.');

  const other = await decideAtHub(hub, hub.approver2Token, h.id, 'approve');
  expect(other.results[0]!.status).toBe('accepted');

  const notice = dialog.getByRole('alert');
  await expect(notice).toContainText('approver-2 already decided this at Team hub: Approved', { timeout: 20_000 });
  await expect(notice).toContainText('Your text is kept below; nothing was sent.');
  await expect(dialog).toBeVisible();
  await expect(box).toHaveValue('The customer already got a voucher,\nso no refund.');
  const reject = dialog.getByRole('button', { name: 'Reject' });
  await expect(reject).toBeDisabled();
  await box.press('ControlOrMeta+Enter'); // the key is off too
  await expect(dialog).toBeVisible();
  await app.screenshot({ path: `${SCREENS}/dialog-decided-elsewhere.png` });
  await dialog.getByRole('button', { name: 'Copy my text' }).click();
  await expect(dialog.getByText('Copied.')).toBeVisible();
  expect(await app.evaluate(() => navigator.clipboard.readText())).toBe('The customer already got a voucher,\nso no refund.');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  // The hub has the other approver's decision and nothing from this console.
  const final = await h.decision({ timeout: 10_000 });
  expect(final.decision?.decidedBy).toBe('approver-2');
  expect(final.decision?.verdict).toBe('approve');
});

test('the edit dialog survives a decision elsewhere and keeps the edits', async ({ app, agent, hub }) => {
  const h = await submit(agent, refund('Refund 444 EUR, edited while rejected elsewhere', { amount: 444 }));
  await open(app, 'Refund 444 EUR, edited while rejected elsewhere');
  await app.keyboard.press('e');
  const dialog = app.getByRole('dialog', { name: 'Edit, then approve' });
  await dialog.getByLabel('amount', { exact: true }).fill('400');
  await decideAtHub(hub, hub.approver2Token, h.id, 'reject', 'Not eligible');
  await expect(dialog.getByRole('alert')).toContainText('approver-2 already decided this at Team hub: Rejected (“Not eligible”)', { timeout: 20_000 });
  await expect(dialog.getByLabel('amount', { exact: true })).toHaveValue('400');
  await expect(dialog.getByLabel('Arguments (JSON)')).toHaveValue(/"amount": 400/);
  await expect(dialog.getByRole('button', { name: /Approve/ })).toBeDisabled();
  await dialog.getByLabel('amount', { exact: true }).press('ControlOrMeta+Enter');
  await expect(dialog).toBeVisible();
  expect((await h.decision({ timeout: 10_000 })).status).toBe('rejected');
});
