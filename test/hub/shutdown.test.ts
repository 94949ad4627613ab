// SIGTERM with agents long-polling (#12): the hub answers every held long-poll at once and exits, instead of letting
// each poll wait again until its own deadline and then waiting out idle keep-alive sockets (84 s before); the agents'
// decision() calls keep waiting across the restart and resolve when a human decides.
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type ApprovalHandle } from '../../src/sdk/index.js';
import { spawnHub, type HubProcess } from '../helpers/hub.js';
import { decide, decisionFor } from './util.js';

let hub: HubProcess | undefined;
afterEach(async () => {
  await hub?.stop();
  hub = undefined;
});

describe('SIGTERM with held long-polls', () => {
  it('exits long before the polls would have ended, and every decision() resolves after the restart', async () => {
    hub = await spawnHub();
    const h = hub;
    const agent = createClient({ url: h.url, token: h.agentToken });
    const handles: ApprovalHandle[] = [];
    for (let i = 0; i < 50; i++) {
      handles.push(
        await agent.requestApproval({ actionClass: 'refund.issue', action: { name: 'refund', args: { amount: 900 + i } }, summary: `refund ${i}`, idempotencyKey: `sigterm-${i}` }),
      );
    }
    expect(handles.every((x) => x.status === 'pending')).toBe(true);
    // Each decision() holds a long-poll of up to 60 s at the hub.
    const finals = handles.map((x) => x.decision({ timeout: 120_000 }));
    await new Promise((r) => setTimeout(r, 1500));
    const t0 = Date.now();
    await h.kill('SIGTERM');
    const exitMs = Date.now() - t0;
    // The polls' own deadline is 60 s and keep-alive 65 s: an exit well under both shows neither was waited out.
    expect(exitMs, h.output()).toBeLessThan(20_000);
    await h.restart();
    const results = await decide(
      h,
      h.approverToken,
      handles.map((x) => decisionFor(x.id, 'approve')),
    );
    expect(results.every((r) => r.status === 'accepted')).toBe(true);
    const done = await Promise.all(finals);
    expect(done.map((r) => r.status)).toEqual(handles.map(() => 'approved'));
  });
});
