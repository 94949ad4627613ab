// Delivery verified, on the real LangGraph dev server: a resume counts only once its run ended well. A graph whose
// tool fails after the approval (`fragile`) is shown as failed with the graph's own error text, never as synced,
// both on the push that resumed it and on a retried push of the same decision, and through the console core.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCore, waitFor } from '../core/helpers.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLangGraphSource } from '../../src/core/sources/langgraph/index.js';
import type { PulledItem, Source } from '../../src/core/sources/source.js';
import { decide, pullAll } from './helpers/decisions.js';
import { interruptedThread, settledValues, startLangGraphServer, type LangGraphServer } from './helpers/server.js';

let lg: LangGraphServer;
const sources: Source[] = [];
const source = (): Source => {
  const s = createLangGraphSource({ id: 'lg-test', kind: 'langgraph', name: 'Test deployment', url: lg.url, watch: [] }, { busyWaitMs: 10_000, logError: () => {} });
  sources.push(s);
  return s;
};
const itemOf = async (s: Source, threadId: string): Promise<PulledItem> => (await pullAll(s)).items.find((i) => i.externalId.startsWith(`${threadId}:`))!;

beforeAll(async () => {
  lg = await startLangGraphServer({ workers: 1 });
});
afterAll(async () => {
  for (const s of sources) await s.close();
  await lg?.dispose();
});

it('a resume whose run errors in the step that asked is failed with the error text, stays failed when pushed again, and can be answered again', async () => {
  const threadId = await interruptedThread(lg.client, 'fragile', { action: 'payment.send', args: { amount: 10, fail: 'card declined' } });
  const s = source();
  const first = await pullAll(s);
  const item = first.items.find((i) => i.externalId.startsWith(`${threadId}:`))!;
  const decision = decide(item, 'approve');
  const [res] = await s.push([{ decision, externalId: item.externalId }]);
  expect(res).toMatchObject({ decisionId: decision.id, status: 'failed', reason: 'payment gateway down: card declined' });
  expect((await settledValues(lg.client, threadId)).status).toBe('error');
  // The step that asked raised, so the answer took no effect: the item waits again, saying exactly what failed.
  expect(res!.request).toMatchObject({ status: 'pending', decision: null, outcome: null });
  expect(res!.request!.evidence[0]).toMatchObject({ title: 'The last answer failed', text: expect.stringContaining('payment gateway down: card declined') });

  // A retried push of the same decision (say the console crashed before writing the answer) finds our run: still failed.
  const [retry] = await s.push([{ decision, externalId: item.externalId }]);
  expect(retry).toMatchObject({ status: 'failed' });
  expect(retry!.reason).toMatch(/^the resumed run ended with an error \(run [0-9a-f-]+\)$/);

  // The pull agrees (also a fresh source, after a restart): still answerable, with the failure first.
  let cursor = first.cursor;
  for (const from of [s, source()]) {
    const pulled = await pullAll(from, first.cursor);
    cursor = pulled.cursor;
    const again = pulled.items.find((i) => i.externalId === item.externalId)!;
    expect(again).toMatchObject({ externalId: item.externalId, gone: undefined, allowedVerdicts: item.allowedVerdicts, request: { status: 'pending' } });
    expect(again.request.evidence[0]!.title).toBe('The last answer failed');
  }
  // Decided again: the step runs again with the new answer (reject: nothing is paid), under the same item.
  const second = decide(item, 'reject', { feedback: 'hold the payment' });
  expect((await s.push([{ decision: second, externalId: item.externalId }]))[0]).toMatchObject({ status: 'accepted' });
  const after = await settledValues(lg.client, threadId);
  expect(after.status).toBe('idle');
  expect(after.values).toMatchObject({ responses: [{ type: 'response', args: 'hold the payment' }], executed: null });
  // Settled by the pull with the second decision, read from our run; pushing it again is a duplicate.
  const settled = (await pullAll(s, cursor)).items.find((i) => i.externalId === item.externalId);
  expect(settled).toMatchObject({ gone: true, request: { status: 'rejected', decision: { id: second.id, verdict: 'reject' } } });
  expect((await s.push([{ decision: second, externalId: item.externalId }]))[0]).toMatchObject({ status: 'duplicate' });
}, 90_000);

it('a resume whose run ends well is accepted, and its retry a duplicate', async () => {
  const threadId = await interruptedThread(lg.client, 'fragile', { action: 'payment.send', args: { amount: 10 } });
  const s = source();
  const item = await itemOf(s, threadId);
  const decision = decide(item, 'approve');
  expect((await s.push([{ decision, externalId: item.externalId }]))[0]).toMatchObject({ status: 'accepted' });
  const { values } = await settledValues(lg.client, threadId);
  expect(values.executed).toEqual({ action: 'payment.send', args: { amount: 10 } });
  expect((await s.push([{ decision, externalId: item.externalId }]))[0]).toMatchObject({ status: 'duplicate' });
}, 60_000);

