// A newcomer's first minute (#13 item 7), in Chromium against browser mode with the embedded hub and demo agent, as
// `npm start` runs with no configuration: Insights says what it answers and shows a relax, a keep and a tighten from
// the demo's 90 days of history (marked as demo data), and the relax opens as a change the newcomer may apply; over 90
// days the refunds' split point at 250 is found and opens as a split proposal, scrolled into view.
import AxeBuilder from '@axe-core/playwright';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebHost } from '../../src/web-host/host.js';
import { expect, SCREENS, test } from './fixtures.js';

test('Insights shows the thesis in the first minute of the demo', async ({ page }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'countersign-e2e-newcomer-'));
  const host = await startWebHost({ dataDir, embedded: true, demo: true, approverName: 'New Person', rendererDir: process.env.COUNTERSIGN_E2E_RENDERER, log: () => {} });
  try {
    await page.goto(host.url);
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Insights' }).click();
    await expect(page.getByTestId('insights-intro')).toContainText('whether asking a person still changes what agents do');
    const table = page.getByRole('table', { name: 'Figures per action class and lane' });
    await expect(table.locator('tr[data-row="crm.update/approval"]')).toContainText('Relax');
    await expect(table.locator('tr[data-row="refund.issue/approval"]')).toContainText('Keep');
    await expect(table.locator('tr[data-row="refund.issue/review"]')).toContainText('Tighten');
    await page.screenshot({ path: `${SCREENS}/newcomer-insights.png`, fullPage: true });

    // The relax is a change the person running the embedded hub may apply, starting from that hub's real policy.
    await table.locator('tr[data-row="crm.update/approval"]').getByRole('button', { name: 'Propose the change: relax crm.update approval' }).click();
    const panel = page.getByRole('region', { name: 'Proposed change: Relax crm.update' });
    await expect(panel.getByTestId('proposal-base')).toContainText('This computer');
    await expect(panel.getByRole('button', { name: 'Apply the change to the policy' })).toBeEnabled({ timeout: 15_000 });
    await expect(panel).toContainText('removed');

    // Over 90 days the recommender finds the split point in the refunds itself (#13 item 4) and proposes it as a condition.
    await panel.getByRole('button', { name: 'Close the proposed change' }).click();
    await page.getByRole('button', { name: 'Last 90 days' }).click();
    const split = table.locator('tr[data-row="refund.issue/approval"] [data-split]');
    await expect(split).toContainText('relax at or under 250', { timeout: 30_000 });
    await split.getByText('Evidence for the split').click();
    await expect(split).toContainText('At or under 250 (args.amount): 0 of');
    await split.getByRole('button', { name: 'Propose the split: relax refund.issue at or under 250' }).click();
    const splitPanel = page.getByRole('region', { name: 'Proposed change: Relax refund.issue' });
    await expect(splitPanel.getByLabel('Split threshold')).toHaveValue('250');
    await expect(splitPanel.getByLabel('Split argument path')).toHaveValue('args.amount');
    await expect(splitPanel.getByRole('heading', { name: /Proposed change: relax/ })).toBeFocused();
    await expect(splitPanel).toContainText('removed');
    await expect(splitPanel.getByRole('heading', { name: /Proposed change: relax/ })).toBeInViewport();
    await page.screenshot({ path: `${SCREENS}/newcomer-split.png` });
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

    // The demo history is marked as such and removable in Settings.
    const sources = await host.core.call('sources.list', {});
    expect(sources.map((s) => s.name)).toContain('Demo history (90 days of synthetic decisions; remove it here)');
  } finally {
    await host.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
