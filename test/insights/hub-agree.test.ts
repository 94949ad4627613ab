// The real hub process over HTTP: GET /v1/insights answers with exactly the figures computeInsights() gives on the
// hub's SQLite file, and they match what was submitted and decided through the protocol.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeInsights } from '../../src/insights/compute.js';
import type { InsightsReport } from '../../src/shared/insights/schemas.js';
import { request, spawnHub, type HubProcess } from '../helpers/hub.js';
import { decide, decisionFor, proposal, submit } from '../hub/util.js';

let hub: HubProcess;
const today = new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  hub = await spawnHub();
  // refund.issue over 100 needs approval (two factors); 20 goes to the review lane and is released.
  const big = [];
  for (let i = 0; i < 6; i++) big.push(await submit(hub, proposal('refund.issue', { amount: 500 + i, order: `o-${i}` })));
  const small = await submit(hub, proposal('refund.issue', { amount: 20, order: 'o-small' }));
  expect(big.every((r) => r.control === 'approval')).toBe(true);
  expect(small.control).toBe('review');
  const results = await decide(hub, hub.approverToken, [
    decisionFor(big[0]!.id, 'approve'),
    decisionFor(big[1]!.id, 'approve'),
    decisionFor(big[2]!.id, 'approve_with_edits', { editedAction: { ...big[2]!.action, args: { ...big[2]!.action.args, amount: 250 } } }),
    decisionFor(big[3]!.id, 'reject', { feedback: 'duplicate refund' }),
  ]);
  expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
  for (const [id, status] of [
    [big[0]!.id, 'executed'],
    [big[2]!.id, 'failed'],
    [small.id, 'rolled_back'],
  ] as const) {
    const r = await request(hub.url, `/v1/requests/${id}/outcome`, { token: hub.agentToken, body: { status, detail: 'x' } });
    expect(r.status).toBeLessThan(300);
  }
}, 120_000);
afterAll(async () => {
  await hub?.stop();
});

describe('hub GET /v1/insights', () => {
  it('agrees with computeInsights on the hub file and with what happened', async () => {
    const r = await request<InsightsReport>(hub.url, `/v1/insights?from=${today}&to=${today}&minDecisions=3`, { token: hub.approverToken });
    expect(r.status).toBe(200);
    const db = new Database(join(hub.dataDir, 'hub.db'), { readonly: true });
    try {
      const local = computeInsights(db, { period: { from: today, to: today }, thresholds: { minDecisions: 3 } });
      const strip = (x: InsightsReport) => ({ ...x, computedAt: '', cacheAsOf: null, computeMs: 0 });
      expect(strip(r.body)).toEqual(strip(local));
    } finally {
      db.close();
    }
    const approval = r.body.rows.find((x) => x.actionClass === 'refund.issue' && x.control === 'approval')!;
    expect(approval).toMatchObject({ volume: 6, pending: 2, approvedUnchanged: 2, approvedWithEdits: 1, rejected: 1, decided: 4, changed: 2, changeRate: 0.5 });
    expect(approval.outcomes).toMatchObject({ reported: 2, executed: 1, failed: 1 });
    expect(approval.recommendation.kind).toBe('keep');
    const review = r.body.rows.find((x) => x.actionClass === 'refund.issue' && x.control === 'review')!;
    expect(review).toMatchObject({ volume: 1, releasedUnreviewed: 1, outcomes: { reported: 1, rolledBack: 1 } });
  });

  it('needs an approver token and names bad fields', async () => {
    expect((await request(hub.url, `/v1/insights?from=${today}&to=${today}`, { token: hub.agentToken })).status).toBe(403);
    expect((await request(hub.url, `/v1/insights?from=${today}&to=${today}`)).status).toBe(401);
    const bad = await request<{ message: string }>(hub.url, `/v1/insights?from=2026-13-01&to=${today}`, { token: hub.approverToken });
    expect(bad.status).toBe(400);
  });
});
