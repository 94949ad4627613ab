// Keyboard gaps: the next item opens at its top, not at the previous item's scroll offset; `g` + a letter goes to a
// lane or a view (and the letter never decides: `g a` is not an approval); all of it is in the `?` sheet.
import { expect, open, refund, submit, test } from './fixtures.js';

const longEvidence = Array.from({ length: 30 }, (_, i) => ({ title: `Note ${i + 1}`, text: `A long line of evidence number ${i + 1} for scrolling. `.repeat(6) }));

test('the next item shows from its top', async ({ app, agent }) => {
  await submit(agent, { ...refund('Scroll one: refund 310', { amount: 310 }), evidence: longEvidence, expiresIn: 3000 });
  await submit(agent, { ...refund('Scroll two: refund 320', { amount: 320 }), evidence: longEvidence, expiresIn: 3600 });
  await open(app, 'Scroll one: refund 310');
  const pane = app.locator('.detail-pane');
  await pane.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect.poll(() => pane.evaluate((el) => el.scrollTop)).toBeGreaterThan(200);
  await app.locator('body').press('j');
  await expect(app.locator('#item-summary')).toHaveText('Scroll two: refund 320');
  await expect.poll(() => pane.evaluate((el) => el.scrollTop)).toBe(0);
  // And after a decision moves on to the next item too.
  await pane.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect.poll(() => pane.evaluate((el) => el.scrollTop)).toBeGreaterThan(200);
  await app.locator('body').press('k');
  await expect(app.locator('#item-summary')).toHaveText('Scroll one: refund 310');
  await expect.poll(() => pane.evaluate((el) => el.scrollTop)).toBe(0);
});

test('g then a letter goes to each lane and view, never decides, and is listed in ?', async ({ app, agent }) => {
  const h = await submit(agent, refund('Go keys: refund 330', { amount: 330 }));
  await open(app, 'Go keys: refund 330');
  const lanes = app.getByRole('navigation', { name: 'Lanes' });
  const current = (name: string) => lanes.getByRole('button', { name: new RegExp(`^${name}`) });
  const go = async (key: string) => {
    await app.keyboard.press('g');
    await app.keyboard.press(key);
  };
  for (const [key, lane] of [
    ['r', 'Reviews'],
    ['u', 'Audit samples'],
    ['e', 'Escalations'],
    ['d', 'Decided'],
    ['w', 'Waiting for me'],
    ['a', 'Approvals'],
  ] as const) {
    await go(key);
    await expect(current(lane)).toHaveAttribute('aria-current', 'page');
  }
  // `g a` went to Approvals; the `a` did not approve the item on screen.
  await expect(app.locator('#item-summary')).toHaveText('Go keys: refund 330');
  await go('e'); // nor did `g e` open the edit dialog
  await expect(app.getByRole('dialog')).toHaveCount(0);
  await go('i');
  await expect(app.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Insights' })).toHaveAttribute('aria-current', 'page');
  await go('a'); // back to the queue from another view
  await expect(current('Approvals')).toHaveAttribute('aria-current', 'page');
  await app.waitForTimeout(1_000);
  expect((await agent.getRequest(h.id)).status).toBe('pending');

  await app.keyboard.press('?');
  const sheet = app.getByRole('dialog', { name: 'Keyboard shortcuts' });
  for (const [k, what] of [
    ['g a', 'Go to Approvals'],
    ['g r', 'Go to Reviews'],
    ['g u', 'Go to Audit samples'],
    ['g e', 'Go to Escalations'],
    ['g d', 'Go to Decided'],
    ['g i', 'Go to Insights'],
    ['z', 'Undo the last decision'],
  ])
    await expect(sheet.getByRole('row').filter({ hasText: k }).filter({ hasText: what })).toHaveCount(1);
});
