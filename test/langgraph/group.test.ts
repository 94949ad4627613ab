// An interrupt that asks two things, through the real console core (store, outbox, sync engine) and the real dev server
// running a createAgent + humanInTheLoopMiddleware agent: the first decision is held and shown as waiting (the source
// stays online); the deployment goes down and the console closes with the group complete in the outbox; both come
// back and the group is delivered in exactly one run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCore, waitFor } from '../core/helpers.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ConsoleCore } from '../../src/core/api.js';
import { interruptedThread, settledValues, startLangGraphServer, type LangGraphServer } from './helpers/server.js';

let lg: LangGraphServer;
let dataDir: string;
const open = async (): Promise<ConsoleCore> =>
  (await makeCore({ dataDir, approverName: 'alice@example.com', timing: { pollMinMs: 100, pollMaxMs: 400, backoffBaseMs: 100, backoffMaxMs: 400 } })).core;

beforeAll(async () => {
  lg = await startLangGraphServer({ workers: 1 });
  dataDir = mkdtempSync(join(tmpdir(), 'countersign-lg-group-'));
});
afterAll(async () => {
  await lg?.dispose();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

it('held until complete, then delivered once across a deployment outage and a console restart', async () => {
  const calls = [
    { name: 'send_email', args: { to: 'ada@example.com', subject: 'Refund' } },
    { name: 'wire_transfer', args: { amount: 500, iban: 'DE89 3704' } },
  ];
  const threadId = await interruptedThread(lg.client, 'hitl', { messages: [{ role: 'user', content: JSON.stringify({ calls }) }] });
  let core: ConsoleCore = await open();
  try {
    const src = await core.call('sources.add', { kind: 'langgraph', name: 'Agents', url: lg.url, watch: [] });
    const rows = await waitFor('two items', async () => {
      const r = (await core.call('queue.list', { lane: 'approvals' })).items.filter((i) => i.id.includes(threadId));
      return r.length === 2 ? r : null;
    });
    const email = rows.find((r) => r.actionClass === 'send_email')!;
    const wire = rows.find((r) => r.actionClass === 'wire_transfer')!;

    await core.call('item.decide', { id: email.id, verdict: 'approve' });
    const waiting = await waitFor('the email decision held', async () => {
      const it = (await core.call('item.get', { id: email.id })).item;
      return it.localDecision?.error && it.localDecision.syncState === 'local' ? it : null;
    });
    expect(waiting.localDecision).toMatchObject({ syncState: 'local', error: expect.stringMatching(/1 of 2 still to decide \(#2 wire_transfer\)/) });
    const status = await core.call('sync.status', {});
    expect(status.sources.find((s) => s.id === src.id)).toMatchObject({ state: 'online', error: null });
    expect((await lg.client.threads.get(threadId)).status).toBe('interrupted');
    expect(await lg.client.runs.list(threadId)).toHaveLength(1);

    await lg.stop();
    const edited = { name: 'wire_transfer', args: { amount: 450, iban: 'DE89 3704' } };
    await core.call('item.decide', { id: wire.id, verdict: 'approve_with_edits', editedAction: edited });
    await waitFor('the source offline', async () => (await core.call('sync.status', {})).sources.find((s) => s.id === src.id)?.state === 'offline');
    expect((await core.call('queue.counts', {})).outbox).toBe(2);
    await core.close();

    await lg.start();
    core = await open();
    const synced = await waitFor('both synced', async () => {
      const items = await Promise.all([email.id, wire.id].map(async (id) => (await core.call('item.get', { id })).item));
      return items.every((i) => i.localDecision?.syncState === 'synced') ? items : null;
    });
    expect(synced.map((i) => i.localDecision!.decision.verdict)).toEqual(['approve', 'approve_with_edits']);
    const { values } = await settledValues(lg.client, threadId);
    const tools = (values.messages as Array<{ type: string; content: string }>).filter((m) => m.type === 'tool').map((m) => m.content);
    expect(tools).toEqual(['sent to ada@example.com: Refund', 'wired 450 to DE89 3704']);
    // The agent's run and exactly one resume.
    expect(await lg.client.runs.list(threadId)).toHaveLength(2);
  } finally {
    await core.close();
  }
}, 120_000);
