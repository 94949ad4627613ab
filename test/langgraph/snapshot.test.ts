// The pull snapshot over time: a console restart between snapshots, paging while threads leave the list,
// a damaged cursor, and interrupt values that try to break the mapping.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLangGraphSource } from '../../src/core/sources/langgraph/index.js';
import type { PulledItem, Source, SourceConfig } from '../../src/core/sources/source.js';
import { pullAll } from './helpers/decisions.js';
import { interruptedThread, startLangGraphServer, type LangGraphServer } from './helpers/server.js';

let lg: LangGraphServer;
const config = (): SourceConfig => ({ id: 'lg-snap', kind: 'langgraph', name: 'Snapshots', url: lg.url, watch: [] });
const newSource = (pageSize?: number): Source => createLangGraphSource(config(), { pageSize, logError: () => {} });

beforeAll(async () => {
  lg = await startLangGraphServer({ workers: 1 });
});
afterAll(async () => {
  await lg?.dispose();
});
beforeEach(async () => {
  await fetch(`${lg.url}/internal/truncate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ runs: true, threads: true, checkpointer: true }),
  });
});

const REFUND = { action: 'refund.issue', args: { orderId: 'B-2', amount: 30 } };

describe('snapshots', () => {
  it('after a console restart (new source, persisted cursor) an item answered meanwhile is still reported settled, with its action', async () => {
    const threadId = await interruptedThread(lg.client, 'inbox', { ...REFUND, description: 'Refund B-2' });
    const before = await pullAll(newSource());
    const [item] = before.items as [PulledItem];
    // The console is closed; someone approves in Agent Inbox.
    await lg.client.runs.wait(threadId, 'inbox', { command: { resume: { type: 'accept', args: null } } });
    // A fresh source process only has the cursor the store persisted.
    const after = await pullAll(newSource(), before.cursor);
    const [gone] = after.items as [PulledItem];
    expect(gone.externalId).toBe(item.externalId);
    expect(gone.gone).toBe(true);
    // Rebuilt from the thread's history, not a blank placeholder.
    expect(gone.request.action).toEqual({ name: 'refund.issue', args: REFUND.args });
    expect(gone.request.summary).toBe('Refund B-2');
    expect(gone.request.status).toBe('approved');
    expect(gone.request.decision).toMatchObject({ verdict: 'approve', decidedBy: 'langgraph' });
    expect(gone.request.version).toBeGreaterThan(item.request.version);
  });

  it('a thread leaving the list between pages never makes a still-waiting item look gone', async () => {
    const ids: string[] = [];
    for (let n = 0; n < 6; n++) ids.push(await interruptedThread(lg.client, 'inbox', { ...REFUND, args: { n } }));
    const s = newSource(2);
    const first = await pullAll(s);
    expect(first.items).toHaveLength(6);

    // Second snapshot, by a freshly started source (it re-sends every item, so we can see them all): read page one,
    // then the oldest thread is answered elsewhere, shifting every offset by one.
    const s2 = newSource(2);
    const p1 = await s2.pull(first.cursor);
    expect(p1.hasMore).toBe(true);
    await lg.client.runs.wait(ids[0]!, 'inbox', { command: { resume: { type: 'ignore', args: null } } });
    const rest: PulledItem[] = [...p1.items];
    let cursor = p1.cursor;
    for (;;) {
      const p = await s2.pull(cursor);
      rest.push(...p.items);
      cursor = p.cursor;
      if (!p.hasMore) break;
    }
    // Page one had read the answered thread while it was still waiting; the removal then shifted the offsets so the
    // third thread fell between pages. It is caught by the end-of-snapshot check and reported live, not gone.
    expect(rest.filter((i) => i.gone)).toEqual([]);
    const live = rest.map((i) => i.externalId.split(':')[0]);
    expect([...new Set(live)].sort()).toEqual([...ids].sort());
    expect(live.at(-1)).toBe(ids[2]); // the skipped one, found by the check at the end of the snapshot
    // The next snapshot settles the answered one, and only that one; the five unchanged items the console already
    // stored are not sent again (a quiet poll writes nothing).
    const third = await pullAll(s2, cursor);
    expect(third.items).toHaveLength(1);
    expect(third.items[0]!.gone).toBe(true);
    expect(third.items[0]!.externalId.split(':')[0]).toBe(ids[0]);
    expect(third.items[0]!.request.decision?.verdict).toBe('ignore');
    expect((await pullAll(s2, third.cursor)).items).toEqual([]);
    // Unused first source: its snapshot would be answered the same way.
    await s.close();
  });

  it('re-sends an item when the console did not store the page (cursor not echoed back)', async () => {
    await interruptedThread(lg.client, 'inbox', REFUND);
    const s = newSource();
    const first = await s.pull(null);
    expect(first.items).toHaveLength(1);
    // The engine failed to store that page and asks again from its old cursor (null): the item comes again.
    const again = await s.pull(null);
    expect(again.items).toHaveLength(1);
    // Stored this time (the engine comes back with the cursor): a quiet snapshot sends nothing.
    expect((await s.pull(again.cursor)).items).toEqual([]);
  });

  it('a damaged or foreign cursor starts a fresh snapshot instead of failing', async () => {
    await interruptedThread(lg.client, 'inbox', REFUND);
    for (const bad of ['not json', '{"v":2}', '[]', '{"v":1,"snap":"x","filter":-1,"offset":0,"known":[]}']) {
      const { items } = await pullAll(newSource(), bad);
      expect(items).toHaveLength(1);
    }
  });

  it('interrupt values that are hostile or malformed are shown raw, byte-exact, never dropped', async () => {
    const huge = 'x'.repeat(300_000) + '\u202E\u0000\u200B<script>';
    let deep: unknown = { leaf: true };
    for (let i = 0; i < 200; i++) deep = { d: deep };
    const emptyAction = await interruptedThread(lg.client, 'inbox', { action: '', args: { a: 1 } });
    const hugeArgs = await interruptedThread(lg.client, 'raw', { action: 'post', args: { body: huge, deep } });
    const { items } = await pullAll(newSource());
    expect(items).toHaveLength(2);
    const empty = items.find((i) => i.externalId.startsWith(emptyAction))!;
    // An Agent Inbox value with an empty action name does not pass as a HumanInterrupt: raw, still answerable.
    expect(empty.allowedVerdicts).toEqual(['approve', 'approve_with_edits', 'reject']);
    expect((empty.rawValue as { action_request: { action: string } }).action_request.action).toBe('');
    const big = items.find((i) => i.externalId.startsWith(hugeArgs))!;
    expect((big.rawValue as { details: { body: string } }).details.body).toBe(huge);
    expect((big.rawValue as { details: { deep: unknown } }).details.deep).toEqual(deep);
    expect(big.request.summary.length).toBeLessThan(300);
  });
});
