// Insights in Chromium against the real hub and the console's browser mode: figures from decisions made at the hub
// and synced into the console's local SQLite, three recharts charts drawn, a recommendation's link listing exactly
// the decisions behind it, and a decision log with its hash chain verified.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { decideAtHub, expect, refund, SCREENS, submit, test } from './fixtures.js';

test('insights renders figures and charts, and a recommendation links to its decisions', async ({ app, agent, hub, consoleHost }) => {
  const handles = [];
  for (let i = 0; i < 6; i++) handles.push(await submit(agent, refund(`Insights refund ${i}`, { amount: 250 + i })));
  const small = await agent.requestApproval(refund('Small refund', { amount: 20 }));
  expect(small.status).toBe('released');
  for (let i = 0; i < 3; i++) await decideAtHub(hub, hub.approver2Token, handles[i]!.id, 'approve');
  for (let i = 3; i < 5; i++) await decideAtHub(hub, hub.approver2Token, handles[i]!.id, 'reject', 'not this one');
  // Wait until the console's local copy has the decisions (the view reads only local SQLite).
  await expect
    .poll(async () => (await consoleHost.core.call('insights.decisions', { period: { from: today(), to: today() }, only: 'decided' })).total, {
      timeout: 20_000,
    })
    .toBe(5);

  await app.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Insights' }).click();
  const table = app.getByRole('table', { name: 'Figures per action class and lane' });
  const approvalRow = table.locator('tr[data-row="refund.issue/approval"]');
  await expect(approvalRow).toContainText('40.0%'); // 2 rejected of 5 decided
  await expect(approvalRow).toContainText('Not enough data');
  await expect(app.getByTestId('insights-summary')).toContainText('Wilson');
  for (const name of ['Change rate over time per day', 'Median wait for a human over time per day', 'Volume by lane per day']) {
    await expect(app.getByRole('figure', { name }).locator('.recharts-wrapper > svg.recharts-surface')).toBeVisible();
  }
  await expect(app.locator('[data-chart="volume"] .recharts-area-area').first()).toBeVisible();
  await app.screenshot({ path: `${SCREENS}/insights.png`, fullPage: true });

  // The recommendation's link: the decisions behind the approval-lane verdict.
  await approvalRow.getByRole('button', { name: 'See the decisions behind refund.issue approval' }).click();
  const list = app.getByRole('region', { name: 'Decisions behind the figure' });
  await expect(list.getByTestId('decisions-total')).toHaveText('5 decisions');
  const ids = await list.getByRole('table', { name: 'Decisions' }).locator('tbody tr td:first-child').allInnerTexts();
  expect(ids.sort()).toEqual(
    handles
      .slice(0, 5)
      .map((h) => h.id)
      .sort(),
  );

  // One decision's log: the five things and a verified chain.
  await list.getByRole('button', { name: `Open the decision log of ${handles[3]!.id}` }).click();
  const log = app.getByRole('region', { name: `Decision log of ${handles[3]!.id}` });
  await expect(log).toContainText('reject');
  await expect(log).toContainText('not this one');
  await expect(log.getByTestId('chain-status')).toHaveText(/Verified/);
  await expect(log).toContainText('2 recorded reasons');
  await expect(log).toContainText('Irreversible or expensive to undo');
  await log.scrollIntoViewIfNeeded();
  await app.screenshot({ path: `${SCREENS}/insights-decisions.png`, fullPage: true });

  // Someone edits the hub's stored log behind its back: the console's own check shows the chain as broken.
  const db = new Database(join(hub.dataDir, 'hub.db'));
  try {
    const changed = db.prepare("UPDATE log SET actor = 'mallory' WHERE request_id = ? AND event = 'decided'").run(handles[3]!.id).changes;
    expect(changed).toBe(1);
  } finally {
    db.close();
  }
  await log.getByRole('button', { name: 'Close the decision log' }).click();
  await list.getByRole('button', { name: `Open the decision log of ${handles[3]!.id}` }).click();
  await expect(log.getByTestId('chain-status')).toHaveText(/BROKEN at entry 2/);
  await log.scrollIntoViewIfNeeded();
  await app.screenshot({ path: `${SCREENS}/insights-broken-chain.png` });

  // Export writes into the data dir's exports/ folder and says where.
  await app.getByRole('button', { name: 'Export the decision log as CSV' }).click();
  await expect(app.getByRole('status').filter({ hasText: 'Exported' })).toContainText('/exports/decisions-');
});

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

test('a change-rate axis never reads above 100 %, even when nothing was changed', async ({ app, agent, hub, consoleHost }) => {
  const handles = [];
  for (let i = 0; i < 3; i++) handles.push(await submit(agent, refund(`Unchanged refund ${i}`, { amount: 300 + i })));
  for (const h of handles) await decideAtHub(hub, hub.approver2Token, h.id, 'approve');
  await expect
    .poll(async () => (await consoleHost.core.call('insights.decisions', { period: { from: today(), to: today() }, only: 'decided' })).total, {
      timeout: 20_000,
    })
    .toBe(3);
  await app.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Insights' }).click();
  const ticks = app.locator('[data-chart="change-rate"] .recharts-yAxis-tick-labels text');
  await expect(ticks.first()).toBeVisible();
  const values = (await ticks.allTextContents()).map((t) => Number(t.replace('%', '')));
  // Before: recharts' 'auto' domain over all-zero lines drew 0 %–400 %.
  expect(Math.max(...values)).toBeLessThanOrEqual(100);
  expect(Math.max(...values)).toBeGreaterThan(0);
});
