// A submit the hub stored but whose answer never reached the gateway (the SDK retried, then gave up: `hub_error`).
// The gateway used to forget the call, so the stored request stayed pending with nobody to run it: approving it ran
// nothing and no outcome ever came. Now the intent stays recorded: a retry of the same call re-attaches to that
// request by its key; otherwise the request is found by its key and withdrawn. The hub is reached through a relay
// that passes every request and, in `cutOnAnswer`, cuts the connection as soon as the hub answers (`hub-relay.ts`).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnHub, type HubProcess } from '../helpers/hub.js';
import { hubRelay, type HubRelay } from './hub-relay.js';
import { decide, fsUpstream, hubRequests, startGateway, textOf, waitForHubRequest, waitForLogEntry, type RunningGateway } from './helpers.js';

let hub: HubProcess;
let dir: string;
let relay: HubRelay;
let gw: RunningGateway;
let stateFile: string;
beforeAll(async () => {
  hub = await spawnHub();
  dir = mkdtempSync(join(tmpdir(), 'cs-gw-lost-'));
  relay = await hubRelay(hub.url, 'cutOnAnswer');
  stateFile = join(dir, 'lost.state.json');
  gw = await startGateway('stdio', { hub: { url: relay.url }, upstreams: [fsUpstream(dir)], stateFile, retryGraceSeconds: 4 }, { agentToken: hub.agentToken });
}, 60_000);
afterAll(async () => {
  await gw?.close();
  await relay?.close();
  await hub?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const mine = async (path: string) => (await hubRequests(hub.url, hub.approverToken)).filter((r) => r.action.args.path === path);

describe('a submit the hub stored but whose answer was lost', () => {
  it('is withdrawn when nobody retries the call, and no stand-in request is made', async () => {
    const path = join(dir, 'not-retried.txt');
    relay.set('cutOnAnswer');
    const first = await gw.client.callTool({ name: 'write_file', arguments: { path, content: 'never' } }, undefined, { timeout: 60_000 });
    expect(first.isError).toBe(true);
    expect(textOf(first)).toContain('could not submit write_file');
    // The hub did store it, and it waits for a human who would approve into nothing.
    expect((await mine(path)).map((r) => r.status)).toEqual(['pending']);
    relay.set('pass');
    const closed = await waitForLogEntry(gw.logFile, (e) => e.event === 'orphan_closed' && e.was === 'pending', 30_000);
    expect(closed).toMatchObject({ tool: 'write_file', from: 'intent' });
    expect((await mine(path)).map((r) => r.status)).toEqual(['withdrawn']);
    expect(closed.requestId).toBe((await mine(path))[0]!.id);
    expect((await hubRequests(hub.url, hub.approverToken)).filter((r) => r.actionClass === 'gateway.recovery_probe')).toEqual([]);
    expect(JSON.parse(readFileSync(stateFile, 'utf8')).pending).toEqual({});
    expect(existsSync(path)).toBe(false);
  }, 90_000);

  it('keeps its record when a retry cannot reach the hub either, so the first request is still withdrawn', async () => {
    const path = join(dir, 'retried-while-down.txt');
    relay.set('cutOnAnswer');
    const args = { path, content: 'never either' };
    expect((await gw.client.callTool({ name: 'write_file', arguments: args }, undefined, { timeout: 60_000 })).isError).toBe(true);
    // The retry's look-up of the first request gets no answer: it must not forget that request and submit a second one.
    expect((await gw.client.callTool({ name: 'write_file', arguments: args }, undefined, { timeout: 60_000 })).isError).toBe(true);
    relay.set('pass');
    const first = (await mine(path))[0]!;
    await waitForLogEntry(gw.logFile, (e) => e.event === 'orphan_closed' && e.requestId === first.id, 30_000);
    expect((await mine(path)).map((r) => r.status)).toEqual(['withdrawn']);
    expect(existsSync(path)).toBe(false);
  }, 120_000);

  it('is picked up again by a retry of the same call: one request, and approving it runs the call once', async () => {
    const path = join(dir, 'retried.txt');
    relay.set('cutOnAnswer');
    const first = await gw.client.callTool({ name: 'write_file', arguments: { path, content: 'once' } }, undefined, { timeout: 60_000 });
    expect(first.isError).toBe(true);
    relay.set('pass');
    const retry = gw.client.callTool({ name: 'write_file', arguments: { path, content: 'once' } }, undefined, { timeout: 60_000 });
    const req = await waitForHubRequest(hub.url, hub.approverToken, (r) => r.action.args.path === path);
    await waitForLogEntry(gw.logFile, (e) => e.event === 'reattached' && e.requestId === req.id, 20_000);
    await decide(hub.url, hub.approverToken, req.id, 'approve');
    const done = await retry;
    expect(done.isError).toBeFalsy();
    expect(readFileSync(path, 'utf8')).toBe('once');
    const all = await mine(path);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ status: 'approved', outcome: { status: 'executed' } });
  }, 90_000);
});
