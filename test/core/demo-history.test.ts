// The demo's 90-day history (#13 item 7): seeded into a real console store, Insights over the last 30 and 90 days shows
// at least one relax, one keep and one tighten with their evidence; removing its source in Settings removes exactly
// its items (the hub's and the console's own items stay) and it is not seeded again.
import { afterEach, expect, it } from 'vitest';
import type { ConsoleCore } from '../../src/core/api.js';
import { DEMO_HISTORY_SOURCE_ID, seedDemoHistory } from '../../src/core/demo-history.js';
import { seedSyntheticItems } from '../../src/core/seed.js';
import { makeCore } from './helpers.js';

let core: ConsoleCore | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

it('shows relax, keep and tighten in the first minute, and is removed with its source', async () => {
  ({ core } = await makeCore());
  const c = core;
  seedSyntheticItems(c.store, 10); // someone else's items, which must survive the removal
  expect(seedDemoHistory(c.store)).toBe(true);
  for (const days of [30, 90]) {
    const report = await c.call('insights.compute', { period: { from: day(days - 1), to: day(0) } });
    const rec = (cls: string, lane: string) => report.rows.find((r) => r.actionClass === cls && r.control === lane)?.recommendation;
    expect(rec('crm.update', 'approval')?.kind, `${days} days`).toBe('relax');
    expect(rec('refund.issue', 'approval')?.kind, `${days} days`).toBe('keep');
    expect(rec('refund.issue', 'review')?.kind, `${days} days`).toBe('tighten');
    expect(rec('crm.update', 'approval')!.evidence.join(' ')).toContain('95% Wilson interval');
  }
  // The split the data was made with: refunds up to 250 were (almost) never changed, the what-if says so item by item.
  const refund = {
    name: 'refund.issue',
    factors: ['outside_lane' as const],
    conditionalFactors: [{ factor: 'irreversible' as const, when: [{ path: 'args.amount', op: 'gt' as const, value: 250 }] }],
  };
  const w = await c.call('insights.whatIf', { period: { from: day(89), to: day(0) }, proposed: refund });
  expect(w.removedApprovals).toBeGreaterThan(50);
  expect(w.letThroughChanged / w.removedApprovals).toBeLessThan(0.02);
  // Threshold discovery finds that split in the decisions by itself (#13 item 4), over the contract.
  const found = await c.call('insights.splits', { period: { from: day(89), to: day(0) } });
  expect(found.splits.find((x) => x.actionClass === 'refund.issue' && x.control === 'approval')).toMatchObject({ kind: 'relax', path: 'args.amount', threshold: 250 });
  expect((await c.call('insights.splits', { period: { from: day(89), to: day(0) } })).splits).toEqual(found.splits); // answered again from memory

  const sources = await c.call('sources.list', {});
  const demo = sources.find((s) => s.id === DEMO_HISTORY_SOURCE_ID)!;
  expect(demo.name).toContain('Demo history');
  await c.call('sources.remove', { id: demo.id });
  const after = await c.call('insights.compute', { period: { from: day(89), to: day(0) } });
  expect(after.rows.filter((r) => r.volume > 0).reduce((n, r) => n + r.volume, 0)).toBeLessThanOrEqual(10);
  // The removal is a write: the remembered splits are not served for the data that is gone.
  expect((await c.call('insights.splits', { period: { from: day(89), to: day(0) } })).splits).toEqual([]);
  expect((await c.call('queue.counts', {})).approvals).toBeGreaterThan(0); // the other items are still there
  expect(seedDemoHistory(c.store)).toBe(false);
});
