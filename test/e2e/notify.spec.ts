// Browser-mode notifications: a new approval item raises a Web Notification (the Node side decides when,
// with quiet hours and digests); clicking it focuses the window and opens that item.
import { expect, refund, row, submit, test } from './fixtures.js';

test('a new approval item raises a notification whose click opens the item', async ({ page, consoleHost, agent }) => {
  await page.context().grantPermissions(['notifications']);
  // Record what the page hands to the browser's Notification API (the browser's own, still constructed for real).
  await page.addInitScript(() => {
    const Real = window.Notification;
    const seen: Array<{ title: string; body: string; n: Notification }> = [];
    (window as unknown as { __notifications: typeof seen }).__notifications = seen;
    class Recording extends Real {
      constructor(title: string, opts?: NotificationOptions) {
        super(title, opts);
        seen.push({ title, body: opts?.body ?? '', n: this });
      }
    }
    Object.defineProperty(window, 'Notification', { value: Recording });
  });
  await page.goto(consoleHost.url);
  await expect(page.getByRole('navigation', { name: 'Lanes' })).toBeVisible();
  // Another lane is open, so opening the item must switch lanes too.
  await page.getByRole('button', { name: /^Reviews/ }).click();

  await submit(agent, refund('Notify: refund 333 EUR', { amount: 333 }));
  await expect
    .poll(
      () => page.evaluate(() => (window as unknown as { __notifications: Array<{ title: string; body: string }> }).__notifications.map((n) => `${n.title} | ${n.body}`).join('\n')),
      { timeout: 20_000 },
    )
    .toContain('Notify: refund 333 EUR');
  await page.evaluate(() => {
    const list = (window as unknown as { __notifications: Array<{ body: string; title: string; n: Notification }> }).__notifications;
    const n = list.find((x) => `${x.title} ${x.body}`.includes('Notify: refund 333 EUR'))!.n;
    n.onclick?.call(n, new Event('click'));
  });
  await expect(page.getByRole('button', { name: /^Approvals/ })).toHaveAttribute('aria-current', 'page');
  await expect(page.locator('#item-summary')).toHaveText('Notify: refund 333 EUR');
  await expect(row(page, 'Notify: refund 333 EUR')).toHaveAttribute('aria-selected', 'true');
  await expect(page).toHaveTitle('(1) Countersign');
});
