// Honest filters: what narrows the list is shown as chips with Clear all; the lane counts are the counts of the lists
// under the same filters (and say so); clearing a search keeps the selected item selected, where it now stands.
import { expect, open, refund, row, submit, test } from './fixtures.js';
import type { Page } from '@playwright/test';

const laneButton = (app: Page, name: string) => app.getByRole('navigation', { name: 'Lanes' }).getByRole('button', { name: new RegExp(`^${name}`) });

async function laneCount(app: Page, name: string): Promise<number> {
  return Number((await laneButton(app, name).locator('.lane-count').textContent())!.replace(/\D/g, ''));
}

test('filter chips, lane counts that match the list, and Clear all', async ({ app, agent }) => {
  await submit(agent, refund('Refund 510 EUR, plum case', { amount: 510 }));
  await submit(agent, refund('Refund 520 EUR, plum case two', { amount: 520 }));
  await submit(agent, { ...refund('Refund 530 EUR by the billing bot', { amount: 530 }), agent: { id: 'billing-bot', name: 'Billing bot' } });
  // A small refund runs at once and is queued for review.
  const small = await agent.requestApproval(refund('Refund 20 EUR, reviewed afterwards', { amount: 20 }));
  expect(small.status).toBe('released');
  await expect(row(app, 'Refund 530 EUR by the billing bot')).toHaveCount(1);
  await expect(laneButton(app, 'Reviews')).toContainText('1');
  await expect(app.getByRole('group', { name: 'Active filters' })).toHaveCount(0);

  await app.getByLabel('Filter by agent').selectOption('Billing bot');
  const chips = app.getByRole('group', { name: 'Active filters' });
  await expect(chips).toContainText('Agent: Billing bot');
  await expect(app.getByText('Counts match the filters')).toBeVisible();
  await expect(laneButton(app, 'Approvals')).toContainText('1');
  await expect(laneButton(app, 'Reviews')).toContainText('0');
  // Every lane's count is its list's length under the filter.
  for (const lane of ['Waiting for me', 'Approvals', 'Reviews', 'Audit samples', 'Escalations', 'Decided']) {
    await laneButton(app, lane).click();
    const n = await laneCount(app, lane);
    await expect(app.locator('.queue-summary')).toContainText(`${n} ${n === 1 ? 'item' : 'items'} in ${lane}`);
    await expect(app.getByRole('listbox').getByRole('option')).toHaveCount(n);
  }
  // The filter followed us into Reviews, visibly, and the empty list says what it hides.
  await laneButton(app, 'Reviews').click();
  await expect(chips).toContainText('Agent: Billing bot');
  await expect(app.getByText('Nothing in Reviews matches the filters (1 without them).')).toBeVisible();

  // A search adds its own chip; removing one chip leaves the other.
  await laneButton(app, 'Approvals').click();
  await app.getByRole('searchbox', { name: 'Search the queue' }).fill('plum');
  await expect(chips).toContainText('Search: “plum”');
  await expect(app.getByText('Nothing in Approvals matches the filters (3 without them).')).toBeVisible();
  await expect(laneButton(app, 'Approvals')).toContainText('0');
  await chips.getByRole('button', { name: 'Remove the agent filter' }).click();
  await expect(chips).not.toContainText('Agent:');
  await expect(laneButton(app, 'Approvals')).toContainText('2');
  await expect(app.getByRole('listbox').getByRole('option')).toHaveCount(2);

  await chips.getByRole('button', { name: 'Clear all' }).click();
  await expect(chips).toHaveCount(0);
  await expect(app.getByRole('searchbox', { name: 'Search the queue' })).toHaveValue('');
  await expect(app.getByText('Counts match the filters')).toHaveCount(0);
  await expect(laneButton(app, 'Approvals')).toContainText('3');
  await expect(laneButton(app, 'Reviews')).toContainText('1');
  await expect(app.getByRole('listbox').getByRole('option')).toHaveCount(3);
});

test('clearing a search keeps the selection on the same item, where it stands in the full list', async ({ app, agent }) => {
  for (let i = 1; i <= 6; i++) await submit(agent, refund(`Refund ${600 + i} EUR, row ${i}`, { amount: 600 + i }));
  await expect(app.getByRole('listbox').getByRole('option')).toHaveCount(6);
  const names = await app.getByRole('listbox').getByRole('option').locator('.row-summary').allTextContents();
  const target = names[4]!;
  await open(app, target);
  const search = app.getByRole('searchbox', { name: 'Search the queue' });
  await search.fill(target.match(/\d{3}/)![0]);
  await expect(app.getByRole('listbox').getByRole('option')).toHaveCount(1);
  await expect(row(app, target)).toHaveAttribute('aria-selected', 'true');
  await search.press('Escape'); // clears the search
  await expect(app.getByRole('listbox').getByRole('option')).toHaveCount(6);
  await expect(row(app, target)).toHaveAttribute('aria-selected', 'true');
  await expect(app.locator('#item-summary')).toHaveText(target);
  // The keyboard carries on from there, not from the top.
  await app.keyboard.press('j');
  await expect(app.locator('#item-summary')).toHaveText(names[5]!);
});
