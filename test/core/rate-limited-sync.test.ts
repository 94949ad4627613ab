// Item 13 follow-up: a hub that answers 429 is not offline. The console's sync waits the Retry-After the hub sent and
// says "rate limited, retrying in N s", then carries on. Against the real hub started with a tiny --rate-limit.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ConsoleCore } from '../../src/core/api.js';
import { spawnHub, type HubProcess } from '../helpers/hub.js';
import { makeCore, submit, waitFor } from './helpers.js';

let hub: HubProcess;
let core: ConsoleCore;
let dataDir: string;
beforeAll(async () => {
  hub = await spawnHub({ args: ['--rate-limit', '4', '--rate-limit-window', '3'] });
  ({ core, dataDir } = await makeCore());
}, 60_000);
afterAll(async () => {
  await core.close();
  await hub.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('shows "rate limited, retrying in N s" (not offline) and syncs again once the window passes', async () => {
  const src = await core.call('sources.add', { kind: 'hub', name: 'Busy hub', url: hub.url, token: hub.approverToken });
  // The console polls every 500 ms here (FAST_TIMING), so four requests in the 3 s window run out quickly.
  const limited = await waitFor('rate limited', async () => {
    await core.call('sync.now', {});
    const s = await core.call('sync.status', {});
    return s.sources.find((x) => x.id === src.id && x.state === 'rate_limited') && s;
  });
  const line = limited.sources.find((x) => x.id === src.id)!;
  expect(line.error).toMatch(/^rate limited by the source, retrying in [1-3] s$/);
  expect(limited.online).toBe(true);
  expect((await core.call('sources.list', {})).find((x) => x.id === src.id)!.status.state).toBe('rate_limited');

  // After the wait it pulls again: a request submitted meanwhile (with the agent's own budget) arrives.
  const r = await submit(hub.url, hub.agentToken);
  await waitFor('the request after the wait', async () => (await core.call('item.get', { id: `${src.id}:${r.id}` })).item, 30_000);
});
