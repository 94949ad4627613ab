// The changes feed (cursor paging, one entry per request at its latest change) and the SSE wake-up stream.
import { createParser } from 'eventsource-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStreamTicket } from '../../src/hub-client/index.js';
import { request, spawnHub, type HubProcess } from '../helpers/hub.js';
import { decide, decisionFor, proposal, submit } from './util.js';

let hub: HubProcess;
beforeAll(async () => {
  hub = await spawnHub();
});
afterAll(async () => {
  await hub?.stop();
});

describe('changes feed', () => {
  it('pages by cursor, carries full snapshots, moves a decided request to the end, and is for consoles only', async () => {
    const made = [];
    for (let i = 0; i < 7; i++) made.push(await submit(hub, proposal(i % 2 ? 'refund.issue' : 'summary.draft', { amount: 200 + i })));
    const pages = [];
    let after = 0;
    for (;;) {
      const p = await request(hub.url, `/v1/changes?after=${after}&limit=3`, { token: hub.approverToken });
      expect(p.status).toBe(200);
      pages.push(p.body);
      after = p.body.next;
      if (!p.body.hasMore) break;
    }
    expect(pages.map((p) => p.changes.length)).toEqual([3, 3, 1]);
    const seen = pages.flatMap((p) => p.changes);
    expect(seen.map((c: { request: { id: string } }) => c.request.id)).toEqual(made.map((m) => m.id));
    expect(seen.map((c: { kind: string }) => c.kind)).toEqual(['released', 'created', 'released', 'created', 'released', 'created', 'released']);
    expect(seen[1].request.action.args.amount).toBe(201);

    await decide(hub, hub.approverToken, [decisionFor(made[1]!.id, 'approve')]);
    const tail = await request(hub.url, `/v1/changes?after=${after}`, { token: hub.approverToken });
    expect(tail.body.changes).toHaveLength(1);
    expect(tail.body.changes[0]).toMatchObject({ kind: 'decided', request: { id: made[1]!.id, status: 'approved', version: 2 } });
    expect(tail.body.changes[0].request.decision.decidedBy).toBe('approver-1');

    expect((await request(hub.url, '/v1/changes', { token: hub.agentToken })).status).toBe(403);
    const bad = await request(hub.url, '/v1/changes?limit=6000', { token: hub.approverToken });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toBe('query.limit');
  });
});

describe('SSE stream', () => {
  it('announces the current cursor on connect and wakes when a submit moves the feed (a stream ticket in the query)', async () => {
    const ac = new AbortController();
    const ticket = await createStreamTicket({ url: hub.url, token: hub.approverToken });
    const res = await fetch(new URL(`/v1/stream?ticket=${encodeURIComponent(ticket)}`, hub.url), { signal: ac.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events: Array<{ event?: string; cursor: number }> = [];
    const waiters: Array<() => void> = [];
    const parser = createParser({
      onEvent: (e) => {
        events.push({ event: e.event, cursor: JSON.parse(e.data).cursor });
        waiters.splice(0).forEach((w) => w());
      },
    });
    const reader = res.body!.getReader();
    const pump = (async () => {
      const dec = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        parser.feed(dec.decode(value, { stream: true }));
      }
    })();
    const next = (n: number) =>
      new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`only ${events.length} events`)), 15_000); // generous: a loaded machine
        const check = () => (events.length >= n ? (clearTimeout(t), resolve()) : waiters.push(check));
        check();
      });
    await next(1);
    const start = events[0]!.cursor;
    await submit(hub, proposal('refund.issue', { amount: 999 }));
    await next(2);
    expect(events[1]!.event).toBe('changes');
    expect(events[1]!.cursor).toBeGreaterThan(start);
    const feed = await request(hub.url, `/v1/changes?after=${start}`, { token: hub.approverToken });
    expect(feed.body.next).toBe(events[1]!.cursor);
    ac.abort();
    await pump;

    expect((await fetch(new URL('/v1/stream', hub.url))).status).toBe(401);
    expect((await fetch(new URL('/v1/stream', hub.url), { headers: { authorization: `Bearer ${hub.agentToken}` } })).status).toBe(403);
  });
});
