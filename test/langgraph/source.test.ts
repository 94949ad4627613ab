// The LangGraph source against the real LangGraph.js API server running the fixture graphs.
// One server for the file; its threads, runs and checkpoints are truncated before every test.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLangGraphSource } from '../../src/core/sources/langgraph/index.js';
import type { PulledItem, Source, SourceConfig } from '../../src/core/sources/source.js';
import { decide, pullAll } from './helpers/decisions.js';
import { interruptedThread, settledValues, startLangGraphServer, type LangGraphServer } from './helpers/server.js';

let lg: LangGraphServer;
const sources: Source[] = [];

function source(overrides: Partial<SourceConfig> = {}, pageSize?: number): Source {
  const s = createLangGraphSource(
    { id: 'lg-test', kind: 'langgraph', name: 'Test deployment', url: lg.url, watch: [], ...overrides },
    { pageSize, busyWaitMs: 5_000, logError: () => {} },
  );
  sources.push(s);
  return s;
}

const byThread = (items: PulledItem[], threadId: string) => items.filter((i) => i.externalId.startsWith(`${threadId}:`));

beforeAll(async () => {
  lg = await startLangGraphServer();
});
afterAll(async () => {
  for (const s of sources) await s.close();
  await lg?.dispose();
});
beforeEach(async () => {
  // The dev server's own reset endpoint: fresh state without a restart.
  const res = await fetch(`${lg.url}/internal/truncate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ runs: true, threads: true, checkpointer: true, store: true }),
  });
  expect(res.ok).toBe(true);
});

const REFUND = { action: 'refund.issue', args: { orderId: 'A-17', amount: 120, currency: 'EUR' } };

describe('pull: interrupts become queue items', () => {
  it('maps a HumanInterrupt onto an item, keeping hostile strings byte-exact', async () => {
    const hostile = 'Refund <script>alert(1)</script> \u202Eevil\u202C zero\u200Bwidth';
    const description = `Customer asked twice.\n\n**Order** A-17, see <img src=x onerror=alert(1)>`;
    const threadId = await interruptedThread(lg.client, 'inbox', {
      ...REFUND,
      args: { ...REFUND.args, note: hostile },
      description,
      config: { allow_ignore: false },
    });
    const { items } = await pullAll(source());
    expect(items).toHaveLength(1);
    const [item] = items as [PulledItem];
    expect(item.externalId).toMatch(new RegExp(`^${threadId}:[0-9a-f]{32}$`));
    expect(item.request.action).toEqual({ name: 'refund.issue', args: { ...REFUND.args, note: hostile } });
    expect(item.request.actionClass).toBe('refund.issue');
    expect(item.request.summary).toBe('Customer asked twice.');
    expect(item.descriptionMarkdown).toBe(description);
    expect(item.allowedVerdicts).toEqual(['approve', 'approve_with_edits', 'reject']);
    expect(item.request.control).toBe('approval');
    expect(item.request.status).toBe('pending');
    expect(item.request.agent.id).toBe('inbox');
    expect(item.request.reasons[0]!.detail).toContain('interrupted for a human');
    expect(item.sourceUrl).toBe(`https://smith.langchain.com/studio/thread/${threadId}?baseUrl=${encodeURIComponent(lg.url)}`);
    expect(item.rawValue).toBeUndefined();
    expect(item.gone).toBeFalsy();
  });

  it('shows a value that is not a HumanInterrupt as raw JSON, answerable with approve, reject or a value', async () => {
    const threadId = await interruptedThread(lg.client, 'raw', REFUND);
    const { items } = await pullAll(source());
    const [item] = byThread(items, threadId) as [PulledItem];
    expect(item.rawValue).toEqual({ question: 'May I refund.issue?', details: REFUND.args });
    expect(item.request.action).toEqual({ name: 'interrupt', args: { value: item.rawValue } });
    expect(item.allowedVerdicts).toEqual(['approve', 'approve_with_edits', 'reject']);
    expect(item.request.reasons[0]!.detail).toContain('not an Agent Inbox HumanInterrupt');

    const [res] = await source().push([{ decision: decide(item, 'reject', { feedback: 'Not this week' }), externalId: item.externalId }]);
    expect(res!.status).toBe('accepted');
    const after = await settledValues(lg.client, threadId);
    expect(after.values.responses).toEqual([{ type: 'response', args: 'Not this week' }]);
  });

  it('reports two interrupts on one thread as two items', async () => {
    const threadId = await interruptedThread(lg.client, 'twice', REFUND);
    const { items } = await pullAll(source());
    const mine = byThread(items, threadId);
    expect(mine.map((i) => i.request.action.name).sort()).toEqual(['refund.issue.left', 'refund.issue.right']);
    expect(new Set(mine.map((i) => i.externalId)).size).toBe(2);
  });

  it('pages through many threads and honours the watch list (graph ids and assistant ids)', async () => {
    const inbox = await Promise.all(Array.from({ length: 7 }, (_, n) => interruptedThread(lg.client, 'inbox', { ...REFUND, args: { n } })));
    const noedit = await interruptedThread(lg.client, 'noedit', REFUND);
    const all = await pullAll(source({}, 3));
    expect(all.pages).toBe(3);
    expect(new Set(all.items.map((i) => i.externalId)).size).toBe(8);

    const onlyNoedit = await pullAll(source({ watch: ['noedit'] }, 3));
    expect(onlyNoedit.items.map((i) => i.externalId.split(':')[0])).toEqual([noedit]);

    const [assistant] = await lg.client.assistants.search({ graphId: 'inbox', limit: 1 });
    const byAssistant = await pullAll(source({ watch: [assistant!.assistant_id, 'inbox'] }, 4));
    // Matched by both entries, reported once each.
    expect(byAssistant.items.map((i) => i.externalId.split(':')[0]).sort()).toEqual([...inbox].sort());
  });
});