it('through the console: the item shows "delivery failed at the source", the source says so, and the item is back to decide again', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'countersign-lg-delivery-'));
  const core = (await makeCore({ dataDir, approverName: 'alice@example.com', timing: { pollMinMs: 100, pollMaxMs: 400, backoffBaseMs: 100, backoffMaxMs: 400 } })).core;
  try {
    const threadId = await interruptedThread(lg.client, 'fragile', { action: 'payment.send', args: { amount: 99, fail: 'insufficient funds' } });
    const src = await core.call('sources.add', { kind: 'langgraph', name: 'Payments agent', url: lg.url, watch: ['fragile'] });
    const row = await waitFor('the item', async () => (await core.call('queue.list', { lane: 'approvals' })).items.find((i) => i.id.includes(threadId)) ?? null);
    await core.call('item.decide', { id: row.id, verdict: 'approve' });
    const item = await waitFor('the push answered', async () => {
      const it = (await core.call('item.get', { id: row.id })).item;
      return it.localDecision && it.localDecision.syncState !== 'local' && it.localDecision.syncState !== 'syncing' ? it : null;
    });
    expect(item.localDecision).toMatchObject({ syncState: 'failed', error: 'delivery failed at the source: payment gateway down: insufficient funds' });
    expect(item.localDecision!.decision.verdict).toBe('approve');
    // Never shown as approved: the request is pending again, in Approvals, with the failure kept on the item.
    expect(item.request.status).toBe('pending');
    expect(item.lane).toBe('approvals');
    const status = await core.call('sync.status', {});
    expect(status.sources.find((s) => s.id === src.id)?.error).toContain('payment gateway down: insufficient funds');
    // Decided again (the approver read what failed): delivered, and the source's error clears.
    await core.call('item.decide', { id: row.id, verdict: 'reject', feedback: 'not with these funds' });
    await waitFor('the second decision synced', async () => (await core.call('item.get', { id: row.id })).item.localDecision?.syncState === 'synced');
    expect((await settledValues(lg.client, threadId)).values.responses).toEqual([{ type: 'response', args: 'not with these funds' }]);
    await waitFor('the source error cleared', async () => (await core.call('sync.status', {})).sources.find((s) => s.id === src.id)?.error === null);
  } finally {
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 90_000);

it('a resumed run that outlasts the wait is "sent, waiting for the run", never an error, then judged when it ends', async () => {
  const slow = createLangGraphSource({ id: 'lg-test', kind: 'langgraph', name: 'Test deployment', url: lg.url, watch: [] }, { deliveryWaitMs: 300, logError: () => {} });
  sources.push(slow);
  for (const [args, end] of [
    [{ amount: 1, slowMs: 2_500 }, 'duplicate'],
    [{ amount: 2, slowMs: 2_500, fail: 'card declined' }, 'failed'],
  ] as const) {
    const threadId = await interruptedThread(lg.client, 'fragile', { action: 'payment.send', args });
    const item = await itemOf(slow, threadId);
    const decision = decide(item, 'approve');
    const [first] = await slow.push([{ decision, externalId: item.externalId }]);
    expect(first).toMatchObject({ decisionId: decision.id, status: 'running' });
    expect(first!.reason).toMatch(/^sent: LangGraph run [0-9a-f-]+ on thread .* is still going/);
    // Pushed again while the run goes on: the source finds its own run in flight and says so at once (no busy wait).
    const [again] = await slow.push([{ decision, externalId: item.externalId }]);
    expect(again).toMatchObject({ status: 'running' });
    await settledValues(lg.client, threadId);
    const [judged] = await slow.push([{ decision, externalId: item.externalId }]);
    expect(judged).toMatchObject({ status: end });
    if (end === 'failed') expect(judged!.reason).toMatch(/^the resumed run ended with an error/);
  }
}, 90_000);

it('through the console: a long run shows as sent and waiting, the source stays online, and the item syncs when the run ends', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'countersign-lg-slow-'));
  const core = (
    await makeCore({
      dataDir,
      approverName: 'alice@example.com',
      timing: { pollMinMs: 100, pollMaxMs: 400, backoffBaseMs: 100, backoffMaxMs: 400 },
      sourceDeps: { deliveryWaitMs: 300 },
    })
  ).core;
  try {
    const threadId = await interruptedThread(lg.client, 'fragile', { action: 'payment.send', args: { amount: 7, slowMs: 4_000 } });
    const src = await core.call('sources.add', { kind: 'langgraph', name: 'Payments agent', url: lg.url, watch: ['fragile'] });
    const row = await waitFor('the item', async () => (await core.call('queue.list', { lane: 'approvals' })).items.find((i) => i.id.includes(threadId)) ?? null);
    await core.call('item.decide', { id: row.id, verdict: 'approve' });
    const sent = await waitFor('sent, waiting for the run', async () => {
      const it = (await core.call('item.get', { id: row.id })).item;
      return it.localDecision?.answer?.kind === 'running' ? it : null;
    });
    expect(['local', 'syncing']).toContain(sent.localDecision!.syncState);
    expect(sent.request.status).toBe('pending');
    const status = await core.call('sync.status', {});
    expect(status.sources.find((s) => s.id === src.id)).toMatchObject({ state: 'online', error: null });
    const synced = await waitFor('synced once the run ended', async () => {
      const it = (await core.call('item.get', { id: row.id })).item;
      return it.localDecision?.syncState === 'synced' ? it : null;
    });
    expect(synced.localDecision!.answer).toBeNull();
    expect((await settledValues(lg.client, threadId)).values.executed).toMatchObject({ action: 'payment.send' });
  } finally {
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 90_000);

it('an answer that fails again after asking again is re-answerable again (the question followed across re-asks)', async () => {
  const threadId = await interruptedThread(lg.client, 'fragile', { action: 'payment.send', args: { amount: 3, fail: 'still down' } });
  const s = source();
  const item = (await pullAll(s)).items.find((i) => i.externalId.startsWith(`${threadId}:`))!;
  for (let n = 0; n < 2; n++) {
    const [res] = await s.push([{ decision: decide(item, 'approve'), externalId: item.externalId }]);
    expect(res).toMatchObject({ status: 'failed', reason: 'payment gateway down: still down', request: { status: 'pending' } });
  }
  expect((await s.push([{ decision: decide(item, 'ignore'), externalId: item.externalId }]))[0]).toMatchObject({ status: 'accepted' });
  expect((await settledValues(lg.client, threadId)).values.responses).toEqual([{ type: 'ignore', args: null }]);
}, 90_000);
