// An axe scan of the views this work added: the undo message, the filter chips with a filtered empty list, and a
// dialog whose item was decided elsewhere. No serious or critical findings.
import AxeBuilder from '@axe-core/playwright';
import { decideAtHub, expect, open, refund, submit, test } from './fixtures.js';

test('axe: undo toast, filter chips and the filtered empty list, a dialog decided elsewhere', async ({ app, agent, hub }) => {
  const serious = async () => {
    const r = await new AxeBuilder({ page: app }).analyze();
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  };
  await submit(agent, refund('Axe undo: refund 150', { amount: 150 }));
  const h = await submit(agent, refund('Axe dialog: refund 160', { amount: 160 }));
  await open(app, 'Axe undo: refund 150');
  await app.keyboard.press('a');
  await expect(app.getByRole('status').filter({ hasText: 'Approved: Axe undo: refund 150' })).toBeVisible();
  expect(await serious()).toEqual([]);
  await app.keyboard.press('z');

  await app.getByLabel('Filter by agent').selectOption('Support agent');
  await app.getByRole('searchbox', { name: 'Search the queue' }).fill('nothing-like-this');
  await expect(app.getByText('Nothing in Approvals matches the filters')).toBeVisible();
  await expect(app.getByRole('group', { name: 'Active filters' })).toBeVisible();
  expect(await serious()).toEqual([]);
  await app.getByRole('button', { name: 'Clear filters' }).click();

  await open(app, 'Axe dialog: refund 160');
  await app.keyboard.press('r');
  await app.keyboard.type('Typed before someone else decided.');
  await decideAtHub(hub, hub.approver2Token, h.id, 'approve');
  await expect(app.getByRole('dialog', { name: 'Reject' }).getByRole('alert')).toContainText('already decided this', { timeout: 20_000 });
  expect(await serious()).toEqual([]);
});
