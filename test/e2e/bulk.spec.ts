// Bulk triage in Reviews (#15 item 6): 40 released actions marked "Looks fine" in one step reach the hub exactly once
// each; a range (Shift-click), a toggle (Ctrl-click) and `x` pick rows, a flag with its note is undone in its window
// and nothing is sent; Approvals offers no bulk and the core refuses one. Real hub, real console, Chromium, axe.
import AxeBuilder from '@axe-core/playwright';
import type { LogEntry } from '../../src/shared/domain.js';
import { request } from '../helpers/hub.js';
import { expect, open, refund, row, SCREENS, submit, test } from './fixtures.js';

const serious = async (page: import('@playwright/test').Page) => {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
};

test('40 review items marked Looks fine in one step reach the hub exactly once each', async ({ app, agent, hub }) => {
  test.setTimeout(120_000);
  const handles = [];
  for (let i = 0; i < 40; i++) {
    const h = await agent.requestApproval(refund(`Bulk review ${String(i).padStart(2, '0')}: refund ${10 + i} EUR`, { amount: 10 + i }));
    expect(h.status).toBe('released');
    handles.push(h);
  }
  await app.getByRole('button', { name: /^Reviews/ }).click();
  await expect(app.locator('.queue-summary')).toHaveText('40 items in Reviews', { timeout: 20_000 });
  await app.getByRole('button', { name: 'Select all 40' }).click();
  const bar = app.getByRole('region', { name: 'Selected for bulk marking' });
  await expect(bar.getByRole('status')).toHaveText('40 items selected');
  await expect(bar.getByRole('list', { name: 'Selected items' }).getByRole('listitem')).toHaveCount(9);
  await expect(bar).toContainText('and 32 more');
  await expect(row(app, 'Bulk review 00').first()).toHaveAttribute('aria-checked', 'true');
  expect(await serious(app)).toEqual([]);
  await app.screenshot({ path: `${SCREENS}/bulk-selected.png` });

  await bar.getByRole('button', { name: 'Looks fine (40)' }).click();
  const toast = app.locator('.undo-toast');
  await expect(toast).toContainText('Marked fine: 40 items');
  await expect(toast).toContainText('Held here for 5 s before it is sent');
  await expect(app.locator('.queue-summary')).toHaveText('0 items in Reviews');
  expect(await serious(app)).toEqual([]);
  await app.screenshot({ path: `${SCREENS}/bulk-marked.png` });

  for (const h of handles) {
    await expect.poll(async () => (await agent.getRequest(h.id)).decision?.verdict ?? null, { timeout: 30_000 }).toBe('approve');
    const log = await request<{ entries: LogEntry[] }>(hub.url, `/v1/requests/${h.id}/log`, { token: hub.agentToken });
    expect(log.body.entries.filter((e) => e.event === 'decided')).toHaveLength(1);
    expect((await agent.getRequest(h.id)).status).toBe('released');
  }
});

test('pick by Shift-click, Ctrl-click and x; flag with a note; undo it in its window and nothing is sent', async ({ app, agent }) => {
  test.setTimeout(90_000);
  const handles = [];
  for (let i = 0; i < 6; i++) handles.push(await agent.requestApproval(refund(`Pick ${i}: refund ${30 + i} EUR`, { amount: 30 + i })));
  await app.getByRole('button', { name: /^Reviews/ }).click();
  await expect(app.locator('.queue-summary')).toHaveText('6 items in Reviews', { timeout: 20_000 });
  const options = app.getByRole('listbox').getByRole('option');
  await options.nth(0).click();
  await options.nth(2).click({ modifiers: ['Shift'] });
  const bar = app.getByRole('region', { name: 'Selected for bulk marking' });
  await expect(bar.getByRole('status')).toHaveText('3 items selected');
  await options.nth(1).click({ modifiers: ['Control'] });
  await expect(bar.getByRole('status')).toHaveText('2 items selected');
  await expect(options.nth(1)).toHaveAttribute('aria-checked', 'false');
  // x picks the focused row (plain click focuses without picking).
  await options.nth(4).click();
  await app.keyboard.press('x');
  await expect(bar.getByRole('status')).toHaveText('3 items selected');
  const picked = await app.locator('[role=option][aria-checked=true] .row-summary').allTextContents();
  expect(picked).toHaveLength(3);

  await app.keyboard.press('r');
  const dialog = app.getByRole('dialog', { name: 'Flag a problem with 3 items' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Flag 3 items' }).click();
  await expect(dialog.getByText('Feedback is required')).toBeVisible();
  await dialog.getByLabel(/What went wrong/).fill('Refunded without checking the order');
  expect(await serious(app)).toEqual([]);
  await app.keyboard.press('Control+Enter');
  await expect(app.locator('.undo-toast')).toContainText('Flagged a problem: 3 items');
  await expect(app.locator('.queue-summary')).toHaveText('3 items in Reviews');
  await app.keyboard.press('z');
  await expect(app.getByText('Undone: 3 items are back in the queue; nothing was sent.')).toBeVisible();
  await expect(app.locator('.queue-summary')).toHaveText('6 items in Reviews');
  for (const t of picked) await expect(row(app, t)).toBeVisible();
  await app.waitForTimeout(6_000); // past the 5 s window: still nothing at the hub
  for (const h of handles) expect((await agent.getRequest(h.id)).decision ?? null).toBeNull();
});

test('Approvals offer no bulk; the core refuses a bulk step holding an approval', async ({ app, agent, consoleHost }) => {
  const h = await submit(agent, refund('No bulk here: refund 300', { amount: 300 }));
  const r = await agent.requestApproval(refund('Ran already: refund 12 EUR', { amount: 12 }));
  await open(app, 'No bulk here: refund 300');
  await expect(app.getByRole('region', { name: 'Selected for bulk marking' })).toHaveCount(0);
  await expect(app.getByRole('button', { name: /^Select all/ })).toHaveCount(0);
  await row(app, 'No bulk here: refund 300').click({ modifiers: ['Control'] });
  await expect(row(app, 'No bulk here: refund 300')).not.toHaveAttribute('aria-checked', /.*/);
  // x is Escalate here, as it always was.
  await app.keyboard.press('x');
  await expect(app.getByRole('dialog', { name: 'Escalate' })).toBeVisible();
  await app.keyboard.press('Escape');

  const src = (await consoleHost.core.call('sources.list', {}))[0]!;
  await expect(consoleHost.core.dispatch('items.decideMany', { ids: [`${src.id}:${r.id}`, `${src.id}:${h.id}`], verdict: 'approve' })).rejects.toMatchObject({
    code: 'forbidden',
    message: expect.stringContaining('cannot be decided in bulk: it is hard or impossible to undo'),
  });
  await expect(row(app, 'No bulk here: refund 300')).toBeVisible();
  expect((await agent.getRequest(h.id)).status).toBe('pending');
  expect((await agent.getRequest(r.id)).decision ?? null).toBeNull();
});
