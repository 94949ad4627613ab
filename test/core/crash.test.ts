// The console process is SIGKILLed mid-outbox; a restarted console on the same data dir loses nothing:
// every decision item.decide acknowledged reaches the hub exactly once, with the same decision id.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RequestView } from '../../src/shared/protocol.js';
import { REPO_ROOT, request, spawnHub, type HubProcess } from '../helpers/hub.js';
import { tcpProxy } from '../helpers/tcp-proxy.js';
import { makeCore, submit, waitFor } from './helpers.js';

let hub: HubProcess;
beforeAll(async () => {
  hub = await spawnHub();
});
afterAll(async () => {
  await hub?.stop();
});

it('nothing acknowledged is lost when the console is killed mid-outbox', async () => {
  const N = 40;
  const reqs: RequestView[] = [];
  for (let i = 0; i < N; i++) reqs.push(await submit(hub.url, hub.agentToken, { summary: `Crash test ${i}` }));
  const dataDir = mkdtempSync(join(tmpdir(), 'cs-crash-'));
  // The child reaches the hub through a relay the test cuts after the first 18 decisions, so the kill always lands
  // with decisions still in the outbox (on a fast machine the whole burst used to reach the hub before the kill).
  const link = await tcpProxy(hub.url);
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'test/core/fixtures/core-child.ts'), dataDir, link.url, hub.approverToken, String(N)], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (b) => (err += b));
  const acknowledged = new Map<string, string>();
  const cut: { done: Promise<void> | null } = { done: null };
  // Kill it once 25 decisions are acknowledged: with batches of 3 and a slow push, some are still in the outbox.
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`child did not get far enough:\n${out}\n${err}`)), 60_000);
    child.stdout.on('data', (b) => {
      out += b;
      for (const [, itemId, decisionId] of out.matchAll(/^DECIDED (\S+) (\S+)$/gm)) if (itemId && decisionId) acknowledged.set(itemId, decisionId);
      if (acknowledged.size >= 18 && !cut.done) cut.done = link.cut();
      if (acknowledged.size >= 25) {
        clearTimeout(t);
        child.kill('SIGKILL');
        resolve();
      }
    });
  });
  await new Promise((r) => child.once('exit', r));
  await cut.done;
  expect(acknowledged.size).toBeGreaterThanOrEqual(25);

  // How many had reached the hub at the moment of the kill (some must not have, or the test proves nothing).
  const decidedAtHub = async () => {
    let n = 0;
    for (const r of reqs) if ((await request<RequestView>(hub.url, `/v1/requests/${r.id}`, { token: hub.agentToken })).body.decision) n++;
    return n;
  };
  const beforeRestart = await decidedAtHub();

  await link.restore();
  const { core } = await makeCore({ dataDir, approverName: 'approver-1' });
  try {
    await waitFor('outbox drained', async () => (await core.call('queue.counts', {})).outbox === 0, 30_000);
    for (const [itemId, decisionId] of acknowledged) {
      const item = (await core.call('item.get', { id: itemId })).item;
      expect(item.localDecision?.decision.id).toBe(decisionId);
      expect(item.localDecision?.syncState).toBe('synced');
      const atHub = await request<RequestView>(hub.url, `/v1/requests/${item.externalId}`, { token: hub.agentToken });
      expect(atHub.body.decision?.id).toBe(decisionId);
    }
    expect(await decidedAtHub()).toBeGreaterThanOrEqual(acknowledged.size);
    console.log(`killed with ${acknowledged.size} acknowledged, ${beforeRestart} at the hub; after restart all ${acknowledged.size} synced`);
    // The kill landed mid-outbox: some had been pushed, some had not.
    expect(beforeRestart).toBeLessThan(acknowledged.size);
  } finally {
    await core.close();
    await link.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 120_000);
