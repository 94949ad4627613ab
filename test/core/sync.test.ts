// The console core against the REAL hub process over HTTP: pull + SSE wake, decide -> synced,
// 50 decisions while the hub is down then all synced exactly once, two consoles racing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { spawnHub, request, type HubProcess } from '../helpers/hub.js';
import type { ConsoleCore } from '../../src/core/api.js';
import type { LogEntry } from '../../src/shared/domain.js';
import type { DecisionResult, RequestView } from '../../src/shared/protocol.js';
import { listIds, makeCore, submit, waitFor } from './helpers.js';

let hub: HubProcess;
const cleanup: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  hub = await spawnHub();
});
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
  await hub?.stop();
});

async function consoleFor(token: string, approverName: string): Promise<{ core: ConsoleCore; sourceId: string }> {
  const { core, dataDir } = await makeCore({ approverName });
  cleanup.push(async () => {
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const src = await core.call('sources.add', { kind: 'hub', name: 'Team hub', url: hub.url, token });
  expect(src.hasToken).toBe(true);
  return { core, sourceId: src.id };
}

const itemOf = (core: ConsoleCore, id: string) => core.call('item.get', { id });

describe('console core with the real hub', () => {
  it('pulls existing requests, is woken by SSE for new ones, decides, and syncs', async () => {
    const before = await submit(hub.url, hub.agentToken);
    expect(before.control).toBe('approval');
    const { core, sourceId } = await consoleFor(hub.approverToken, 'approver-1');
    await waitFor('the first pull', async () => (await listIds(core, 'approvals')).includes(`${sourceId}:${before.id}`));
    await waitFor('online', async () => (await core.call('sync.status', {})).sources[0]?.state === 'online');

    // The safety poll is 60 s in these tests: seeing the next one well within that means SSE woke the engine
    // (30 s, not less, so a loaded machine does not fail it).
    const t0 = Date.now();
    const next = await submit(hub.url, hub.agentToken, { summary: 'Refund €900 to Grace Hopper' });
    await waitFor('SSE wake', async () => (await listIds(core, 'approvals')).includes(`${sourceId}:${next.id}`), 30_000, 20);
    expect(Date.now() - t0).toBeLessThan(30_000);

    const detail = await itemOf(core, `${sourceId}:${before.id}`);
    expect(detail.item.request.summary).toContain('Ada Lovelace');
    expect(detail.log.length).toBeGreaterThan(0);
    expect(detail.logVerified).toBe(true);

    const edited = { name: 'refund.issue', args: { amount: 300, customer: 'Ada Lovelace', ticket: 'T-1' } };
    const decided = await core.call('item.decide', { id: `${sourceId}:${before.id}`, verdict: 'approve_with_edits', editedAction: edited });
    expect(decided.lane).toBe('decided');
    expect(decided.localDecision?.decision.changed).toBe(true);
    expect(decided.localDecision?.decision.patch).toEqual([{ op: 'replace', path: '/args/amount', value: 300 }]);
    await waitFor('synced', async () => (await itemOf(core, `${sourceId}:${before.id}`)).item.localDecision?.syncState === 'synced');
    const atHub = await request<RequestView>(hub.url, `/v1/requests/${before.id}`, { token: hub.agentToken });
    expect(atHub.body.status).toBe('approved');
    expect(atHub.body.decision).toMatchObject({ id: decided.localDecision?.decision.id, decidedBy: 'approver-1', editedAction: edited, changed: true });
  });

  it('refuses a reject without feedback, a verdict the source does not take, and an unknown item', async () => {
    const r = await submit(hub.url, hub.agentToken);
    const { core, sourceId } = await consoleFor(hub.approverToken, 'approver-1');
    const id = `${sourceId}:${r.id}`;
    await waitFor('pulled', async () => (await listIds(core, 'approvals')).includes(id));
    await expect(core.call('item.decide', { id, verdict: 'reject' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(core.call('item.decide', { id, verdict: 'reject', feedback: '   ' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(core.call('item.decide', { id, verdict: 'ignore' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(core.call('item.decide', { id, verdict: 'approve_with_edits' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(core.call('item.decide', { id: `${sourceId}:nope`, verdict: 'approve' })).rejects.toMatchObject({ code: 'not_found' });
    // Nothing of that was written.
    expect((await itemOf(core, id)).item.localDecision).toBeNull();
    const ok = await core.call('item.decide', { id, verdict: 'reject', feedback: 'Ask for the receipt first' });
    expect(ok.localDecision?.decision.feedback).toBe('Ask for the receipt first');
    await expect(core.call('item.decide', { id, verdict: 'approve' })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('refuses to approve an expired item, with the expired code', async () => {
    const r = await submit(hub.url, hub.agentToken, { expiresIn: 1 });
    const { core, sourceId } = await consoleFor(hub.approverToken, 'approver-1');
    const id = `${sourceId}:${r.id}`;
    await waitFor('pulled', async () => (await itemOf(core, id).catch(() => null)) !== null);
    await new Promise((res) => setTimeout(res, 1200));
    await expect(core.call('item.decide', { id, verdict: 'approve' })).rejects.toMatchObject({ code: 'expired' });
    expect((await itemOf(core, id)).item.localDecision).toBeNull();
  });

  it('keeps 50 decisions made while the hub is down and syncs each exactly once when it is back', async () => {
    const reqs: RequestView[] = [];
    for (let i = 0; i < 50; i++) reqs.push(await submit(hub.url, hub.agentToken, { summary: `Offline refund ${i}` }));
    const { core, sourceId } = await consoleFor(hub.approverToken, 'approver-1');
    const ids = reqs.map((r) => `${sourceId}:${r.id}`);
    await waitFor('all 50 pulled', async () => {
      const have = new Set(await listIds(core, 'approvals'));
      return ids.every((id) => have.has(id));
    });
    await hub.kill('SIGKILL');
    await waitFor('offline', async () => !(await core.call('sync.status', {})).online, 15_000);
    const decisionIds: string[] = [];
    for (const id of ids) decisionIds.push((await core.call('item.decide', { id, verdict: 'approve' })).localDecision!.decision.id);
    expect((await core.call('queue.counts', {})).outbox).toBe(50);
    // Let the engine retry against the dead hub a few times: retries must not duplicate anything later.
    await new Promise((r) => setTimeout(r, 1500));
    await hub.restart();
    await waitFor('all synced', async () => (await core.call('queue.counts', {})).outbox === 0, 30_000);
    for (const id of ids) expect((await itemOf(core, id)).item.localDecision?.syncState).toBe('synced');
    // At the hub: each request decided once, by our decision id, and its log has exactly one `decided` entry.
    for (const [i, r] of reqs.entries()) {
      const atHub = await request<RequestView>(hub.url, `/v1/requests/${r.id}`, { token: hub.agentToken });
      expect(atHub.body.status).toBe('approved');
      expect(atHub.body.decision).toMatchObject({ id: decisionIds[i] });
      const log = await request<{ entries: LogEntry[] }>(hub.url, `/v1/requests/${r.id}/log`, { token: hub.approverToken });
      expect(log.body.entries.filter((e) => e.event === 'decided')).toHaveLength(1);
    }
    expect((await core.call('sync.status', {})).online).toBe(true);
  }, 120_000);

  it('the hub vanishing mid-push loses nothing and duplicates nothing', async () => {
    const reqs: RequestView[] = [];
    for (let i = 0; i < 30; i++) reqs.push(await submit(hub.url, hub.agentToken, { summary: `Mid-push ${i}` }));
    const { core, sourceId } = await consoleFor(hub.approverToken, 'approver-1');
    const ids = reqs.map((r) => `${sourceId}:${r.id}`);
    await waitFor('pulled', async () => {
      const have = new Set(await listIds(core, 'approvals'));
      return ids.every((id) => have.has(id));
    });
    // Decide all at once and kill the hub while the outbox is pushing them.
    const decided = await Promise.all(ids.map((id) => core.call('item.decide', { id, verdict: 'approve' })));
    await new Promise((r) => setTimeout(r, 5));
    await hub.kill('SIGKILL');
    await hub.restart();
    await waitFor('all synced', async () => (await core.call('queue.counts', {})).outbox === 0, 30_000);
    for (const [i, r] of reqs.entries()) {
      const atHub = await request<RequestView>(hub.url, `/v1/requests/${r.id}`, { token: hub.agentToken });
      expect(atHub.body.decision).toMatchObject({ id: decided[i]?.localDecision?.decision.id });
      const log = await request<{ entries: LogEntry[] }>(hub.url, `/v1/requests/${r.id}/log`, { token: hub.approverToken });
      expect(log.body.entries.filter((e) => e.event === 'decided')).toHaveLength(1);
      expect((await core.call('item.get', { id: `${sourceId}:${r.id}` })).item.localDecision?.syncState).toBe('synced');
    }
  }, 90_000);

  it('catches up page by page after a long gap, including decisions made elsewhere meanwhile', async () => {
    const early: RequestView[] = [];
    for (let i = 0; i < 5; i++) early.push(await submit(hub.url, hub.agentToken, { summary: `Early ${i}` }));
    const { core, dataDir } = await makeCore({ approverName: 'approver-1', pageSize: 10 });
    const src = await core.call('sources.add', { kind: 'hub', name: 'Team hub', url: hub.url, token: hub.approverToken });
    await waitFor('early ones', async () => {
      const have = new Set(await listIds(core, 'approvals'));
      return early.every((r) => have.has(`${src.id}:${r.id}`));
    });
    await core.close();
    // While the console is closed: 45 new requests, and another approver decides the early ones.
    const late: RequestView[] = [];
    for (let i = 0; i < 45; i++) late.push(await submit(hub.url, hub.agentToken, { summary: `Late ${i}` }));
    const now = new Date().toISOString();
    const batch = await request<{ results: DecisionResult[] }>(hub.url, '/v1/decisions', {
      method: 'POST',
      token: hub.approver2Token,
      body: { decisions: early.map((r, i) => ({ id: `elsewhere-${i}-${r.id}`.slice(0, 100), requestId: r.id, verdict: 'reject', feedback: 'handled by phone', decidedAt: now })) },
    });
    expect(batch.body.results.every((r) => r.status === 'accepted')).toBe(true);
    const reopened = (await makeCore({ dataDir, approverName: 'approver-1', pageSize: 10 })).core;
    cleanup.push(async () => {
      await reopened.close();
      rmSync(dataDir, { recursive: true, force: true });
    });
    await waitFor('caught up', async () => {
      const have = new Set(await listIds(reopened, 'approvals'));
      return late.every((r) => have.has(`${src.id}:${r.id}`));
    });
    for (const r of early) {
      const item = (await reopened.call('item.get', { id: `${src.id}:${r.id}` })).item;
      expect(item.lane).toBe('decided');
      expect(item.request.decision).toMatchObject({ verdict: 'reject', decidedBy: 'approver-2', feedback: 'handled by phone' });
      await expect(reopened.call('item.decide', { id: item.id, verdict: 'approve' })).rejects.toMatchObject({ code: 'conflict' });
    }
  });

  it('two consoles racing on the same items: one wins each, the other shows the conflict with the winner', async () => {
    const reqs: RequestView[] = [];
    for (let i = 0; i < 20; i++) reqs.push(await submit(hub.url, hub.agentToken, { summary: `Race ${i}` }));
    const a = await consoleFor(hub.approverToken, 'approver-1');
    const b = await consoleFor(hub.approver2Token, 'approver-2');
    for (const c of [a, b])
      await waitFor('pulled', async () => {
        const have = new Set(await listIds(c.core, 'approvals'));
        return reqs.every((r) => have.has(`${c.sourceId}:${r.id}`));
      });
    await Promise.all([
      ...reqs.map((r) => a.core.call('item.decide', { id: `${a.sourceId}:${r.id}`, verdict: 'approve' })),
      ...reqs.map((r) => b.core.call('item.decide', { id: `${b.sourceId}:${r.id}`, verdict: 'reject', feedback: 'not without a receipt' })),
    ]);
    for (const c of [a, b]) await waitFor('settled', async () => (await c.core.call('queue.counts', {})).outbox === 0, 30_000);
    for (const r of reqs) {
      const da = (await itemOf(a.core, `${a.sourceId}:${r.id}`)).item;
      const db = (await itemOf(b.core, `${b.sourceId}:${r.id}`)).item;
      const states = [da.localDecision?.syncState, db.localDecision?.syncState].sort();
      expect(states).toEqual(['conflict', 'synced']);
      const loser = da.localDecision?.syncState === 'conflict' ? da : db;
      const winner = loser === da ? db : da;
      expect(loser.localDecision?.conflict?.winner).toMatchObject({ id: winner.localDecision?.decision.id, verdict: winner.localDecision?.decision.verdict });
      expect(loser.localDecision?.conflict?.winner.decidedBy).toBe(winner === da ? 'approver-1' : 'approver-2');
      // Both consoles end up showing the hub's truth for the request.
      expect(loser.request.decision?.id).toBe(winner.localDecision?.decision.id);
    }
  }, 120_000);
});
