// Full-text search (debounced, on the Node side's FTS) and the facet filters.
import { SCREENS, email, expect, refund, row, submit, test } from './fixtures.js';

test('search and filters narrow the queue and clear back', async ({ app, agent }) => {
  await submit(agent, refund('Refund for order 77001 (broken blender)', { amount: 180 }));
  await submit(agent, refund('Refund for order 77002 (late delivery)', { amount: 220 }));
  await submit(agent, {
    ...email('Apology email to Marta', 'Dear Marta, the parcel was lost by the courier. A replacement ships today.'),
    agent: { id: 'mail-agent', name: 'Mail agent' },
  });
  for (const s of ['Refund for order 77001 (broken blender)', 'Refund for order 77002 (late delivery)', 'Apology email to Marta']) await expect(row(app, s)).toHaveCount(1);

  const search = app.getByRole('searchbox', { name: 'Search the queue' });
  await search.fill('blender');
  await expect(app.getByRole('listbox').getByRole('option')).toHaveCount(1);
  await expect(row(app, 'Refund for order 77001 (broken blender)')).toHaveCount(1);
  await expect(app.locator('.queue-summary')).toContainText('1 item in Approvals matching “blender”');
  // The search covers the action's arguments too, not only the summary.
  await search.fill('courier');
  await expect(app.getByRole('listbox').getByRole('option')).toHaveCount(1);
  await expect(row(app, 'Apology email to Marta')).toHaveCount(1);
  await search.fill('zzzz-nothing');
  await expect(app.getByText('Nothing in Approvals matches the filters')).toBeVisible();
  await search.fill('');
  await expect(app.getByRole('listbox').getByRole('option')).toHaveCount(3);

  await app.getByLabel('Filter by action class').selectOption('email.send');
  await expect(app.getByRole('listbox').getByRole('option')).toHaveCount(1);
  await app.getByLabel('Filter by action class').selectOption('');
  await app.getByLabel('Filter by agent').selectOption('Support agent');
  await expect(app.getByRole('listbox').getByRole('option')).toHaveCount(2);
  await app.screenshot({ path: `${SCREENS}/filtered.png` });
  await app.getByLabel('Filter by agent').selectOption('');
  await expect(app.getByRole('listbox').getByRole('option')).toHaveCount(3);
  // Lane counts and the window title follow the queue.
  await expect(app.getByRole('button', { name: /^Approvals/ })).toContainText('3');
  await expect(app).toHaveTitle('(3) Countersign');
});
