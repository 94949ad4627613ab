// The first state with no source at all (#15 item 8): the queue says nothing can arrive and points to Settings,
// instead of "Nothing waiting"; its button opens Settings where a source is added. axe-clean.
import AxeBuilder from '@axe-core/playwright';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebHost } from '../../src/web-host/host.js';
import { expect, test } from './fixtures.js';

test('with no sources the queue points to Settings', async ({ page }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'countersign-e2e-nosources-'));
  const host = await startWebHost({ dataDir, embedded: false, demo: false, approverName: 'New Person', rendererDir: process.env.COUNTERSIGN_E2E_RENDERER, log: () => {} });
  try {
    await page.goto(host.url);
    await expect(page.getByText('No sources yet, so nothing can arrive here. Add a Countersign hub or a LangGraph deployment in Settings.')).toBeVisible();
    await expect(page.getByText('Nothing waiting in')).toHaveCount(0);
    const r = await new AxeBuilder({ page }).analyze();
    expect(r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    await page.getByRole('button', { name: 'Open Settings' }).click();
    await expect(page.getByRole('heading', { name: 'Add a source' })).toBeVisible();
  } finally {
    await host.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
