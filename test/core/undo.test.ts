// The undo window, against a real hub process: a decision is held in the console's outbox, unsent, until its release
// time; undo inside the window (or while offline, before any push) puts the item back as it was; a console killed
// inside the window sends nothing early after a restart, and the decision is not lost.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestView } from '../../src/shared/protocol.js';
import { REPO_ROOT, request, spawnHub, type HubProcess } from '../helpers/hub.js';
import { tcpProxy } from '../helpers/tcp-proxy.js';
import { listIds, makeCore, submit, waitFor } from './helpers.js';

let hub: HubProcess;
beforeAll(async () => {
  hub = await spawnHub();
});
afterAll(async () => {
  await hub?.stop();
});

const atHub = async (id: string) => (await request<RequestView>(hub.url, `/v1/requests/${id}`, { token: hub.agentToken })).body;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function coreWithItem(undoWindowMs: number, summary: string, hubUrl = hub.url) {
  const req = await submit(hub.url, hub.agentToken, { summary });
  const { core, dataDir } = await makeCore({ timing: { undoWindowMs } });
  const src = await core.call('sources.add', { kind: 'hub', name: 'Team hub', url: hubUrl, token: hub.approverToken });
  const id = `${src.id}:${req.id}`;
  await waitFor('the item in Approvals', async () => (await listIds(core, 'approvals')).includes(id));
  return { core, dataDir, req, id };
}

describe('undo window', () => {
  it('holds the decision unsent for the whole window, then sends it once; undo is refused after', async () => {
    const { core, req, id } = await coreWithItem(2_500, 'Held then sent');
    const t0 = Date.now();
    const item = await core.call('item.decide', { id, verdict: 'approve' });
    expect(item.lane).toBe('decided');
    expect(item.localDecision?.undoable).toBe(true);
    const releaseAt = Date.parse(item.localDecision!.releaseAt!);
    expect(releaseAt - t0).toBeGreaterThanOrEqual(2_400);
    // The status says held, not syncing: nothing is being sent.
    expect(await core.call('sync.status', {})).toMatchObject({ outbox: 1, held: 1 });
    // Nothing reaches the hub while the window is open (checked until just before it ends).
    while (Date.now() < releaseAt - 300) {
      expect((await atHub(req.id)).status).toBe('pending');
      await sleep(200);
    }
    await waitFor('the hub to have the approval', async () => (await atHub(req.id)).status === 'approved', 20_000);
    expect(Date.now()).toBeGreaterThanOrEqual(releaseAt);
    await waitFor('synced', async () => (await core.call('item.get', { id })).item.localDecision?.syncState === 'synced');
    expect(await core.call('sync.status', {})).toMatchObject({ outbox: 0, held: 0 });
    const after = (await core.call('item.get', { id })).item;
    expect(after.localDecision?.undoable).toBe(false);
    await expect(core.call('item.undo', { id })).rejects.toMatchObject({
      code: 'conflict',
      message: /Too late to undo: the decision was already sent to Team hub \(it took effect\)/,
    });
    await core.close();
  });

  it('undo inside the window puts the item back in its lane and nothing ever reaches the hub', async () => {
    const { core, req, id } = await coreWithItem(2_000, 'Undone in time');
    const before = (await core.call('queue.counts', {})).approvals;
    const waitingBefore = await listIds(core, 'waiting');
    await core.call('item.decide', { id, verdict: 'reject', feedback: 'wrong customer' });
    expect(await listIds(core, 'approvals')).not.toContain(id);
    const back = await core.call('item.undo', { id });
    expect(back.lane).toBe('approvals');
    expect(back.localDecision).toBeNull();
    expect((await core.call('queue.counts', {})).approvals).toBe(before);
    expect(await listIds(core, 'approvals')).toContain(id);
    expect(await listIds(core, 'waiting')).toEqual(waitingBefore);
    // Twice is a clear error, not a silent success.
    await expect(core.call('item.undo', { id })).rejects.toMatchObject({ code: 'conflict', message: /no decision made here to undo/ });
    await sleep(3_000); // past the window: still nothing at the hub
    expect((await atHub(req.id)).status).toBe('pending');
    expect((await atHub(req.id)).decision ?? null).toBeNull();
    // And it can be decided again, once.
    await core.call('item.decide', { id, verdict: 'approve' });
    await waitFor('the hub to have the new approval', async () => (await atHub(req.id)).status === 'approved', 20_000);
    await core.close();
  });

  it('a decision made offline can be undone until it is sent', async () => {
    const link = await tcpProxy(hub.url);
    const { core, req, id } = await coreWithItem(0, 'Offline then undone', link.url);
    await link.cut();
    await waitFor('offline', async () => (await core.call('sync.status', {})).online === false, 20_000);
    await core.call('item.decide', { id, verdict: 'approve' });
    await sleep(1_000);
    expect((await core.call('item.get', { id })).item.localDecision).toMatchObject({ syncState: 'local', undoable: true });
    const back = await core.call('item.undo', { id });
    expect(back.lane).toBe('approvals');
    await link.restore();
    await waitFor('online again', async () => (await core.call('sync.status', {})).online, 20_000);
    await sleep(1_000);
    expect((await atHub(req.id)).status).toBe('pending');
    await core.close();
    await link.close();
  });

  it('a console killed inside the window sends nothing early after a restart, and loses nothing', async () => {
    await submit(hub.url, hub.agentToken, { summary: 'Killed in the window' });
    const dataDir = mkdtempSync(join(tmpdir(), 'cs-undo-crash-'));
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'test/core/fixtures/core-child.ts'), dataDir, hub.url, hub.approverToken, '1', '6000'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`child did not decide:\n${out}`)), 60_000);
      child.stdout.on('data', (b) => {
        out += b;
        if (/^DECIDED /m.test(out)) {
          clearTimeout(t);
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await new Promise((r) => child.once('exit', r));
    // A new console on the same data dir (no window of its own): the held decision keeps its release time.
    const { core } = await makeCore({ dataDir, timing: { undoWindowMs: 0 } });
    const [item] = (await core.call('queue.list', { lane: 'decided' })).items;
    const held = (await core.call('item.get', { id: item!.id })).item.localDecision!;
    const releaseAt = Date.parse(held.releaseAt!);
    expect(releaseAt).toBeGreaterThan(Date.now());
    // The child decides the first pending item, which may be one an earlier test left open.
    const req = { id: held.decision.requestId };
    while (Date.now() < releaseAt - 300) {
      expect((await atHub(req.id)).status).toBe('pending');
      await sleep(200);
    }
    await waitFor('the hub to have the approval', async () => (await atHub(req.id)).decision?.id === held.decision.id, 20_000);
    await core.close();
  });
});
