// Wake cost on the real LangGraph dev server: after the first full snapshot a pull reads only the threads updated since
// its last pass (threads.search sorted by updated_at), so an idle wake is one small request however many threads wait;
// new interrupts, resumes and late commits are still seen, and deleted threads are caught by the periodic full snapshot.
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createLangGraphSource, type LangGraphSourceOptions } from '../../src/core/sources/langgraph/index.js';
import type { PulledItem, Source } from '../../src/core/sources/source.js';
import { pullAll } from './helpers/decisions.js';
import { interruptedThread, startLangGraphServer, type LangGraphServer } from './helpers/server.js';

let lg: LangGraphServer;
const sources: Source[] = [];
/** Requests this test's sources sent, by "METHOD /path". */
let sent: string[] = [];
const counted: typeof fetch = (input, init) => {
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  sent.push(`${init?.method ?? 'GET'} ${url.pathname}`);
  return fetch(input, init);
};
function source(options: LangGraphSourceOptions = {}, watch: string[] = []): Source {
  const s = createLangGraphSource({ id: 'lg-delta', kind: 'langgraph', name: 'Delta', url: lg.url, watch }, { pageSize: 5, logError: () => {}, fetchImpl: counted, ...options });
  sources.push(s);
  return s;
}
/** Pulls one pass and says how many requests it took. */
async function pass(s: Source, cursor: string | null): Promise<{ items: PulledItem[]; cursor: string | null; requests: string[] }> {
  sent = [];
  const r = await pullAll(s, cursor);
  return { items: r.items, cursor: r.cursor, requests: sent };
}
const REFUND = { action: 'refund.issue', args: { orderId: 'D-1', amount: 5 } };

