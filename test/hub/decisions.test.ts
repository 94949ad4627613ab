// Deciding on the real hub: the agent's long-poll gets the edited action, feedback and who decided; outcomes;
// first decision wins under a race; retries count once; expiry; self-approval; review-lane decisions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalRequest } from '../../src/shared/domain.js';
import { request, spawnHub, type HubProcess } from '../helpers/hub.js';
import { allChanges, decide, decisionFor, proposal, submit } from './util.js';

let hub: HubProcess;
beforeAll(async () => {
  hub = await spawnHub({ args: ['--sweep-ms', '100'] });
});
afterAll(async () => {
  await hub?.stop();
});

describe('decide and the agent', () => {
  it('wakes the agent long-poll with the edited action, feedback and decidedBy; then takes the outcome', async () => {
    const r = await submit(hub, proposal('refund.issue', { amount: 300, orderId: 'B7' }));
    const started = Date.now();
    const poll = request<ApprovalRequest>(hub.url, `/v1/requests/${r.id}?wait=20`, { token: hub.agentToken });
    await new Promise((res) => setTimeout(res, 300));
    const edited = { name: r.action.name, args: { amount: 150, orderId: 'B7' } };
    const [res] = await decide(hub, hub.approverToken, [decisionFor(r.id, 'approve_with_edits', { editedAction: edited, feedback: 'Half now, half after return' })]);
    expect(res!.status).toBe('accepted');
    const got = (await poll).body;
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(got.status).toBe('approved');
    expect(got.decision?.editedAction).toEqual(edited);
    expect(got.decision?.feedback).toBe('Half now, half after return');
    expect(got.decision?.decidedBy).toBe('approver-1');
    expect(got.decision?.changed).toBe(true);
    expect(got.decision?.patch).toEqual([{ op: 'replace', path: '/args/amount', value: 150 }]);

    const out = await request<ApprovalRequest>(hub.url, `/v1/requests/${r.id}/outcome`, { token: hub.agentToken, body: { status: 'executed', detail: 'refund id rf_1' } });
    expect(out.status).toBe(200);
    expect(out.body.outcome?.status).toBe('executed');
    const change = (await allChanges(hub)).find((c) => c.request.id === r.id);
    expect(change?.kind).toBe('outcome');
    expect(change?.request.outcome?.detail).toBe('refund id rf_1');
  });

  it('maps verdicts: reject needs feedback (400 names the field), escalate, ignore is not supported', async () => {
    const a = await submit(hub, proposal('email.send', { to: 'a@x', body: 'hi' }));
    const noFeedback = await request(hub.url, '/v1/decisions', { token: hub.approverToken, body: { decisions: [decisionFor(a.id, 'reject')] } });
    expect(noFeedback.status).toBe(400);
    expect(noFeedback.body.issues[0].path).toBe('decisions.0.feedback');
    const [rej] = await decide(hub, hub.approverToken, [decisionFor(a.id, 'reject', { feedback: 'Wrong tone' })]);
    expect(rej!.status).toBe('accepted');
    expect(rej!.status === 'accepted' && rej!.request.status).toBe('rejected');

    const b = await submit(hub, proposal('email.send', { to: 'b@x', body: 'hi' }));
    const [ign, esc] = await decide(hub, hub.approverToken, [decisionFor(b.id, 'ignore'), decisionFor(b.id, 'escalate')]);
    expect(ign).toMatchObject({ status: 'rejected', reason: 'verdict not supported by hub' });
    expect(esc!.status === 'accepted' && esc!.request.status).toBe('escalated');
  });

  it('accepts a review of a released item: it stays released and carries the decision', async () => {
    const r = await submit(hub, proposal('refund.issue', { amount: 20 }));
    const [res] = await decide(hub, hub.approverToken, [decisionFor(r.id, 'reject', { feedback: 'Should not have refunded' })]);
    expect(res!.status).toBe('accepted');
    const now = await request<ApprovalRequest>(hub.url, `/v1/requests/${r.id}`, { token: hub.agentToken });
    expect(now.body.status).toBe('released');
    expect(now.body.decision?.verdict).toBe('reject');
  });

  it('refuses self-approval', async () => {
    const sameName = await hub.token('approver', 'agent-1');
    const r = await submit(hub, proposal('refund.issue', { amount: 500 }));
    const [res] = await decide(hub, sameName, [decisionFor(r.id, 'approve')]);
    expect(res).toMatchObject({ status: 'rejected', reason: 'self_approval' });
    expect((await request<ApprovalRequest>(hub.url, `/v1/requests/${r.id}`, { token: hub.agentToken })).body.status).toBe('pending');
  });

  it('counts a decision sent three times once', async () => {
    const r = await submit(hub, proposal('refund.issue', { amount: 700 }));
    const d = decisionFor(r.id, 'approve');
    const results = [...(await decide(hub, hub.approverToken, [d])), ...(await decide(hub, hub.approverToken, [d])), ...(await decide(hub, hub.approverToken, [d]))];
    expect(results.map((x) => x.status)).toEqual(['accepted', 'duplicate', 'duplicate']);
    const log = await request(hub.url, `/v1/requests/${r.id}/log`, { token: hub.approverToken });
    expect(log.body.entries.filter((e: { event: string }) => e.event === 'decided')).toHaveLength(1);
    expect(log.body.verified).toBe(true);
  });

  it('expires a request: the long-poll returns it, the feed announces it, a late decision is answered expired', async () => {
    const r = await submit(hub, proposal('refund.issue', { amount: 900 }, { expiresIn: 1 }));
    const polled = await request<ApprovalRequest>(hub.url, `/v1/requests/${r.id}?wait=10`, { token: hub.agentToken });
    expect(polled.body.status).toBe('expired');
    const change = (await allChanges(hub)).find((c) => c.request.id === r.id);
    expect(change?.kind).toBe('expired');
    const [late] = await decide(hub, hub.approverToken, [decisionFor(r.id, 'approve')]);
    expect(late!.status).toBe('expired');
  });

  it('withdraws a pending request; a decision on it is refused', async () => {
    const r = await submit(hub, proposal('refund.issue', { amount: 901 }));
    const w = await request<ApprovalRequest>(hub.url, `/v1/requests/${r.id}`, { method: 'DELETE', token: hub.agentToken });
    expect(w.body.status).toBe('withdrawn');
    const [res] = await decide(hub, hub.approverToken, [decisionFor(r.id, 'approve')]);
    expect(res).toMatchObject({ status: 'rejected', reason: 'withdrawn' });
  });
});

