// What the approver reads is what will run: hostile markup stays inert text, hidden characters are flagged
// where they stand, links open only when http(s), and the page passes an accessibility scan.
import AxeBuilder from '@axe-core/playwright';
import { SCREENS, email, expect, open, refund, row, submit, test } from './fixtures.js';

test('a payload with <script> and <img onerror> renders as inert text', async ({ app, agent, pageDialogs }) => {
  const script = '<script>window.__pwned = "script"; alert(1)</script>';
  const img = `<img src=x onerror="window.__pwned = 'img'; alert(2)">`;
  await submit(agent, {
    ...refund(`Refund <b>bold</b> ${'<img src=y onerror=alert(3)>'}`, { note: script, html: img, nested: { deep: [img] } }),
    evidence: [
      { title: '<script>alert(4)</script>', text: img },
      { title: 'javascript link', url: 'javascript:alert(5)' },
      { title: 'Payment log', url: 'https://payments.example.com/orders/88123' },
    ],
  });
  const summary = 'Refund <b>bold</b> <img src=y onerror=alert(3)>';
  await expect(row(app, summary)).toHaveCount(1);
  await open(app, summary);
  const item = app.locator('article.item');
  await expect(item.getByLabel('Proposed action arguments')).toContainText(script);
  await expect(item.getByLabel('Proposed action arguments')).toContainText(img);
  await expect(item).toContainText('<script>alert(4)</script>');
  // Nothing became markup: no <img>, no <script>, no <b> inside the item, no link to javascript:.
  expect(await item.locator('img, script, b, iframe').count()).toBe(0);
  expect(await item.locator('a[href^="javascript:"]').count()).toBe(0);
  await expect(item.getByText('(link not opened)')).toBeVisible();
  await app.waitForTimeout(500);
  expect(await app.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
  expect(pageDialogs).toEqual([]);
  // Outside links open in a new window without opener or referrer.
  const link = item.getByRole('link', { name: 'Payment log' });
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  await expect(link).toHaveAttribute('target', '_blank');
  await app.screenshot({ path: `${SCREENS}/hostile.png` });
});

test('hidden and look-alike characters are flagged where they stand', async ({ app, agent }) => {
  // A bidi override that would show "txt.exe" as "exe.txt", a zero-width space in the address, a Cyrillic "а" in "pаypal".
  const to = 'billing@pаypal.com';
  const subject = 'Invoice\u202Etxt.exe';
  const body = 'Pay to IBAN DE89\u200B3704 0044 0532 0130 00 today.';
  await submit(agent, email('Email with hidden characters', body, { to, subject }));
  await open(app, 'Email with hidden characters');
  await expect(app.getByRole('alert').filter({ hasText: 'This action contains 3 hidden or look-alike characters' })).toBeVisible();
  const args = app.getByLabel('Proposed action arguments');
  await expect(args).toContainText('⟦U+202E RIGHT-TO-LEFT OVERRIDE⟧');
  await expect(args).toContainText('⟦U+200B ZERO WIDTH SPACE⟧');
  await expect(args).toContainText('⟦U+0430 Cyrillic а in pаypal.com, looks like "a"⟧');
  // The override never reaches the page, so it cannot reorder what the approver reads: "Invoice" then the badge then "txt.exe".
  const text = (await args.textContent())!;
  expect(text).not.toContain('\u202E');
  expect(text).toContain('Invoice⟦U+202E RIGHT-TO-LEFT OVERRIDE⟧txt.exe');
  await expect(row(app, 'Email with hidden characters').getByText('hidden chars')).toBeVisible();
  await app.screenshot({ path: `${SCREENS}/hidden-chars.png` });
});

test('accessibility: no serious or critical axe findings on the queue, the item and the edit dialog', async ({ app, agent }) => {
  await submit(agent, refund('Axe: refund 120', { amount: 120 }));
  await submit(agent, email('Axe: email with a long body', 'Hello,\n\n' + 'This is a long body. '.repeat(20)));
  await open(app, 'Axe: refund 120');
  const serious = async () => {
    const r = await new AxeBuilder({ page: app }).analyze();
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  };
  expect(await serious()).toEqual([]);
  await app.keyboard.press('e');
  await expect(app.getByRole('dialog', { name: 'Edit, then approve' })).toBeVisible();
  expect(await serious()).toEqual([]);
  await app.keyboard.press('Escape');
  await app.getByRole('button', { name: 'Settings' }).click();
  await expect(app.getByRole('heading', { name: 'Settings' })).toBeVisible();
  expect(await serious()).toEqual([]);
  await app.screenshot({ path: `${SCREENS}/settings.png` });
});

test('huge strings, deep nesting and long arrays render without freezing and stay exact', async ({ app, agent }) => {
  let deep: unknown = 'bottom';
  for (let i = 0; i < 50; i++) deep = { level: deep }; // deeper than the pane lays out (40), within what the core accepts (64)
  const huge = 'A'.repeat(150_000) + 'END-OF-HUGE';
  const many = Array.from({ length: 3000 }, (_, i) => `entry-${i}`);
  const h = await submit(agent, refund('Big payload: refund 130', { amount: 130, huge, deep, many }));
  await open(app, 'Big payload: refund 130');
  const args = app.getByLabel('Proposed action arguments');
  await expect(args).toContainText('more characters: show all');
  await expect(args).toContainText('… 2500 more entries not shown here');
  await expect(args).toContainText('"bottom"'); // the deep end is shown, as one line past the layout depth
  await args.getByRole('button', { name: /more characters: show all/ }).click();
  await expect(args).toContainText('END-OF-HUGE');
  // Approving sends the action byte-exact: the agent gets back exactly what it proposed.
  await app.keyboard.press('a');
  const final = await h.decision({ timeout: 20_000 });
  expect(final.status).toBe('approved');
  expect((await agent.getRequest(h.id)).action.args.huge).toBe(huge);
});
