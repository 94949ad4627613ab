// The four decisions, end to end: the agent submits through the SDK to the real hub, the console pulls it,
// the approver decides in the browser, and the agent's long-poll sees the verdict (and the edited action).
import { SCREENS, email, expect, open, refund, row, submit, test } from './fixtures.js';

test('approve: the agent is released with the action as proposed', async ({ app, agent }) => {
  const h = await submit(agent, refund('Refund 250 EUR duplicate charge (approve me)'));
  await open(app, 'Refund 250 EUR duplicate charge (approve me)');
  // Why it needs a human: the factors from the hub's policy, in words.
  await expect(app.getByRole('region', { name: 'Why it needs a human' })).toContainText('Refunds over 100 are expensive to claw back; this one is 250 EUR');
  await expect(app.getByRole('region', { name: 'Why it needs a human' })).toContainText('Changes something (more than reading or drafting)');
  await expect(app.getByText('250 left', { exact: false })).toHaveCount(0); // time left is a countdown, not an amount
  await expect(app.locator('.item .time-left')).toContainText(/\d+m \d{2}s left|\d+h \d+m left/);
  await app.screenshot({ path: `${SCREENS}/item-approval.png` });
  await app.getByRole('button', { name: /^Approve/ }).click();
  await expect(row(app, 'Refund 250 EUR duplicate charge (approve me)')).toHaveCount(0);
  const final = await h.decision({ timeout: 20_000 });
  expect(final.status).toBe('approved');
  expect(final.decision?.verdict).toBe('approve');
  expect(final.decision?.decidedBy).toBeTruthy();
});