describe('two approvers race', () => {
  it('100 requests decided by two approvers at once end with exactly one decision each', async () => {
    const reqs = await Promise.all(Array.from({ length: 100 }, (_, i) => submit(hub, proposal('refund.issue', { amount: 1000 + i }))));
    const ids = reqs.map((r) => r.id);
    const batchesFor = (order: string[], verdict: string) => {
      const ds = order.map((id) => decisionFor(id, verdict, verdict === 'reject' ? { feedback: 'no' } : {}));
      return [ds.slice(0, 25), ds.slice(25, 50), ds.slice(50, 75), ds.slice(75)];
    };
    const one = batchesFor(ids, 'approve');
    const two = batchesFor([...ids].reverse(), 'reject');
    const results = (await Promise.all([...one.map((b) => decide(hub, hub.approverToken, b)), ...two.map((b) => decide(hub, hub.approver2Token, b))])).flat();
    expect(results).toHaveLength(200);
    const feed = new Map((await allChanges(hub)).map((c) => [c.request.id, c.request]));
    for (const id of ids) {
      const mine = results.filter((r) => r.status !== 'rejected' && r.request.id === id);
      const accepted = mine.filter((r) => r.status === 'accepted');
      const conflicts = mine.filter((r) => r.status === 'conflict');
      expect(accepted).toHaveLength(1);
      expect(conflicts).toHaveLength(1);
      const winner = feed.get(id)!.decision!;
      expect(winner.id).toBe(accepted[0]!.id);
      expect(conflicts[0]!.status === 'conflict' && conflicts[0]!.winner?.id).toBe(winner.id);
    }
  });
});
