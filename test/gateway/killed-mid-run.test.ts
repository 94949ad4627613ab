// A gateway killed while an approved call runs on its upstream (#16 item 5): the call may have taken effect. The next
// gateway used to treat its record like any other: the client's retry re-attached to the approved request and ran
// the call a second time, and an unclaimed record was reported "failed: not run". Now the record says the call was
// handed to the upstream: a retry is answered that the outcome is unknown (not run again), and no outcome is made
// up. Real gateway processes (SIGKILL), the hostile fixture's slow tool recording each call it receives, the real hub.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnHub, type HubProcess } from '../helpers/hub.js';
import { callsRan, decide, eventually, fileToolsUpstream, hubRequests, startGateway, textOf, waitForHubRequest, waitForLogEntry } from './helpers.js';

let hub: HubProcess;
let dir: string;
beforeAll(async () => {
  hub = await spawnHub();
  dir = mkdtempSync(join(tmpdir(), 'cs-gw-midrun-'));
});
afterAll(async () => {
  await hub?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a gateway killed while an approved call runs', () => {
  it('does not run it again for a retry, and reports no outcome it does not know', async () => {
    const tools = join(dir, 'slow.json');
    writeFileSync(tools, JSON.stringify([{ name: 'slow_transfer', inputSchema: { type: 'object' }, annotations: { readOnlyHint: false, destructiveHint: true } }]));
    const cfg = { hub: { url: hub.url }, upstreams: [fileToolsUpstream('bank', tools)], stateFile: join(dir, 'midrun.state.json'), retryGraceSeconds: 60 };
    const args = { amount: 100, to: 'acct-7' };
    const gw = await startGateway('stdio', cfg, { agentToken: hub.agentToken });
    const call = gw.client.callTool({ name: 'slow_transfer', arguments: args }, undefined, { timeout: 60_000 }).catch((e: unknown) => e);
    const req = await waitForHubRequest(hub.url, hub.approverToken, (r) => r.action.name === 'slow_transfer' && r.status === 'pending');
    await decide(hub.url, hub.approverToken, req.id, 'approve');
    // The upstream has the call (it records it on arrival, then takes a minute): the transfer may be under way.
    await eventually(async () => callsRan(tools).length === 1);
    gw.kill('SIGKILL');
    await call;
    await gw.close().catch(() => {});

    const next = await startGateway('stdio', cfg, { agentToken: hub.agentToken });
    try {
      const retry = await next.client.callTool({ name: 'slow_transfer', arguments: args }, undefined, { timeout: 60_000 });
      expect(retry.isError).toBe(true);
      expect(textOf(retry)).toContain('whether it took effect is unknown, so it is not run again');
      expect(callsRan(tools)).toHaveLength(1);
      await waitForLogEntry(next.logFile, (e) => e.event === 'not_rerun');
      const [after] = (await hubRequests(hub.url, hub.approverToken)).filter((r) => r.id === req.id);
      expect(after).toMatchObject({ status: 'approved', outcome: null });
    } finally {
      await next.close();
    }
  }, 120_000);
});