test('edit then approve: the live diff shows structure and words, and the agent gets the edited action', async ({ app, agent }) => {
  const body =
    'Hello Jane,\n\nWe are sorry for the trouble with your order. We will refund the full amount within 5 business days and add a voucher for your next purchase.\n\nKind regards,\nSupport';
  const h = await submit(agent, email('Reply to Jane about the late order', body));
  await open(app, 'Reply to Jane about the late order');
  await app.keyboard.press('e');
  const dialog = app.getByRole('dialog', { name: 'Edit, then approve' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText('No changes: this approves the action as proposed.')).toBeVisible();
  // A long text field is a multi-line textarea in the form.
  const bodyField = dialog.getByLabel('body', { exact: true });
  await expect(bodyField).toHaveJSProperty('tagName', 'TEXTAREA');
  await bodyField.fill(body.replace('within 5 business days', 'within 3 business days').replace(' and add a voucher for your next purchase', ''));
  await dialog.getByLabel('subject', { exact: true }).fill('Your refund is on its way');
  const diff = dialog.getByRole('region', { name: 'Proposed → edited' });
  // Structural: path: old -> new.
  await expect(diff).toContainText('/args/subject');
  await expect(diff.locator('del').filter({ hasText: '"About your order"' })).toBeVisible();
  await expect(diff.locator('ins').filter({ hasText: '"Your refund is on its way"' })).toBeVisible();
  // Word-level for the long body, marked by words for screen readers, not only colour.
  const words = diff.getByLabel('Word-level changes');
  await expect(words.locator('del')).toContainText(['5']);
  await expect(words.locator('ins')).toContainText(['3']);
  await expect(words).toContainText('[removed:');
  // Invalid JSON blocks approval and says why.
  const json = dialog.getByLabel('Arguments (JSON)');
  const good = await json.inputValue();
  await json.fill('{ "to": ');
  await expect(dialog.getByText(/Not valid JSON/)).toBeVisible();
  await expect(dialog.getByRole('button', { name: /Approve/ })).toBeDisabled();
  await json.fill(good);
  await expect(dialog.getByRole('button', { name: 'Approve with edits' })).toBeEnabled();
  await app.screenshot({ path: `${SCREENS}/edit-diff.png` });
  await dialog.getByRole('button', { name: 'Approve with edits' }).click();
  await expect(dialog).toBeHidden();

  const final = await h.decision({ timeout: 20_000 });
  expect(final.status).toBe('approved');
  expect(final.decision?.verdict).toBe('approve_with_edits');
  expect(final.decision?.editedAction?.args.subject).toBe('Your refund is on its way');
  expect(final.decision?.editedAction?.args.body).toContain('within 3 business days');
  expect(final.decision?.editedAction?.args.body).not.toContain('voucher');
  expect(final.decision?.patch.map((p) => p.path).sort()).toEqual(['/args/body', '/args/subject']);
});

test('reject needs feedback, and the feedback reaches the agent', async ({ app, agent }) => {
  const h = await submit(agent, refund('Refund 900 EUR without a receipt', { amount: 900 }));
  await open(app, 'Refund 900 EUR without a receipt');
  await app.keyboard.press('r');
  const dialog = app.getByRole('dialog', { name: 'Reject' });
  const box = dialog.getByLabel(/Feedback for the agent/);
  await expect(box).toBeFocused();
  await box.press('ControlOrMeta+Enter'); // empty: refused, says why
  await expect(dialog.getByText('Feedback is required')).toBeVisible();
  await box.pressSequentially('No receipt attached.');
  await box.press('Enter'); // a new line, never a confirm
  await box.pressSequentially('Ask the customer for the invoice first.');
  await expect(dialog).toBeVisible();
  await box.press('ControlOrMeta+Enter');
  await expect(dialog).toBeHidden();
  const final = await h.decision({ timeout: 20_000 });
  expect(final.status).toBe('rejected');
  expect(final.decision?.feedback).toBe('No receipt attached.\nAsk the customer for the invoice first.');
});

test('escalate with a note; Esc cancels without deciding', async ({ app, agent }) => {
  const h = await submit(agent, refund('Refund 5000 EUR to a new account', { amount: 5000 }));
  await open(app, 'Refund 5000 EUR to a new account');
  await app.keyboard.press('x');
  await expect(app.getByRole('dialog', { name: 'Escalate' })).toBeVisible();
  await app.keyboard.press('Escape');
  await expect(app.getByRole('dialog', { name: 'Escalate' })).toBeHidden();
  await expect(row(app, 'Refund 5000 EUR to a new account')).toHaveCount(1);
  expect((await agent.getRequest(h.id)).status).toBe('pending');

  await app.getByRole('button', { name: /^Escalate/ }).click();
  await app
    .getByRole('dialog', { name: 'Escalate' })
    .getByLabel(/Note for the owner/)
    .fill('Finance lead should look at this one.');
  await app.getByRole('dialog', { name: 'Escalate' }).getByRole('button', { name: 'Escalate' }).click();
  const final = await h.decision({ timeout: 20_000 });
  expect(final.status).toBe('escalated');
  expect(final.decision?.feedback).toBe('Finance lead should look at this one.');

  // The Decided lane shows it, with who decided.
  await app.getByRole('button', { name: /^Decided/ }).click();
  await open(app, 'Refund 5000 EUR to a new account');
  // The hub's name for this console's token, not the name typed in Settings.
  await expect(app.locator('.decision-bar.decided')).toContainText('Escalated by approver-1');
});

test('an expired item cannot be approved and says so', async ({ app, agent }) => {
  const h = await submit(agent, { ...refund('Expiring: refund 410 EUR', { amount: 410 }), expiresIn: 4 });
  await open(app, 'Expiring: refund 410 EUR');
  await expect(app.getByRole('button', { name: /^Approve/ })).toBeEnabled();
  // The countdown runs out while the approver looks at it.
  await expect(app.getByRole('alert').filter({ hasText: /^Expired at .*: cannot be approved\.$/ })).toBeVisible({ timeout: 20_000 });
  for (const b of await app.getByRole('button', { name: /^(Approve|Edit, then approve)/ }).all()) await expect(b).toBeDisabled();
  await app.keyboard.press('a');
  const final = await h.decision({ timeout: 20_000 });
  expect(final.status).toBe('expired');
  expect(final.decision).toBeNull();
});
