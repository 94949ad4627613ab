// Hole 6: an item whose decision log was tampered with at the hub cannot be approved from the console: the broken
// chain is said beside the buttons, Approve and Edit-then-approve are disabled, the keys refuse too; Reject still works.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { SCREENS, expect, open, refund, submit, test } from './fixtures.js';

test('approval is refused for an item whose decision log was altered', async ({ app, agent, hub, consoleHost }) => {
  const h = await submit(agent, refund('Tampered: refund 9000', { amount: 9000 }));
  const db = new Database(join(hub.dataDir, 'hub.db'));
  try {
    expect(db.prepare("UPDATE log SET actor = 'mallory' WHERE request_id = ?").run(h.id).changes).toBeGreaterThan(0);
  } finally {
    db.close();
  }
  await open(app, 'Tampered: refund 9000');
  await expect(app.getByText('✕ Broken chain: the log was altered')).toBeVisible();
  const bar = app.getByRole('toolbar', { name: 'Decide' });
  await expect(app.getByRole('alert').filter({ hasText: 'The decision log of this item was altered' })).toBeVisible();
  await expect(bar.getByRole('button', { name: /^Approve/ })).toBeDisabled();
  await expect(bar.getByRole('button', { name: /^Edit, then approve/ })).toBeDisabled();
  await app.keyboard.press('a');
  await expect(app.getByText('approval is refused.')).toBeVisible();
  await app.keyboard.press('e');
  await expect(app.getByRole('dialog', { name: 'Edit, then approve' })).toHaveCount(0);
  await app.screenshot({ path: `${SCREENS}/broken-chain.png` });
  const waiting = await consoleHost.core.call('queue.list', { lane: 'approvals', limit: 50 });
  expect(waiting.items.map((i) => i.summary)).toContain('Tampered: refund 9000');

  await bar.getByRole('button', { name: /^Reject/ }).click();
  await app.keyboard.type('The log of this request was altered.');
  await app.keyboard.press('ControlOrMeta+Enter');
  expect((await h.decision({ timeout: 20_000 })).status).toBe('rejected');
});

test('an untouched item keeps Approve enabled', async ({ app, agent }) => {
  await submit(agent, refund('Intact: refund 300', { amount: 300 }));
  await open(app, 'Intact: refund 300');
  await expect(app.getByText('✓ Chain verified')).toBeVisible();
  await expect(app.getByRole('toolbar', { name: 'Decide' }).getByRole('button', { name: /^Approve/ })).toBeEnabled();
  await expect(app.getByRole('alert').filter({ hasText: 'The decision log of this item was altered' })).toHaveCount(0);
});
