// Undo: each decision shows what was decided with an Undo while the core holds it unsent (5 s, stated on screen).
// Proven against the real hub: nothing reaches it during the window; undone, the item is back and never sent.
import type { RequestView } from '../../src/shared/protocol.js';
import { request } from '../helpers/hub.js';
import { SCREENS, expect, open, refund, row, submit, test } from './fixtures.js';

test('undo inside the window: the item is back in the queue and the hub never hears of it', async ({ app, agent, hub }) => {
  const h = await submit(agent, refund('Refund 480 EUR to Ada (undo me)', { amount: 480 }));
  const statusAtHub = async () => (await request<RequestView>(hub.url, `/v1/requests/${h.id}`, { token: hub.agentToken })).body.status;
  await open(app, 'Refund 480 EUR to Ada (undo me)');
  await app.keyboard.press('a');
  await expect(row(app, 'Refund 480 EUR to Ada (undo me)')).toHaveCount(0);
  const t = app.getByRole('status').filter({ hasText: 'Approved: Refund 480 EUR to Ada (undo me)' });
  await expect(t).toBeVisible();
  await expect(t).toContainText('Held here for 5 s before it is sent');
  await expect(t).toContainText(/sends in [1-5] s/);
  // The top bar calls it held, not syncing: nothing is being sent.
  await expect(app.locator('.sync-summary')).toContainText('1 held for undo');
  await expect(app.locator('.sync-summary')).not.toContainText('syncing');
  await app.screenshot({ path: `${SCREENS}/undo-toast.png` });
  expect(await statusAtHub()).toBe('pending');
  await app.keyboard.press('z');
  await expect(t).toBeHidden();
  await expect(app.getByText('is back in the queue; nothing was sent.')).toBeVisible();
  // Back where it was, selected, with its buttons live again.
  await expect(row(app, 'Refund 480 EUR to Ada (undo me)')).toHaveAttribute('aria-selected', 'true');
  await expect(app.locator('#item-summary')).toHaveText('Refund 480 EUR to Ada (undo me)');
  await expect(app.getByRole('button', { name: /^Approve/ })).toBeEnabled();
  await expect(app.getByRole('button', { name: /^Approvals/ })).toContainText('1');
  // Well past the window: still nothing at the hub.
  await app.waitForTimeout(6_500);
  expect(await statusAtHub()).toBe('pending');
});

test('after the window the decision is sent once, and it can no longer be undone', async ({ app, agent, hub }) => {
  const h = await submit(agent, refund('Refund 190 EUR to Bo (let it go)', { amount: 190 }));
  const atHub = async () => (await request<RequestView>(hub.url, `/v1/requests/${h.id}`, { token: hub.agentToken })).body;
  await open(app, 'Refund 190 EUR to Bo (let it go)');
  const decidedAt = Date.now();
  await app.getByRole('button', { name: /^Approve/ }).click();
  const t = app.getByRole('status').filter({ hasText: 'Approved: Refund 190 EUR to Bo (let it go)' });
  await expect(t).toBeVisible();
  // The hub hears nothing while the toast offers Undo.
  while (Date.now() - decidedAt < 4_000) {
    expect((await atHub()).status).toBe('pending');
    await app.waitForTimeout(400);
  }
  await expect(t).toBeHidden({ timeout: 10_000 });
  const final = await h.decision({ timeout: 20_000 });
  expect(final.status).toBe('approved');
  expect(Date.parse(final.decision!.decidedAt)).toBeGreaterThanOrEqual(decidedAt - 1_000);
  await app.getByRole('button', { name: /^Decided/ }).click();
  await expect(row(app, 'Refund 190 EUR to Bo (let it go)').locator('.badge.sync')).toContainText('synced', { timeout: 20_000 });
  await open(app, 'Refund 190 EUR to Bo (let it go)');
  await expect(app.getByRole('button', { name: 'Undo this decision' })).toHaveCount(0);
  await app.keyboard.press('z'); // nothing left to undo: no call, no change
  expect((await atHub()).status).toBe('approved');
});

test('a decision made offline can be undone from the item until it is sent', async ({ app, agent, hub }) => {
  const h = await submit(agent, refund('Refund 200 EUR to Cy (offline undo)', { amount: 200 }));
  await expect(row(app, 'Refund 200 EUR to Cy (offline undo)')).toHaveCount(1);
  await hub.kill('SIGKILL');
  await expect(app.getByText('Offline from the hub.')).toBeVisible({ timeout: 20_000 });
  await open(app, 'Refund 200 EUR to Cy (offline undo)');
  await app.keyboard.press('a');
  await app.getByRole('button', { name: /^Decided/ }).click();
  await open(app, 'Refund 200 EUR to Cy (offline undo)');
  // The window is over, but nothing could be sent: the item still offers Undo.
  await expect(app.getByRole('status').filter({ hasText: 'Approved: Refund 200 EUR' })).toBeHidden({ timeout: 10_000 });
  await app.getByRole('button', { name: 'Undo this decision' }).click();
  await expect(app.getByText('is back in the queue; nothing was sent.')).toBeVisible();
  await app.getByRole('button', { name: /^Approvals/ }).click();
  await expect(row(app, 'Refund 200 EUR to Cy (offline undo)')).toHaveCount(1);
  await hub.restart();
  await expect(app.getByText('Offline from the hub.')).toBeHidden({ timeout: 30_000 });
  await app.waitForTimeout(1_500);
  const view = (await request<RequestView>(hub.url, `/v1/requests/${h.id}`, { token: hub.agentToken })).body;
  expect(view.status).toBe('pending');
});

test('a reload inside the window brings the Undo back, and it still works', async ({ app, agent, hub }) => {
  const h = await submit(agent, refund('Refund 510 EUR, reload in the window', { amount: 510 }));
  await open(app, 'Refund 510 EUR, reload in the window');
  await app.keyboard.press('a');
  await expect(app.getByRole('status').filter({ hasText: 'Approved: Refund 510 EUR, reload in the window' })).toBeVisible();
  await app.reload();
  const t = app.getByRole('status').filter({ hasText: 'Approved: Refund 510 EUR, reload in the window' });
  await expect(t).toBeVisible();
  await t.getByRole('button', { name: /Undo/ }).click();
  await expect(row(app, 'Refund 510 EUR, reload in the window')).toHaveCount(1);
  await app.waitForTimeout(6_000);
  expect((await request<RequestView>(hub.url, `/v1/requests/${h.id}`, { token: hub.agentToken })).body.status).toBe('pending');
});