describe('push: decisions resume the thread with the Agent Inbox HumanResponse', () => {
  it('accept: the graph runs the proposed action; the next pull reports the item settled', async () => {
    const threadId = await interruptedThread(lg.client, 'inbox', REFUND);
    const s = source();
    const first = await pullAll(s);
    const [item] = first.items as [PulledItem];
    const d = decide(item, 'approve');
    const [res] = await s.push([{ decision: d, externalId: item.externalId }]);
    expect(res).toMatchObject({ decisionId: d.id, status: 'accepted' });
    expect(res!.request?.status).toBe('approved');
    const after = await settledValues(lg.client, threadId);
    expect(after.values.responses).toEqual([{ type: 'accept', args: null }]);
    expect(after.values.executed).toEqual(REFUND);

    const next = await pullAll(s, first.cursor);
    const [gone] = next.items as [PulledItem];
    expect(gone.externalId).toBe(item.externalId);
    expect(gone.gone).toBe(true);
    expect(gone.allowedVerdicts).toEqual([]);
    expect(gone.request.status).toBe('approved');
    // Our own decision comes back (the resume run carries its id), so the store sees no stranger's decision.
    expect(gone.request.decision).toMatchObject({ id: d.id, verdict: 'approve', decidedBy: 'alice@example.com' });

    // A retry of the same decision (say the answer was lost on the way back) is a duplicate, not a conflict.
    const [again] = await s.push([{ decision: d, externalId: item.externalId }]);
    expect(again!.status).toBe('duplicate');
    // And the snapshot after that has nothing left to say.
    expect((await pullAll(s, next.cursor)).items).toEqual([]);
  });

  it("edit: the graph's final state holds the edited args", async () => {
    const threadId = await interruptedThread(lg.client, 'inbox', REFUND);
    const [item] = (await pullAll(source())).items as [PulledItem];
    const edited = { name: 'refund.issue', args: { ...REFUND.args, amount: 80, note: 'partial \u202E refund' } };
    const [res] = await source().push([{ decision: decide(item, 'approve_with_edits', { editedAction: edited }), externalId: item.externalId }]);
    expect(res!.status).toBe('accepted');
    const after = await settledValues(lg.client, threadId);
    expect(after.values.executed).toEqual({ action: 'refund.issue', args: edited.args });
    expect(after.values.responses).toEqual([{ type: 'edit', args: { action: 'refund.issue', args: edited.args } }]);
  });

  it('respond: the feedback text goes back as the response, nothing is executed', async () => {
    const threadId = await interruptedThread(lg.client, 'inbox', REFUND);
    const [item] = (await pullAll(source())).items as [PulledItem];
    const feedback = 'Refunds over 100 need the order to be returned first.\n<b>really</b>';
    const [res] = await source().push([{ decision: decide(item, 'reject', { feedback }), externalId: item.externalId }]);
    expect(res!.status).toBe('accepted');
    const after = await settledValues(lg.client, threadId);
    expect(after.values.responses).toEqual([{ type: 'response', args: feedback }]);
    expect(after.values.executed).toBeNull();
  });

  it('ignore: the graph gets an ignore and does not act', async () => {
    const threadId = await interruptedThread(lg.client, 'inbox', REFUND);
    const [item] = (await pullAll(source())).items as [PulledItem];
    const [res] = await source().push([{ decision: decide(item, 'ignore'), externalId: item.externalId }]);
    expect(res!.status).toBe('accepted');
    const after = await settledValues(lg.client, threadId);
    expect(after.values.responses).toEqual([{ type: 'ignore', args: null }]);
    expect(after.values.executed).toBeNull();
  });

  it('answers an interrupt that came as a one-element array with a one-element array', async () => {
    const threadId = await interruptedThread(lg.client, 'inbox', { ...REFUND, asArray: true });
    const [item] = (await pullAll(source())).items as [PulledItem];
    expect(item.request.action.name).toBe('refund.issue');
    const [res] = await source().push([{ decision: decide(item, 'approve'), externalId: item.externalId }]);
    expect(res!.status).toBe('accepted');
    const after = await settledValues(lg.client, threadId);
    // The graph does interrupt([request])[0]: it saw our HumanResponse, not undefined.
    expect(after.values.responses).toEqual([{ type: 'accept', args: null }]);
    expect(after.values.executed).toEqual(REFUND);
  });

  it('a config that forbids edit: approve_with_edits is not offered, and pushing it anyway is refused cleanly', async () => {
    const threadId = await interruptedThread(lg.client, 'noedit', REFUND);
    const s = source();
    const [item] = (await pullAll(s)).items as [PulledItem];
    expect(item.allowedVerdicts).toEqual(['approve', 'reject']);
    const edited = { name: 'refund.issue', args: { ...REFUND.args, amount: 1 } };
    const [refused] = await s.push([{ decision: decide(item, 'approve_with_edits', { editedAction: edited }), externalId: item.externalId }]);
    expect(refused!.status).toBe('rejected');
    expect(refused!.reason).toMatch(/does not allow "approve_with_edits"/);
    // Nothing reached the graph: still waiting, and a plain approve still works.
    expect((await lg.client.threads.get(threadId)).status).toBe('interrupted');
    const [ok] = await s.push([{ decision: decide(item, 'approve'), externalId: item.externalId }]);
    expect(ok!.status).toBe('accepted');
    expect((await settledValues(lg.client, threadId)).values.executed).toEqual(REFUND);
  });

  it('two interrupts on one thread: one batch resumes both in one run', async () => {
    const threadId = await interruptedThread(lg.client, 'twice', REFUND);
    const items = (await pullAll(source())).items;
    const left = items.find((i) => i.request.action.name.endsWith('.left'))!;
    const right = items.find((i) => i.request.action.name.endsWith('.right'))!;
    const results = await source().push([
      { decision: decide(left, 'approve'), externalId: left.externalId },
      { decision: decide(right, 'reject', { feedback: 'not the right side' }), externalId: right.externalId },
    ]);
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    const after = await settledValues(lg.client, threadId);
    expect(after.status).toBe('idle');
    expect(after.values.branches).toEqual({ left: { type: 'accept', args: null }, right: { type: 'response', args: 'not the right side' } });
    expect((await lg.client.runs.list(threadId)).length).toBe(2); // the agent's run + our one resume
  });

  it('two interrupts on one thread: answered one at a time, the other stays pending and decidable', async () => {
    const threadId = await interruptedThread(lg.client, 'twice', REFUND);
    const s = source();
    const first = await pullAll(s);
    const left = first.items.find((i) => i.request.action.name.endsWith('.left'))!;
    const right = first.items.find((i) => i.request.action.name.endsWith('.right'))!;
    expect((await s.push([{ decision: decide(left, 'ignore'), externalId: left.externalId }]))[0]!.status).toBe('accepted');
    // Pushed straight away, while the first resume may still be running: the source waits for it, then resumes.
    expect((await s.push([{ decision: decide(right, 'approve'), externalId: right.externalId }]))[0]!.status).toBe('accepted');
    const after = await settledValues(lg.client, threadId);
    expect(after.values.branches).toEqual({ left: { type: 'ignore', args: null }, right: { type: 'accept', args: null } });
  });

  it('a thread resumed elsewhere first becomes a visible conflict with the other answer as winner', async () => {
    const threadId = await interruptedThread(lg.client, 'inbox', REFUND);
    const s = source();
    const first = await pullAll(s);
    const [item] = first.items as [PulledItem];
    // Someone answers in Agent Inbox / Studio before our decision arrives.
    await lg.client.runs.wait(threadId, 'inbox', { command: { resume: { type: 'response', args: 'Handled by phone' } } });
    const d = decide(item, 'approve');
    const [res] = await s.push([{ decision: d, externalId: item.externalId }]);
    expect(res!.status).toBe('conflict');
    expect(res!.winner).toMatchObject({ verdict: 'reject', feedback: 'Handled by phone', decidedBy: 'langgraph', requestId: item.request.id });
    expect(res!.reason).toMatch(/resumed elsewhere/);
    // Our approval never reached the graph.
    expect((await settledValues(lg.client, threadId)).values.responses).toEqual([{ type: 'response', args: 'Handled by phone' }]);
    // The pull tells the same story.
    const [gone] = (await pullAll(s, first.cursor)).items as [PulledItem];
    expect(gone).toMatchObject({ gone: true, request: { status: 'rejected', decision: { verdict: 'reject', decidedBy: 'langgraph' } } });
  });

  it('an edit made elsewhere is read back with its diff', async () => {
    const threadId = await interruptedThread(lg.client, 'inbox', REFUND);
    const s = source();
    const first = await pullAll(s);
    const edited = { action: 'refund.issue', args: { ...REFUND.args, amount: 50 } };
    await lg.client.runs.wait(threadId, 'inbox', { command: { resume: { type: 'edit', args: edited } } });
    const [gone] = (await pullAll(s, first.cursor)).items as [PulledItem];
    expect(gone.request.decision).toMatchObject({ verdict: 'approve_with_edits', editedAction: { name: 'refund.issue', args: edited.args }, changed: true });
    expect(gone.request.decision!.patch).toEqual([{ op: 'replace', path: '/args/amount', value: 50 }]);
  });

  it('a deleted thread is a conflict too, and an unknown item id is refused', async () => {
    const threadId = await interruptedThread(lg.client, 'inbox', REFUND);
    const [item] = (await pullAll(source())).items as [PulledItem];
    await lg.client.threads.delete(threadId);
    const results = await source().push([
      { decision: decide(item, 'approve'), externalId: item.externalId },
      { decision: decide(item, 'approve'), externalId: 'no-colon-here' },
    ]);
    expect(results[0]).toMatchObject({ status: 'conflict', winner: { decidedBy: 'langgraph' } });
    expect(results[0]!.reason).toMatch(/no longer exists/);
    expect(results[1]).toMatchObject({ status: 'rejected' });
  });
});

describe('a deployment behind an API key', () => {
  let secured: LangGraphServer;
  beforeAll(async () => {
    secured = await startLangGraphServer({ apiKey: 'test-key-123', workers: 1 });
  });
  afterAll(async () => {
    await secured?.dispose();
  });

  it('sends the token as x-api-key; a wrong key fails with a clear, non-network error', async () => {
    const threadId = await interruptedThread(secured.client, 'inbox', REFUND);
    const ok = createLangGraphSource({ id: 'sec', kind: 'langgraph', name: 'Secured', url: secured.url, token: 'test-key-123', watch: [] }, { logError: () => {} });
    const { items } = await pullAll(ok);
    expect(items.map((i) => i.externalId.split(':')[0])).toEqual([threadId]);

    const bad = createLangGraphSource({ id: 'sec2', kind: 'langgraph', name: 'Secured', url: secured.url, token: 'wrong', watch: [] }, { logError: () => {} });
    const err = await bad.pull(null).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).name).not.toBe('SourceUnreachableError');
    expect((err as Error).message).toMatch(/refused the API key \(40[13]\)/);
  });
});
