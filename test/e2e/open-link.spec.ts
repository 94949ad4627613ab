// `o` opens the item's first evidence link only after showing where it goes (#15 item 7): the dialog names the
// scheme and host and the whole address; Esc opens nothing; "Open link" opens it in a new window without an opener.
import AxeBuilder from '@axe-core/playwright';
import { expect, open, refund, submit, test } from './fixtures.js';

test('o shows the destination first; Esc opens nothing; Open link opens it', async ({ app, agent, context }) => {
  // Never leaves the machine: the "outside" page is answered here.
  await context.route('https://payments.example.com/**', (r) => r.fulfill({ status: 200, contentType: 'text/html', body: '<title>Payment log</title>ok' }));
  await submit(agent, refund('Open link: refund 140', { amount: 140 }));
  await submit(agent, {
    ...refund('No link: refund 150', { amount: 150 }),
    evidence: [
      { title: 'Note', text: 'no link here' },
      { title: 'Bad', url: 'javascript:alert(1)' },
    ],
  });
  const pages = () => context.pages().length;
  const before = pages();

  await open(app, 'Open link: refund 140');
  await app.keyboard.press('o');
  const dialog = app.getByRole('dialog', { name: 'Open this evidence link?' });
  await expect(dialog).toContainText('Payment log');
  await expect(dialog).toContainText('Goes to https · payments.example.com');
  await expect(dialog).toContainText('https://payments.example.com/orders/88123');
  const scan = await new AxeBuilder({ page: app }).analyze();
  expect(scan.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await app.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  expect(pages()).toBe(before);

  await app.keyboard.press('o');
  const popup = context.waitForEvent('page');
  await dialog.getByRole('link', { name: 'Open link' }).click();
  const opened = await popup;
  expect(opened.url()).toBe('https://payments.example.com/orders/88123');
  expect(await opened.evaluate(() => window.opener)).toBeNull();
  await opened.close();
  await expect(dialog).toHaveCount(0);

  // Only http(s) links open: an item with none says so and opens nothing.
  await open(app, 'No link: refund 150');
  await app.keyboard.press('o');
  await expect(app.getByText('This item has no evidence link that can open (only http and https links do).')).toBeVisible();
  await expect(app.getByRole('dialog')).toHaveCount(0);

  await app.keyboard.press('?');
  await expect(app.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText('Open the first evidence link (after showing where it goes)');
});
