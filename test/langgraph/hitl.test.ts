// LangChain v1 human-in-the-loop agents (`createAgent` + `humanInTheLoopMiddleware`, fixtures/agents.ts) and the other
// interrupts that ask several things at once, on the real LangGraph dev server: one item per request, one resume with
// every answer in the shape the agent validates, nothing sent while a request of the interrupt is still undecided.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLangGraphSource } from '../../src/core/sources/langgraph/index.js';
import type { PulledItem, Source } from '../../src/core/sources/source.js';
import { decide, pullAll } from './helpers/decisions.js';
import { interruptedThread, settledValues, startLangGraphServer, type LangGraphServer } from './helpers/server.js';

let lg: LangGraphServer;
const sources: Source[] = [];
const source = (): Source => {
  const s = createLangGraphSource({ id: 'lg-hitl', kind: 'langgraph', name: 'Agents', url: lg.url, watch: [] }, { busyWaitMs: 10_000, logError: () => {} });
  sources.push(s);
  return s;
};

beforeAll(async () => {
  lg = await startLangGraphServer({ workers: 1 });
});
afterAll(async () => {
  for (const s of sources) await s.close();
  await lg?.dispose();
});
beforeEach(async () => {
  const res = await fetch(`${lg.url}/internal/truncate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ runs: true, threads: true, checkpointer: true, store: true }),
  });
  expect(res.ok).toBe(true);
});

type Call = { name: string; args: Record<string, unknown> };
/** The agent's user asks; the fake model turns the plan into these tool calls (fixtures/agents.ts). */
const agentThread = (calls: Call[], failAfter?: string) => interruptedThread(lg.client, 'hitl', { messages: [{ role: 'user', content: JSON.stringify({ calls, failAfter }) }] });
const itemsOf = async (s: Source, threadId: string) => (await pullAll(s)).items.filter((i) => i.externalId.startsWith(`${threadId}:`));
/** What the tools returned and what the model said last, read from the thread's messages. */
async function outcome(threadId: string) {
  const { status, values } = await settledValues(lg.client, threadId);
  const messages = (values.messages ?? []) as Array<{ type: string; name?: string; content: unknown; status?: string }>;
  return {
    status,
    tools: messages.filter((m) => m.type === 'tool').map((m) => `${m.name}: ${String(m.content)}`),
    last: JSON.stringify(messages.at(-1)?.content ?? ''),
  };
}

const EMAIL: Call = { name: 'send_email', args: { to: 'ada@example.com', subject: 'Refund' } };
const WIRE: Call = { name: 'wire_transfer', args: { amount: 500, iban: 'DE89 3704' } };

describe('createAgent + humanInTheLoopMiddleware', () => {
  it('one tool call approved: the tool runs; the item reads like the request', async () => {
    const threadId = await agentThread([EMAIL]);
    const s = source();
    const [item, ...rest] = await itemsOf(s, threadId);
    expect(rest).toEqual([]);
    expect(item!.externalId).toMatch(new RegExp(`^${threadId}:[0-9a-f]{32}$`));
    expect(item!.request.action).toEqual(EMAIL);
    expect(item!.request.actionClass).toBe('send_email');
    expect(item!.request.summary).toBe('Tool execution requires approval');
    expect(item!.allowedVerdicts).toEqual(['approve', 'approve_with_edits', 'reject']);
    expect(item!.request.reasons[0]!.detail).toContain('human-in-the-loop middleware');
    const [res] = await s.push([{ decision: decide(item!, 'approve'), externalId: item!.externalId }]);
    expect(res).toMatchObject({ status: 'accepted', request: { status: 'approved' } });
    const after = await outcome(threadId);
    expect(after.status).toBe('idle');
    expect(after.tools).toEqual(['send_email: sent to ada@example.com: Refund']);
  });

  it('edited: the tool runs with the edited arguments', async () => {
    const threadId = await agentThread([EMAIL]);
    const [item] = await itemsOf(source(), threadId);
    const edited = { name: 'send_email', args: { to: 'bob@example.com', subject: 'Partial refund' } };
    const [res] = await source().push([{ decision: decide(item!, 'approve_with_edits', { editedAction: edited }), externalId: item!.externalId }]);
    expect(res!.status).toBe('accepted');
    expect((await outcome(threadId)).tools).toEqual(['send_email: sent to bob@example.com: Partial refund']);
  });

  it('rejected: the tool does not run and the model sees the message', async () => {
    const threadId = await agentThread([EMAIL]);
    const [item] = await itemsOf(source(), threadId);
    const [res] = await source().push([{ decision: decide(item!, 'reject', { feedback: 'Do not email customers on Sundays' }), externalId: item!.externalId }]);
    expect(res!.status).toBe('accepted');
    const after = await outcome(threadId);
    expect(after.tools).toEqual(['send_email: Do not email customers on Sundays']);
    expect(after.last).toContain('Do not email customers on Sundays');
  });

  it('two parallel calls: two items; one decision alone is held and sends nothing; both go in one resume, decided differently', async () => {
    const threadId = await agentThread([EMAIL, WIRE]);
    const s = source();
    const items = await itemsOf(s, threadId);
    expect(items.map((i) => i.request.action.name)).toEqual(['send_email', 'wire_transfer']);
    const [email, wire] = items as [PulledItem, PulledItem];
    expect(email.externalId.endsWith('/0') && wire.externalId.endsWith('/1')).toBe(true);
    // A Markdown description: the summary is its first line without the markup; the schema is shown.
    expect(wire.request.summary).toBe('Wire transfer');
    expect(wire.descriptionMarkdown).toBe('## Wire transfer\n\nSend **500** to `DE89 3704`.');
    expect(wire.request.evidence.map((e) => e.title)).toEqual(['Description', 'Answered together', 'Arguments schema', 'LangGraph thread']);

    const editEmail = decide(email, 'approve_with_edits', { editedAction: { name: 'send_email', args: { to: 'ops@example.com', subject: 'Refund' } } });
    const [held] = await s.push([{ decision: editEmail, externalId: email.externalId }]);
    expect(held).toMatchObject({ status: 'held', reason: expect.stringMatching(/1 of 2 still to decide \(#2 wire_transfer\)/) });
    expect((await lg.client.threads.get(threadId)).status).toBe('interrupted');
    expect(await lg.client.runs.list(threadId)).toHaveLength(1);

    // An edit outside the tool's argsSchema is refused; the email decision keeps waiting for a good one.
    const tooMuch = decide(wire, 'approve_with_edits', { editedAction: { name: 'wire_transfer', args: { amount: 50_000, iban: 'DE89 3704' } } });
    const refused = await s.push([
      { decision: editEmail, externalId: email.externalId },
      { decision: tooMuch, externalId: wire.externalId },
    ]);
    expect(refused.map((r) => r.status)).toEqual(['held', 'rejected']);
    expect(refused[1]!.reason).toMatch(/schema of wire_transfer: amount/);

    const results = await s.push([
      { decision: editEmail, externalId: email.externalId },
      { decision: decide(wire, 'approve'), externalId: wire.externalId },
    ]);
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    expect((await outcome(threadId)).tools).toEqual(['send_email: sent to ops@example.com: Refund', 'wire_transfer: wired 500 to DE89 3704']);
    expect(await lg.client.runs.list(threadId)).toHaveLength(2); // the agent's run + our one resume
    // Pushed again (a lost answer): duplicates, read back from our run's mark.
    expect((await s.push([{ decision: editEmail, externalId: email.externalId }]))[0]!.status).toBe('duplicate');
  });

  it('two parallel calls, one rejected: the model gets the rejection, as the middleware decides', async () => {
    const threadId = await agentThread([EMAIL, WIRE]);
    const [email, wire] = (await itemsOf(source(), threadId)) as [PulledItem, PulledItem];
    const results = await source().push([
      { decision: decide(wire, 'reject', { feedback: 'No transfers today' }), externalId: wire.externalId },
      { decision: decide(email, 'approve'), externalId: email.externalId },
    ]);
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    const after = await outcome(threadId);
    expect(after.tools).toContain('wire_transfer: No transfers today');
    expect(after.last).toContain('No transfers today');
  });

  it('an auto-approved call next to a gated one: one item, and both run after the approval', async () => {
    const threadId = await agentThread([{ name: 'lookup_order', args: { id: 'A-17' } }, EMAIL]);
    const items = await itemsOf(source(), threadId);
    expect(items.map((i) => i.request.action.name)).toEqual(['send_email']);
    await source().push([{ decision: decide(items[0]!, 'approve'), externalId: items[0]!.externalId }]);
    expect((await outcome(threadId)).tools.sort()).toEqual(['lookup_order: order A-17 is paid', 'send_email: sent to ada@example.com: Refund']);
  });

  it('a resume whose run then errors (the model provider fails after the approval) is failed with the error, never synced', async () => {
    const threadId = await agentThread([EMAIL], 'model provider unavailable');
    const [item] = await itemsOf(source(), threadId);
    const [res] = await source().push([{ decision: decide(item!, 'approve'), externalId: item!.externalId }]);
    expect(res).toMatchObject({ status: 'failed', reason: expect.stringContaining('model provider unavailable') });
    expect(res!.request?.outcome?.status).toBe('failed');
  });
});

describe('the Python spelling, lists and raw values', () => {
  it('action_requests / review_configs: answered with {decisions} and edited_action', async () => {
    const threadId = await interruptedThread(lg.client, 'hitlpy', { action: 'delete_file', args: { path: '/tmp/x' } });
    const [del, audit] = (await itemsOf(source(), threadId)) as [PulledItem, PulledItem];
    expect(del.allowedVerdicts).toEqual(['approve', 'approve_with_edits', 'reject']);
    expect(audit.allowedVerdicts).toEqual(['approve', 'reject']);
    const results = await source().push([
      { decision: decide(audit, 'reject', { feedback: 'no audit entry' }), externalId: audit.externalId },
      { decision: decide(del, 'approve_with_edits', { editedAction: { name: 'delete_file', args: { path: '/tmp/y' } } }), externalId: del.externalId },
    ]);
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    const { values } = await settledValues(lg.client, threadId);
    expect(values.responses).toEqual([
      {
        decisions: [
          { type: 'edit', edited_action: { name: 'delete_file', args: { path: '/tmp/y' } } },
          { type: 'reject', message: 'no audit entry' },
        ],
      },
    ]);
  });

  it('interrupt([a, b]): two items, one resume with both answers in order (one a JSON value)', async () => {
    const threadId = await interruptedThread(lg.client, 'list', { action: 'refund.issue', args: { orderId: 'A-1' } });
    const [first, second] = (await itemsOf(source(), threadId)) as [PulledItem, PulledItem];
    expect(first.request.action).toEqual({ name: 'refund.issue', args: { orderId: 'A-1' } });
    expect(second.rawValue).toEqual({ question: 'Which queue should the follow-up go to?', options: ['billing', 'support'] });
    expect(second.allowedVerdicts).toEqual(['approve', 'approve_with_edits', 'reject']);
    const answer = decide(second, 'approve_with_edits', { editedAction: { name: 'interrupt', args: { value: 'billing' } } });
    const results = await source().push([
      { decision: answer, externalId: second.externalId },
      { decision: decide(first, 'approve'), externalId: first.externalId },
    ]);
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    expect((await settledValues(lg.client, threadId)).values.responses).toEqual([[{ type: 'accept', args: null }, 'billing']]);
  });

  it('a raw value with a response schema: a form of its fields, the answer validated, then sent as is', async () => {
    const threadId = await interruptedThread(lg.client, 'answer', { action: 'ticket.route', args: {} });
    const s = source();
    const [item] = await itemsOf(s, threadId);
    expect(item!.rawValue).toEqual({ question: 'How should ticket.route proceed?' });
    expect(item!.request.action).toEqual({ name: 'interrupt', args: { approved: false, queue: '' } });
    const bad = decide(item!, 'approve_with_edits', { editedAction: { name: 'interrupt', args: { approved: true, queue: 'sales' } } });
    const [refused] = await s.push([{ decision: bad, externalId: item!.externalId }]);
    expect(refused).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/does not fit the schema.*queue/) });
    const good = decide(item!, 'approve_with_edits', { editedAction: { name: 'interrupt', args: { approved: true, queue: 'support' } } });
    expect((await s.push([{ decision: good, externalId: item!.externalId }]))[0]!.status).toBe('accepted');
    expect((await settledValues(lg.client, threadId)).values.responses).toEqual([{ approved: true, queue: 'support' }]);
  });
});
