// The demo agent against the real hub: proposals in every lane, outcomes after verdicts, a clean stop on abort.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemoAgent } from '../../src/hub/demo/agent.js';
import { spawnHub, type HubProcess } from '../helpers/hub.js';
import { allChanges, decide, decisionFor } from './util.js';

let hub: HubProcess;
beforeAll(async () => {
  hub = await spawnHub();
});
afterAll(async () => {
  await hub?.stop();
});

async function until<T>(fn: () => Promise<T | undefined | false>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('demo agent', () => {
  it('fills every lane, acts on verdicts (edited action included), reports outcomes and stops on abort', async () => {
    const ac = new AbortController();
    const lines: string[] = [];
    const run = runDemoAgent({ url: hub.url, token: hub.agentToken, signal: ac.signal, intervalMs: 60_000, onEvent: (l) => lines.push(l) });
    const first = await until(async () => {
      const c = await allChanges(hub);
      return c.length >= 8 && c;
    });
    expect(new Set(first.map((c) => c.request.control))).toEqual(new Set(['review', 'audit', 'approval', 'escalation']));
    const email = first.find((c) => c.request.actionClass === 'email.send')!.request;
    expect(String(email.action.args.body).split('\n\n').length).toBeGreaterThan(3);
    const pending = first.filter((c) => c.request.status === 'pending').map((c) => c.request);
    const bigRefund = pending.find((r) => r.actionClass === 'refund.issue' && r.control === 'approval')!;
    const sql = pending.find((r) => r.actionClass === 'db.sql.production')!;
    await decide(hub, hub.approverToken, [
      decisionFor(bigRefund.id, 'approve_with_edits', { editedAction: { ...bigRefund.action, args: { ...bigRefund.action.args, amount: 100 } } }),
      decisionFor(sql.id, 'reject', { feedback: 'Wait for the carrier claim number' }),
    ]);
    await until(async () => (await allChanges(hub)).find((c) => c.request.id === bigRefund.id && c.request.outcome));
    expect(lines.some((l) => l.includes('as edited by approver-1'))).toBe(true);
    await until(async () => lines.some((l) => l.startsWith('not run: db.sql.production ended rejected')));
    const released = (await allChanges(hub)).filter((c) => c.request.status === 'released');
    expect(released.every((c) => c.request.outcome !== null)).toBe(true);

    // Abort must cut the agent's waits short: without it, stopping takes the 60 s interval or a decision long-poll
    // (up to 60 s). 10 s is far below those and leaves room for a loaded machine.
    const t = Date.now();
    ac.abort();
    const stats = await run;
    expect(Date.now() - t).toBeLessThan(10_000);
    expect(stats.submitted).toBe(8);
    expect(stats.executed + stats.failed).toBeGreaterThanOrEqual(4);
  });
});
