// Discovery without waiting for the poll: the source's watch() probes the most recently updated thread and wakes the
// engine, so a new interrupt reaches a console that would otherwise not poll again for a minute.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCore } from '../core/helpers.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { interruptedThread, startLangGraphServer, type LangGraphServer } from './helpers/server.js';

let lg: LangGraphServer;
beforeAll(async () => {
  lg = await startLangGraphServer({ workers: 1 });
});
afterAll(async () => {
  await lg?.dispose();
});

it('a new interrupt on an idle source is pulled when the probe sees it, not on the next poll a minute later', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'countersign-lg-watch-'));
  // Polls and safety pulls a minute apart: only the watch can bring the second item in within the wait below.
  const core = (
    await makeCore({
      dataDir,
      approverName: 'alice@example.com',
      timing: { pollMinMs: 60_000, pollMaxMs: 60_000, watchSafetyPollMs: 60_000 },
      sourceDeps: { watchIntervalMs: 200 },
    })
  ).core;
  const approvals = async () => (await core.call('queue.list', { lane: 'approvals' })).items;
  const until = async (n: number) => {
    for (const deadline = Date.now() + 20_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) if ((await approvals()).length >= n) return;
    throw new Error(`fewer than ${n} items after 20 s`);
  };
  try {
    await interruptedThread(lg.client, 'inbox', { action: 'refund.issue', args: { n: 1 } });
    const src = await core.call('sources.add', { kind: 'langgraph', name: 'Agents', url: lg.url, watch: [] });
    await until(1);
    // Let the first round settle into its long sleep, then interrupt a new thread.
    await new Promise((r) => setTimeout(r, 500));
    expect((await core.call('sync.status', {})).sources.find((s) => s.id === src.id)?.state).toBe('online');
    await interruptedThread(lg.client, 'inbox', { action: 'refund.issue', args: { n: 2 } });
    await until(2);
    expect((await approvals()).length).toBe(2);
  } finally {
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 60_000);