beforeAll(async () => {
  lg = await startLangGraphServer({ workers: 2 });
});
afterAll(async () => {
  for (const s of sources) await s.close();
  await lg?.dispose();
});
beforeEach(async () => {
  await fetch(`${lg.url}/internal/truncate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ runs: true, threads: true, checkpointer: true }),
  });
});

it('after the first snapshot a wake costs one search request whatever the number of waiting threads, and sends nothing unchanged', async () => {
  const ids: string[] = [];
  for (let n = 0; n < 23; n++) ids.push(await interruptedThread(lg.client, 'inbox', { ...REFUND, args: { n } }));
  const s = source({ overlapMs: 0 });
  const full = await pass(s, null);
  expect(full.items).toHaveLength(23);
  // The full snapshot pages every interrupted thread: 5 pages of 5, plus the assistants and the delta point.
  expect(full.requests.filter((r) => r === 'POST /threads/search').length).toBe(6);

  const idle = await pass(s, full.cursor);
  expect(idle.items).toEqual([]);
  expect(idle.requests).toEqual(['POST /threads/search']);

  // A new interrupt: the same one request finds it.
  const fresh = await interruptedThread(lg.client, 'inbox', { ...REFUND, args: { n: 'new' } });
  const next = await pass(s, idle.cursor);
  expect(next.items.map((i) => i.externalId.split(':')[0])).toEqual([fresh]);
  expect(next.requests).toEqual(['POST /threads/search']);
  expect((await pass(s, next.cursor)).items).toEqual([]);
}, 120_000);

it('a thread resumed elsewhere is settled by the delta pass, with the answer read from its runs', async () => {
  const a = await interruptedThread(lg.client, 'inbox', REFUND);
  const b = await interruptedThread(lg.client, 'inbox', { ...REFUND, args: { orderId: 'D-2' } });
  const s = source();
  const full = await pass(s, null);
  expect(full.items).toHaveLength(2);
  await lg.client.runs.wait(a, 'inbox', { command: { resume: { type: 'response', args: 'not this one' } } });
  const delta = await pass(s, full.cursor);
  expect(delta.items).toHaveLength(1);
  expect(delta.items[0]).toMatchObject({ gone: true, request: { status: 'rejected', decision: { verdict: 'reject', feedback: 'not this one' } } });
  expect(delta.items[0]!.externalId.startsWith(`${a}:`)).toBe(true);
  // No full snapshot was needed: one search page and the runs of the settled thread.
  expect(delta.requests.filter((r) => r === 'POST /threads/search')).toHaveLength(1);
  // b is still known: settled later, not forgotten.
  await lg.client.runs.wait(b, 'inbox', { command: { resume: { type: 'accept', args: null } } });
  const later = await pass(s, delta.cursor);
  expect(later.items).toMatchObject([{ gone: true, request: { status: 'approved' } }]);
  expect(later.items[0]!.externalId.startsWith(`${b}:`)).toBe(true);
}, 120_000);

it('a thread that committed after a newer one was read (an earlier updated_at) is still seen, thanks to the overlap', async () => {
  let hidden: string | null = null;
  // Fault injection on the real server's answer: while `hidden` is set, searches leave that thread out, as a deployment
  // does for a write stamped before a newer one but committed after the search ran.
  const hiding: typeof fetch = async (input, init) => {
    const res = await counted(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!hidden || !url.endsWith('/threads/search')) return res;
    const body = (await res.json()) as Array<{ thread_id: string }>;
    return new Response(JSON.stringify(body.filter((t) => t.thread_id !== hidden)), { status: res.status, headers: res.headers });
  };
  const withOverlap = source({ overlapMs: 5_000, fetchImpl: hiding });
  const without = source({ overlapMs: 0, fetchImpl: hiding });
  let a = (await pass(withOverlap, null)).cursor;
  let b = (await pass(without, null)).cursor;
  const late = await interruptedThread(lg.client, 'inbox', { ...REFUND, args: { late: true } });
  const early = await interruptedThread(lg.client, 'inbox', { ...REFUND, args: { early: true } });
  hidden = late;
  const first = [await pass(withOverlap, a), await pass(without, b)];
  for (const p of first) expect(p.items.map((i) => i.externalId.split(':')[0])).toEqual([early]);
  [a, b] = [first[0]!.cursor, first[1]!.cursor];
  hidden = null;
  // Both marks are now `early`'s updated_at, later than `late`'s. The overlap re-reads the last 5 s and finds it.
  expect((await pass(withOverlap, a)).items.map((i) => i.externalId.split(':')[0])).toEqual([late]);
  // Without it, it would wait for the next full snapshot: the reason the overlap exists.
  expect((await pass(without, b)).items).toEqual([]);
}, 120_000);

it('a deleted thread is not seen by a delta pass, and is settled by the next full snapshot', async () => {
  const threadId = await interruptedThread(lg.client, 'inbox', REFUND);
  const s = source({ fullEveryMs: 1_500 });
  const full = await pass(s, null);
  expect(full.items).toHaveLength(1);
  await lg.client.threads.delete(threadId);
  const delta = await pass(s, full.cursor);
  expect(delta.items).toEqual([]);
  await new Promise((r) => setTimeout(r, 1_600));
  const reconcile = await pass(s, delta.cursor);
  expect(reconcile.items).toMatchObject([{ gone: true, request: { status: 'withdrawn' } }]);
  // A full snapshot again: the assistants are listed and every interrupted thread is read.
  expect(reconcile.requests).toContain('POST /assistants/search');
}, 120_000);

it('a deleted thread is noticed by the watch while the deployment is quiet: the next pass is a full snapshot that settles it', async () => {
  const deleted = await interruptedThread(lg.client, 'inbox', REFUND);
  // The newer thread stays, so the watch's newest-thread mark does not move when the older one is deleted.
  await interruptedThread(lg.client, 'inbox', { ...REFUND, args: { orderId: 'D-2', amount: 6 } });
  const s = source({ watchIntervalMs: 100, deletedCheckEvery: 3 });
  const full = await pass(s, null);
  expect(full.items).toHaveLength(2);
  let wakes = 0;
  const stop = s.watch!(
    () => wakes++,
    () => {},
  );
  try {
    await new Promise((r) => setTimeout(r, 1_200)); // several quiet checks: nothing missing, no wake
    expect(wakes).toBe(0);
    await lg.client.threads.delete(deleted);
    await expect.poll(() => wakes, { timeout: 10_000 }).toBeGreaterThan(0);
  } finally {
    stop();
  }
  const after = await pass(s, full.cursor);
  expect(after.items).toMatchObject([{ externalId: expect.stringContaining(deleted), gone: true, request: { status: 'withdrawn' } }]);
  expect(after.requests).toContain('POST /assistants/search');
}, 120_000);

it('with several watch entries each has its own delta point: one request per entry per idle wake', async () => {
  await interruptedThread(lg.client, 'inbox', REFUND);
  await interruptedThread(lg.client, 'raw', REFUND);
  const s = source({}, ['inbox', 'raw']);
  const full = await pass(s, null);
  expect(full.items).toHaveLength(2);
  const idle = await pass(s, full.cursor);
  expect(idle.items).toEqual([]);
  expect(idle.requests).toEqual(['POST /threads/search', 'POST /threads/search']);
  const t = await interruptedThread(lg.client, 'raw', { ...REFUND, args: { second: true } });
  expect((await pass(s, idle.cursor)).items.map((i) => i.externalId.split(':')[0])).toEqual([t]);
}, 120_000);

it('a cursor of the previous format keeps what it knew: an answer given across the upgrade still settles the item', async () => {
  const threadId = await interruptedThread(lg.client, 'inbox', REFUND);
  const before = await pass(source(), null);
  const v2 = JSON.parse(before.cursor!) as { known: string[] };
  const v1 = JSON.stringify({ v: 1, snap: '', filter: 0, offset: 0, known: v2.known });
  await lg.client.runs.wait(threadId, 'inbox', { command: { resume: { type: 'accept', args: null } } });
  const after = await pass(source(), v1);
  expect(after.items).toMatchObject([{ gone: true, request: { status: 'approved', action: { name: 'refund.issue' } } }]);
}, 60_000);
