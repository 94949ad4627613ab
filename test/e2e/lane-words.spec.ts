// Lanes say what they are and offer only what fits (#15 item 3): a released action in Reviews is marked fine or
// flagged (never edited, escalated or "approved"), an escalation offers no second escalate, and each lane explains
// itself in one line. Real hub, real console, Chromium.
import { expect, open, refund, row, test } from './fixtures.js';

test('Reviews offer Looks fine / Flag a problem on a released action; escalations no second escalate', async ({ app, agent }) => {
  const released = await agent.requestApproval(refund('Lane words: refund 24 EUR', { amount: 24 }));
  expect(released.status).toBe('released');
  await app.getByRole('button', { name: /^Reviews/ }).click();
  await expect(app.getByText('Released by policy and already done: look them over and flag anything that went wrong.')).toBeVisible();
  await expect(row(app, 'Lane words: refund 24 EUR')).toBeVisible({ timeout: 20_000 });
  await open(app, 'Lane words: refund 24 EUR');
  const bar = app.getByRole('toolbar', { name: 'Decide' });
  await expect(bar.getByRole('button', { name: /Looks fine/ })).toBeVisible();
  await expect(bar.getByRole('button', { name: /Flag a problem/ })).toBeVisible();
  await expect(bar.getByRole('button', { name: /Approve|Edit|Escalate/ })).toHaveCount(0);
  // The keys obey the same rule as the buttons.
  await app.keyboard.press('e');
  await expect(app.getByText('This action already ran: mark it fine (a) or flag a problem (r).')).toBeVisible();
  await expect(app.getByRole('dialog')).toHaveCount(0);

  await app.keyboard.press('r');
  const dialog = app.getByRole('dialog', { name: 'Flag a problem' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel(/What went wrong/).fill('Refunded the wrong order');
  await dialog.getByRole('button', { name: 'Flag a problem' }).click();
  await expect(app.locator('.undo-toast')).toContainText('Flagged a problem: Lane words: refund 24 EUR');
  await app.getByRole('button', { name: /^Decided/ }).click();
  await open(app, 'Lane words: refund 24 EUR');
  await expect(app.getByRole('status').filter({ hasText: 'Flagged a problem by' }).first()).toBeVisible();
  // Decided, the action that ran is still headed as what ran, not as a proposal.
  await expect(app.getByRole('region', { name: 'What ran' })).toBeVisible();
  await expect(app.getByRole('region', { name: 'What was proposed' })).toHaveCount(0);

  // The hub records it as a review of the released request: still released, with the flag and its note.
  await expect
    .poll(
      async () => {
        const r = await agent.getRequest(released.id);
        return `${r.status} ${r.decision?.verdict ?? ''} ${r.decision?.feedback ?? ''}`;
      },
      { timeout: 20_000 },
    )
    .toBe('released reject Refunded the wrong order');

  const esc = await agent.requestApproval({
    actionClass: 'account.close',
    action: { name: 'account.close', args: { accountId: 'ACC-7', reason: 'customer asked' } },
    summary: 'Lane words: close ACC-7',
    expiresIn: 3600,
  });
  expect(esc.status).toBe('pending');
  await app.getByRole('button', { name: /^Escalations/ }).click();
  await expect(app.getByText('Cases the policy hands to a named owner: the action waits while a person handles it, then resolves it with a note for the agent.')).toBeVisible();
  // The row says escalation, not a bare risk number.
  await expect(row(app, 'Lane words: close ACC-7').getByLabel('Escalation', { exact: true })).toBeVisible();
  await open(app, 'Lane words: close ACC-7');
  // An escalation is resolved with a note, never approved, rejected or escalated again.
  await expect(bar.getByRole('button', { name: /Resolve/ })).toBeVisible();
  await expect(bar.getByRole('button', { name: /Approve|Reject|Escalate/ })).toHaveCount(0);
});
