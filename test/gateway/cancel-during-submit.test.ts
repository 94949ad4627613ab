// A client that cancels while the gateway's submit to the hub is still in flight. The gateway used to submit the
// request again under its key only to withdraw it: when the first submit had never reached the hub, that made a new
// request. Now nothing is submitted again: the intent stays recorded, its key is looked up (which stores nothing) and
// what the hub did store is withdrawn. The hub is reached through a relay that holds what passes through it (`hub-relay.ts`).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnHub, type HubProcess } from '../helpers/hub.js';
import { hubRelay, type HubRelay } from './hub-relay.js';
import { eventually, fsUpstream, hubRequests, startGateway, waitForLogEntry, type RunningGateway } from './helpers.js';

let hub: HubProcess;
let dir: string;
let relay: HubRelay;
let gw: RunningGateway;
let stateFile: string;
beforeAll(async () => {
  hub = await spawnHub();
  dir = mkdtempSync(join(tmpdir(), 'cs-gw-cancel-submit-'));
  relay = await hubRelay(hub.url);
  stateFile = join(dir, 'cancel.state.json');
  // retryGraceSeconds 1: the cancelled call's wait ends a second after its client left, with the submit still held.
  gw = await startGateway('stdio', { hub: { url: relay.url }, upstreams: [fsUpstream(dir)], stateFile, retryGraceSeconds: 1 }, { agentToken: hub.agentToken });
}, 60_000);
afterAll(async () => {
  await gw?.close();
  await relay?.close();
  await hub?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const submitCancels = () =>
  readFileSync(gw.logFile, 'utf8')
    .split('\n')
    .filter((l) => l.includes('"event":"cancelled"') && l.includes('"during":"submit"')).length;

const mine = async (path: string) => (await hubRequests(hub.url, hub.approverToken)).filter((r) => r.action.args.path === path);

async function cancelWhileSubmitting(path: string): Promise<void> {
  const before = relay.submits;
  const cancels = submitCancels();
  const ac = new AbortController();
  const call = gw.client.callTool({ name: 'write_file', arguments: { path, content: 'never' } }, undefined, { signal: ac.signal }).catch((e: unknown) => e);
  for (let i = 0; relay.submits === before; i++) {
    if (i > 400) throw new Error('the gateway never sent its submit');
    await new Promise((r) => setTimeout(r, 50));
  }
  ac.abort(new Error('the user pressed stop'));
  await call;
  // The wait ends a grace period after the client left, its submit still held: this is the cancel during submit.
  await eventually(async () => submitCancels() > cancels, 20_000);
}

describe('a call cancelled while its submit is in flight', () => {
  it('creates no request when the hub never got the submit', async () => {
    const path = join(dir, 'never-reached.txt');
    relay.set('holdRequest');
    await cancelWhileSubmitting(path);
    const submits = relay.submits;
    relay.set('pass');
    const closed = await waitForLogEntry(gw.logFile, (e) => e.event === 'orphan_closed' && e.was === 'never_stored', 30_000);
    expect(closed).toMatchObject({ tool: 'write_file', requestId: null });
    expect(relay.submits).toBe(submits);
    expect(await mine(path)).toEqual([]);
    expect(JSON.parse(readFileSync(stateFile, 'utf8')).pending).toEqual({});
  }, 90_000);

  it('withdraws the request the hub stored, and makes no second one', async () => {
    const path = join(dir, 'stored.txt');
    relay.set('holdAnswer');
    await cancelWhileSubmitting(path);
    const submits = relay.submits;
    const [stored] = await mine(path);
    expect(stored?.status).toBe('pending');
    relay.set('pass');
    const closed = await waitForLogEntry(gw.logFile, (e) => e.event === 'orphan_closed' && e.was === 'pending', 30_000);
    expect(closed).toMatchObject({ tool: 'write_file', requestId: stored!.id, from: 'intent' });
    expect(relay.submits).toBe(submits);
    expect((await mine(path)).map((r) => [r.id, r.status])).toEqual([[stored!.id, 'withdrawn']]);
    expect(JSON.parse(readFileSync(stateFile, 'utf8')).pending).toEqual({});
  }, 90_000);
});
