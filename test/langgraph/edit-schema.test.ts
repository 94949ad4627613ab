// An edit is checked against the schema the agent gives for it (the LangChain middleware's argsSchema), through the
// real console core and a real createAgent agent on the dev server: one that does not fit is refused by item.decide with
// the problems named, before anything is written or sent; one that fits is sent and the tool runs with it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeCore, waitFor } from '../core/helpers.js';
import { interruptedThread, settledValues, startLangGraphServer, type LangGraphServer } from './helpers/server.js';

let lg: LangGraphServer;
beforeAll(async () => {
  lg = await startLangGraphServer({ workers: 1 });
});
afterAll(async () => {
  await lg?.dispose();
});

it('an edit outside the argsSchema is refused before it is written; one inside it is delivered', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'countersign-lg-schema-'));
  const core = (await makeCore({ dataDir, approverName: 'alice@example.com', timing: { pollMinMs: 100, pollMaxMs: 400, backoffBaseMs: 100, backoffMaxMs: 400 } })).core;
  try {
    const plan = { calls: [{ name: 'wire_transfer', args: { amount: 500, iban: 'DE89 3704' } }] };
    const threadId = await interruptedThread(lg.client, 'hitl', { messages: [{ role: 'user', content: JSON.stringify(plan) }] });
    await core.call('sources.add', { kind: 'langgraph', name: 'Agents', url: lg.url, watch: [] });
    const row = await waitFor('the item', async () => (await core.call('queue.list', { lane: 'approvals' })).items.find((i) => i.id.includes(threadId)) ?? null);
    const item = (await core.call('item.get', { id: row.id })).item;
    // The item carries the schema, so the edit dialog can check as the approver types.
    expect(item.editSchema).toMatchObject({ type: 'object', properties: { amount: { type: 'number', maximum: 10_000 } }, required: ['amount', 'iban'] });

    for (const args of [{ amount: 20_000, iban: 'DE89 3704' }, { amount: 400 }]) {
      const err = await core.call('item.decide', { id: row.id, verdict: 'approve_with_edits', editedAction: { name: 'wire_transfer', args } }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^The edit does not fit the schema the agent gives for it: (amount|iban): /) });
    }
    // Nothing was written: still in Approvals, no local decision, nothing in the outbox.
    const still = (await core.call('item.get', { id: row.id })).item;
    expect(still.localDecision).toBeNull();
    expect(still.lane).toBe('approvals');

    await core.call('item.decide', { id: row.id, verdict: 'approve_with_edits', editedAction: { name: 'wire_transfer', args: { amount: 450, iban: 'DE89 3704' } } });
    await waitFor('synced', async () => (await core.call('item.get', { id: row.id })).item.localDecision?.syncState === 'synced');
    const { values } = await settledValues(lg.client, threadId);
    const tools = (values.messages as Array<{ type: string; content: unknown }>).filter((m) => m.type === 'tool').map((m) => m.content);
    expect(tools).toEqual(['wired 450 to DE89 3704']);
  } finally {
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 90_000);
