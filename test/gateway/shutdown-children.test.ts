// Every upstream process the gateway starts is gone once the gateway has closed, whatever state it was in: a mute
// upstream still waiting for its initialize answer, one hung on tools/list, a connected one. (A mute child ignores its
// stdin closing, so only the gateway ending it makes it go; before, it outlived every test as an orphan.)
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnHub, type HubProcess } from '../helpers/hub.js';
import { eventually, fsUpstream, hostileUpstream, pidsWith, startGateway, type Mode } from './helpers.js';

let hub: HubProcess;
let dir: string;
beforeAll(async () => {
  hub = await spawnHub();
  dir = mkdtempSync(join(tmpdir(), 'cs-gw-children-'));
});
afterAll(async () => {
  await hub?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe.each<Mode>(['stdio', 'http'])('closing the gateway over %s', (mode) => {
  it('ends every upstream child, also one still connecting', async () => {
    const tag = `children-${randomUUID()}`;
    const gw = await startGateway(
      mode,
      {
        hub: { url: hub.url },
        // A long connect bound: the mute upstream is still in initialize when the gateway closes.
        upstreams: [hostileUpstream('mute', 'mute', `${tag}-mute`), hostileUpstream('hang', 'hang-list', `${tag}-hang`), fsUpstream(dir)],
        upstreamConnectTimeoutSeconds: 120,
      },
      { agentToken: hub.agentToken },
    );
    let closed = false;
    try {
      await eventually(async () => (await pidsWith(`${tag}-mute`)).length === 1 && (await pidsWith(`${tag}-hang`)).length === 1);
      await gw.close();
      closed = true;
      await eventually(async () => (await pidsWith(tag)).length === 0, 20_000).catch(async () => {
        throw new Error(`upstream processes outlived the gateway: ${(await pidsWith(tag)).join(', ')}`);
      });
      expect(await pidsWith(tag)).toEqual([]);
    } finally {
      if (!closed) await gw.close();
      // Never leave strays behind for the next test, whatever happened above.
      for (const pid of await pidsWith(tag)) process.kill(pid, 'SIGKILL');
    }
  }, 120_000);
});
