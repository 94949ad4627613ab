// A submit the hub stored but whose answer never reached the gateway (the SDK retried, then gave up: `hub_error`).
// The gateway used to forget the call, so the stored request stayed pending with nobody to run it: approving it ran
// nothing and no outcome ever came. Now the intent stays recorded: a retry of the same call re-attaches to that
// request by its key; otherwise the request is found by its key and withdrawn. The hub is reached through a relay
// that passes every request and, in `cutOnAnswer`, cuts the connection as soon as the hub answers (`hub-relay.ts`).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relayedGateway, type RelayedGateway } from './hub-relay.js';
import { decide, hubRequests, textOf, waitForHubRequest, waitForLogEntry } from './helpers.js';

let t: RelayedGateway;
beforeAll(async () => {
  t = await relayedGateway('lost', 'cutOnAnswer', 4);
}, 60_000);
afterAll(() => t?.close());

describe('a submit the hub stored but whose answer was lost', () => {
  it('is withdrawn when nobody retries the call, and no stand-in request is made', async () => {
    const path = join(t.dir, 'not-retried.txt');
    t.relay.set('cutOnAnswer');
    const first = await t.gw.client.callTool({ name: 'write_file', arguments: { path, content: 'never' } }, undefined, { timeout: 60_000 });
    expect(first.isError).toBe(true);
    expect(textOf(first)).toContain('could not submit write_file');
    // The hub did store it, and it waits for a human who would approve into nothing.
    expect((await t.requestsFor(path)).map((r) => r.status)).toEqual(['pending']);
    t.relay.set('pass');
    const closed = await waitForLogEntry(t.gw.logFile, (e) => e.event === 'orphan_closed' && e.was === 'pending', 30_000);
    expect(closed).toMatchObject({ tool: 'write_file', from: 'intent' });
    expect((await t.requestsFor(path)).map((r) => r.status)).toEqual(['withdrawn']);
    expect(closed.requestId).toBe((await t.requestsFor(path))[0]!.id);
    expect((await hubRequests(t.hub.url, t.hub.approverToken)).filter((r) => r.actionClass === 'gateway.recovery_probe')).toEqual([]);
    expect(JSON.parse(readFileSync(t.stateFile, 'utf8')).pending).toEqual({});
    expect(existsSync(path)).toBe(false);
  }, 90_000);

  it('keeps its record when a retry cannot reach the hub either, so the first request is still withdrawn', async () => {
    const path = join(t.dir, 'retried-while-down.txt');
    t.relay.set('cutOnAnswer');
    const args = { path, content: 'never either' };
    expect((await t.gw.client.callTool({ name: 'write_file', arguments: args }, undefined, { timeout: 60_000 })).isError).toBe(true);
    // The retry's look-up of the first request gets no answer: it must not forget that request and submit a second one.
    expect((await t.gw.client.callTool({ name: 'write_file', arguments: args }, undefined, { timeout: 60_000 })).isError).toBe(true);
    t.relay.set('pass');
    const first = (await t.requestsFor(path))[0]!;
    await waitForLogEntry(t.gw.logFile, (e) => e.event === 'orphan_closed' && e.requestId === first.id, 30_000);
    expect((await t.requestsFor(path)).map((r) => r.status)).toEqual(['withdrawn']);
    expect(existsSync(path)).toBe(false);
  }, 120_000);

  it('is picked up again by a retry of the same call: one request, and approving it runs the call once', async () => {
    const path = join(t.dir, 'retried.txt');
    t.relay.set('cutOnAnswer');
    const first = await t.gw.client.callTool({ name: 'write_file', arguments: { path, content: 'once' } }, undefined, { timeout: 60_000 });
    expect(first.isError).toBe(true);
    t.relay.set('pass');
    const retry = t.gw.client.callTool({ name: 'write_file', arguments: { path, content: 'once' } }, undefined, { timeout: 60_000 });
    const req = await waitForHubRequest(t.hub.url, t.hub.approverToken, (r) => r.action.args.path === path);
    await waitForLogEntry(t.gw.logFile, (e) => e.event === 'reattached' && e.requestId === req.id, 20_000);
    await decide(t.hub.url, t.hub.approverToken, req.id, 'approve');
    const done = await retry;
    expect(done.isError).toBeFalsy();
    expect(readFileSync(path, 'utf8')).toBe('once');
    const all = await t.requestsFor(path);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ status: 'approved', outcome: { status: 'executed' } });
  }, 90_000);
});
