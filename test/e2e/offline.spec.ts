// Offline from the hub: decisions still save here, the banner counts what waits, and it all syncs when the hub is back.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebHost } from '../../src/web-host/host.js';
import { SCREENS, expect, open, refund, row, submit, test } from './fixtures.js';

test('offline banner, decisions wait in the outbox, resync when the hub returns', async ({ app, agent, hub }) => {
  const a = await submit(agent, refund('Offline one: refund 150', { amount: 150 }));
  const b = await submit(agent, refund('Offline two: refund 160', { amount: 160 }));
  await expect(row(app, 'Offline one: refund 150')).toHaveCount(1);
  await expect(row(app, 'Offline two: refund 160')).toHaveCount(1);
  await expect(app.getByText('Offline from the hub.')).toHaveCount(0);

  await hub.kill('SIGKILL');
  await expect(app.getByText('Offline from the hub.')).toBeVisible({ timeout: 20_000 });
  // "Offline from the hub" is not "connection to Countersign lost": the console itself still answers.
  await expect(app.getByText('Connection to Countersign lost')).toHaveCount(0);

  await open(app, 'Offline one: refund 150');
  await app.keyboard.press('a');
  await open(app, 'Offline two: refund 160');
  await app.keyboard.press('r');
  await app.keyboard.type('Duplicate of another refund.');
  await app.keyboard.press('ControlOrMeta+Enter');
  await expect(app.locator('.outbox-count')).toHaveText('2 decisions waiting to sync');
  await app.getByRole('button', { name: /^Decided/ }).click();
  await expect(row(app, 'Offline one: refund 150').locator('.badge.sync')).toContainText('waiting to sync');
  await app.screenshot({ path: `${SCREENS}/offline.png` });

  await hub.restart();
  await expect(app.getByText('Offline from the hub.')).toBeHidden({ timeout: 30_000 });
  await expect(row(app, 'Offline one: refund 150').locator('.badge.sync')).toContainText('synced', { timeout: 20_000 });
  expect((await a.decision({ timeout: 20_000 })).status).toBe('approved');
  const rb = await b.decision({ timeout: 20_000 });
  expect(rb.status).toBe('rejected');
  expect(rb.decision?.feedback).toBe('Duplicate of another refund.');
});

test('connection to Countersign lost is shown distinctly, and the window reconnects by itself', async ({ page }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'countersign-e2e-link-'));
  const opts = { dataDir, embedded: false, demo: false, rendererDir: process.env.COUNTERSIGN_E2E_RENDERER, log: () => {} };
  let host = await startWebHost(opts);
  const { port, token } = host;
  try {
    await page.goto(host.url);
    await expect(page.getByRole('navigation', { name: 'Lanes' })).toBeVisible();
    // The launch code left the address bar once the page had it.
    expect(page.url()).not.toContain('launch=');
    await expect(page.locator('.sync-summary')).not.toContainText('not connected');

    await host.close(); // the console's Node side goes away (crash, quit)
    await expect(page.getByText('Connection to Countersign lost.')).toBeVisible();
    await expect(page.getByText('Offline from the hub.')).toHaveCount(0);
    await page.screenshot({ path: `${SCREENS}/connection-lost.png` });

    host = await startWebHost({ ...opts, port, token }); // back on the same port with the same session credential
    await expect(page.getByText('Connection to Countersign lost.')).toBeHidden({ timeout: 20_000 });
    await expect(page.getByRole('button', { name: /^Approvals/ })).toContainText('0');
  } finally {
    await host.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
