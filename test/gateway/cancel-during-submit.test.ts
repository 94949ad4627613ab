// A client that cancels while the gateway's submit to the hub is still in flight. The gateway used to submit the
// request again under its key only to withdraw it: when the first submit had never reached the hub, that made a new
// request. Now nothing is submitted again: the intent stays recorded, its key is looked up (which stores nothing) and
// what the hub did store is withdrawn. The hub is reached through a relay that holds what passes through it (`hub-relay.ts`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relayedGateway, type RelayedGateway } from './hub-relay.js';
import { eventually, waitForLogEntry } from './helpers.js';

let t: RelayedGateway;
beforeAll(async () => {
  // retryGraceSeconds 1: the cancelled call's wait ends a second after its client left, with the submit still held.
  t = await relayedGateway('cancel-submit', 'pass', 1);
}, 60_000);
afterAll(() => t?.close());

const submitCancels = () =>
  readFileSync(t.gw.logFile, 'utf8')
    .split('\n')
    .filter((l) => l.includes('"event":"cancelled"') && l.includes('"during":"submit"')).length;

async function cancelWhileSubmitting(path: string): Promise<void> {
  const before = t.relay.submits;
  const cancels = submitCancels();
  const ac = new AbortController();
  const call = t.gw.client.callTool({ name: 'write_file', arguments: { path, content: 'never' } }, undefined, { signal: ac.signal }).catch((e: unknown) => e);
  for (let i = 0; t.relay.submits === before; i++) {
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
    const path = join(t.dir, 'never-reached.txt');
    t.relay.set('holdRequest');
    await cancelWhileSubmitting(path);
    const submits = t.relay.submits;
    t.relay.set('pass');
    const closed = await waitForLogEntry(t.gw.logFile, (e) => e.event === 'orphan_closed' && e.was === 'never_stored', 30_000);
    expect(closed).toMatchObject({ tool: 'write_file', requestId: null });
    expect(t.relay.submits).toBe(submits);
    expect(await t.requestsFor(path)).toEqual([]);
    expect(JSON.parse(readFileSync(t.stateFile, 'utf8')).pending).toEqual({});
  }, 90_000);

  it('withdraws the request the hub stored, and makes no second one', async () => {
    const path = join(t.dir, 'stored.txt');
    t.relay.set('holdAnswer');
    await cancelWhileSubmitting(path);
    const submits = t.relay.submits;
    const [stored] = await t.requestsFor(path);
    expect(stored?.status).toBe('pending');
    t.relay.set('pass');
    const closed = await waitForLogEntry(t.gw.logFile, (e) => e.event === 'orphan_closed' && e.was === 'pending', 30_000);
    expect(closed).toMatchObject({ tool: 'write_file', requestId: stored!.id, from: 'intent' });
    expect(t.relay.submits).toBe(submits);
    expect((await t.requestsFor(path)).map((r) => [r.id, r.status])).toEqual([[stored!.id, 'withdrawn']]);
    expect(JSON.parse(readFileSync(t.stateFile, 'utf8')).pending).toEqual({});
  }, 90_000);
});
