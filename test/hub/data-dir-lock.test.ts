// One hub per data directory (#12): a second hub process on the same SQLite file is refused with a clear message and
// the first keeps serving; the lock dies with its process, so a SIGKILLed hub's directory starts again at once.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHub } from '../../src/hub/index.js';
import { DataDirLockedError } from '../../src/hub/store/data-dir-lock.js';
import { REPO_ROOT, request, spawnHub, type HubProcess } from '../helpers/hub.js';
import { proposal } from './util.js';

let hub: HubProcess | undefined;
afterEach(async () => {
  await hub?.stop();
  hub = undefined;
});

function secondHub(dataDir: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/hub/cli.ts'), '--port', '0', '--data', dataDir], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, COUNTERSIGN_HUB_BOOTSTRAP_ADMIN_TOKEN: 'a-second-bootstrap-token-0123456789' },
    timeout: 60_000,
  });
}

describe('one hub per data directory', () => {
  it('refuses a second hub process on the same data dir, and the first keeps its feed', async () => {
    hub = await spawnHub();
    const second = secondHub(hub.dataDir);
    expect(second.status, second.stderr).not.toBe(0);
    expect(second.stderr).toContain(`another Countersign hub is already running on ${hub.dataDir}`);
    expect(second.stderr).not.toMatch(/\n\s+at /); // one line a person reads, not a stack
    const r = await request(hub.url, '/v1/requests', { token: hub.agentToken, body: proposal('refund.issue', { amount: 50 }), headers: { 'idempotency-key': 'after-refusal' } });
    expect(r.status).toBe(201);
  });

  it('refuses a second in-process hub too (the console embeds one), and frees the dir on close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'countersign-lock-'));
    try {
      hub = await spawnHub({ dataDir: dir });
      await expect(startHub({ dataDir: dir })).rejects.toBeInstanceOf(DataDirLockedError);
      await hub.stop();
      hub = undefined;
      const embedded = await startHub({ dataDir: dir });
      await embedded.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('does not leave a stale lock behind a SIGKILLed hub', async () => {
    hub = await spawnHub();
    await hub.kill('SIGKILL');
    await hub.restart();
    const r = await request(hub.url, '/v1/health', {});
    expect(r.status).toBe(200);
  });
});
