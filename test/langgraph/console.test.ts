// The LangGraph source inside the real console core (store, sync engine, outbox) against the real dev server:
// add the deployment, decide offline, come back online, and lose a race to another inbox.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCore, waitFor } from '../core/helpers.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleCore } from '../../src/core/api.js';
import type { SourceView } from '../../src/shared/contract.js';
import { interruptedThread, settledValues, startLangGraphServer, type LangGraphServer } from './helpers/server.js';

let lg: LangGraphServer;
let core: ConsoleCore;
let dataDir: string;

const list = async (lane: 'approvals' | 'decided') => (await core.call('queue.list', { lane, limit: 1000 })).items;
const getItem = async (id: string) => (await core.call('item.get', { id })).item;

beforeAll(async () => {
  lg = await startLangGraphServer({ workers: 1 });
  dataDir = mkdtempSync(join(tmpdir(), 'countersign-lg-console-'));
  core = (await makeCore({ dataDir, approverName: 'alice@example.com', timing: { pollMinMs: 100, pollMaxMs: 400, backoffBaseMs: 100, backoffMaxMs: 400 } })).core;
});
afterAll(async () => {
  await core?.close();
  await lg?.dispose();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('through the console core', () => {
  let source: SourceView;

  it('adding the deployment brings its interrupts into the approvals lane', async () => {
    await interruptedThread(lg.client, 'inbox', { action: 'crm.update', args: { account: 'ACME', tier: 'gold' }, description: 'Upgrade ACME' });
    source = await core.call('sources.add', { kind: 'langgraph', name: 'Support agents', url: lg.url, watch: [] });
    const rows = await waitFor('the item in the queue', async () => {
      const r = await list('approvals');
      return r.length === 1 ? r : null;
    });
    expect(rows[0]).toMatchObject({ summary: 'Upgrade ACME', actionClass: 'crm.update', sourceName: 'Support agents' });
    const item = await getItem(rows[0]!.id);
    expect(item.sourceKind).toBe('langgraph');
    expect(item.allowedVerdicts).toEqual(['approve', 'approve_with_edits', 'reject', 'ignore']);
    expect(item.descriptionMarkdown).toBe('Upgrade ACME');
  });

  it('a decision made offline waits in the outbox and lands when the server is back', async () => {
    const threadId = await interruptedThread(lg.client, 'inbox', { action: 'refund.issue', args: { orderId: 'Z-9', amount: 400 } });
    const row = await waitFor('the second item', async () => (await list('approvals')).find((r) => r.actionClass === 'refund.issue'));

    await lg.stop();
    await waitFor('the source to be offline', async () => {
      const s = await core.call('sync.status', {});
      return s.sources.find((x) => x.id === source.id)?.state === 'offline';
    });
    const edited = { name: 'refund.issue', args: { orderId: 'Z-9', amount: 250 } };
    const decided = await core.call('item.decide', { id: row.id, verdict: 'approve_with_edits', editedAction: edited });
    expect(decided.localDecision?.decision.changed).toBe(true);
    // Let the engine try (and fail) a few times while the server is down: still queued, nothing lost.
    await new Promise((r) => setTimeout(r, 800));
    const waiting = await getItem(row.id);
    expect(waiting.localDecision?.syncState).not.toBe('synced');
    expect((await core.call('queue.counts', {})).outbox).toBe(1);

    await lg.start();
    await waitFor('the decision to sync', async () => (await getItem(row.id)).localDecision?.syncState === 'synced', 30_000);
    const after = await settledValues(lg.client, threadId);
    expect(after.values.executed).toEqual({ action: 'refund.issue', args: edited.args });
    expect((await core.call('queue.counts', {})).outbox).toBe(0);
  });

  it('a thread answered in another inbox first shows up as a conflict with who and what', async () => {
    // A second console that polls rarely and does not watch, so the answer elsewhere lands between its pull and our decision.
    const slowDir = mkdtempSync(join(tmpdir(), 'countersign-lg-console-slow-'));
    const slow = (
      await makeCore({
        dataDir: slowDir,
        approverName: 'bob@example.com',
        timing: { pollMinMs: 60_000, pollMaxMs: 60_000, backoffBaseMs: 100, backoffMaxMs: 400 },
        sourceDeps: { watchIntervalMs: 0 },
      })
    ).core;
    try {
      const threadId = await interruptedThread(lg.client, 'inbox', { action: 'email.send', args: { to: 'all@example.com' } });
      await slow.call('sources.add', { kind: 'langgraph', name: 'Support agents', url: lg.url, watch: ['inbox'] });
      const row = await waitFor('the email item', async () =>
        (await slow.call('queue.list', { lane: 'approvals', limit: 1000 })).items.find((r) => r.actionClass === 'email.send'),
      );
      await lg.client.runs.wait(threadId, 'inbox', { command: { resume: { type: 'response', args: 'Too many recipients' } } });
      await slow.call('item.decide', { id: row.id, verdict: 'approve' });
      const item = await waitFor('the conflict', async () => {
        const i = (await slow.call('item.get', { id: row.id })).item;
        return i.localDecision?.syncState === 'conflict' ? i : null;
      });
      expect(item.localDecision?.conflict?.winner).toMatchObject({ verdict: 'reject', feedback: 'Too many recipients', decidedBy: 'langgraph' });
      // The approval never reached the graph.
      expect((await settledValues(lg.client, threadId)).values.responses).toEqual([{ type: 'response', args: 'Too many recipients' }]);
    } finally {
      await slow.close();
      rmSync(slowDir, { recursive: true, force: true });
    }
  });

  it('an item answered elsewhere before anyone here decided moves out of the approvals lane and cannot be decided', async () => {
    const threadId = await interruptedThread(lg.client, 'inbox', { action: 'crm.delete', args: { account: 'OLDCO' } });
    const row = await waitFor('the delete item', async () => (await list('approvals')).find((r) => r.actionClass === 'crm.delete'));
    await lg.client.runs.wait(threadId, 'inbox', { command: { resume: { type: 'ignore', args: null } } });
    await waitFor('it to leave the approvals lane', async () => !(await list('approvals')).some((r) => r.id === row.id));
    const item = await getItem(row.id);
    expect(item.allowedVerdicts).toEqual([]);
    expect(item.request.decision).toMatchObject({ verdict: 'ignore', decidedBy: 'langgraph' });
    await expect(core.call('item.decide', { id: row.id, verdict: 'approve' })).rejects.toThrow();
  });
});
