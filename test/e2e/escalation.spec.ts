// An escalation end to end (#15 item 1): another approver takes the case at the hub and every console shows "Owned
// by …" and refuses to resolve it here; once released, this approver resolves it with a required note, and the agent's
// wait ends as rejected with that note. Real hub, real console, Chromium, axe, a screenshot at 1440×900.
import { randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { createToken, postOwnership } from '../../src/hub-client/index.js';
import { expect, open, SCREENS, test } from './fixtures.js';

test('escalation: owned elsewhere, released, resolved here with a note the agent reads', async ({ app, agent, hub }) => {
  const lou = await createToken({ url: hub.url, token: hub.adminToken }, { role: 'approver', name: 'lou-lead' });
  const step = (requestId: string, action: 'take' | 'release') => ({ id: `o-${randomUUID()}`, requestId, action, at: new Date().toISOString() });
  const h = await agent.requestApproval({
    actionClass: 'account.close',
    action: { name: 'account.close', args: { accountId: 'ACC-42', reason: 'customer asked' } },
    summary: 'Escalation: close ACC-42',
    expiresIn: 3600,
  });
  expect(h.status).toBe('pending');
  await app.getByRole('button', { name: /^Escalations/ }).click();
  await open(app, 'Escalation: close ACC-42');
  await expect(app.locator('.owner-line')).toHaveText('Nobody owns this case yet.');

  expect((await postOwnership({ url: hub.url, token: lou }, [step(h.id, 'take')]))[0]).toMatchObject({ status: 'accepted' });
  await expect(app.locator('.owner-line')).toContainText('Owned by lou-lead since', { timeout: 20_000 });
  const resolve = app.getByRole('toolbar', { name: 'Decide' }).getByRole('button', { name: /Resolve/ });
  await expect(resolve).toBeDisabled();
  // The item says why, and the key is refused with the same words (the item's panel and a toast).
  await app.keyboard.press('r');
  await expect(app.getByText('lou-lead owns this escalation: they decide it, or release it first.')).toHaveCount(2);
  await expect(app.getByRole('dialog')).toHaveCount(0);
  await app.setViewportSize({ width: 1440, height: 900 });
  await app.screenshot({ path: `${SCREENS}/escalation-owned-1440x900.png` });

  expect((await postOwnership({ url: hub.url, token: lou }, [step(h.id, 'release')]))[0]).toMatchObject({ status: 'accepted' });
  await expect(app.locator('.owner-line')).toHaveText('Nobody owns this case yet.', { timeout: 20_000 });
  await expect(resolve).toBeEnabled();
  await app.keyboard.press('r');
  const dialog = app.getByRole('dialog', { name: 'Resolve the escalation' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Resolve' }).click();
  await expect(dialog.getByText('Feedback is required')).toBeVisible();
  const axe = await new AxeBuilder({ page: app }).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await app.screenshot({ path: `${SCREENS}/escalation-resolve-1440x900.png` });
  const note = 'Closed ACC-42 by hand after calling the customer.';
  await dialog.getByLabel(/What you did about it/).fill(note);
  await dialog.getByRole('button', { name: 'Resolve' }).click();
  await expect(app.getByRole('status').filter({ hasText: 'Resolved: Escalation: close ACC-42' })).toBeVisible();

  // Done only when the hub has it: the agent's wait ends as rejected, with the note as feedback.
  const final = await h.decision({ timeout: 30_000 });
  expect(final).toMatchObject({ status: 'rejected', decision: { verdict: 'resolve', feedback: note, decidedBy: 'approver-1' } });
});
