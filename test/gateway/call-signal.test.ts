// A finished call leaves nothing behind in the gateway. Each call's signal used to be AbortSignal.any of the client's
// and the gateway's shutdown signal; the MCP SDK never removes its abort listener from a request's signal, so every
// call ever made stayed reachable from the shutdown signal, and a shutdown sent the upstream one notifications/cancelled
// per finished call. A client's cancel of a call still running does reach the upstream. Real gateway process (stdio
// and HTTP), the hostile fixture recording the cancellations it receives.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnHub, type HubProcess } from '../helpers/hub.js';
import { callsRan, eventually, fileToolsUpstream, startGateway, type Mode } from './helpers.js';

let hub: HubProcess;
let dir: string;
beforeAll(async () => {
  hub = await spawnHub();
  dir = mkdtempSync(join(tmpdir(), 'cs-gw-signal-'));
});
afterAll(async () => {
  await hub?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The notifications/cancelled the fixture received (their params, one JSON line each). */
function cancelled(tools: string): string[] {
  return existsSync(`${tools}.cancelled`) ? readFileSync(`${tools}.cancelled`, 'utf8').trim().split('\n').filter(Boolean) : [];
}

describe.each<Mode>(['stdio', 'http'])('calls over %s', (mode) => {
  it('that finished are not cancelled on the upstream when the gateway shuts down', async () => {
    const tools = join(dir, `${mode}-tools.json`);
    writeFileSync(tools, JSON.stringify([{ name: 'peek', inputSchema: { type: 'object' }, annotations: { readOnlyHint: true } }]));
    const gw = await startGateway(mode, { hub: { url: hub.url }, upstreams: [fileToolsUpstream('h', tools)] }, { agentToken: hub.agentToken });
    for (let i = 0; i < 20; i++) expect((await gw.client.callTool({ name: 'peek', arguments: { i } })).isError).toBeFalsy();
    expect(callsRan(tools)).toHaveLength(20);
    await gw.close();
    // The gateway ends the upstream last on shutdown; give its child a moment to record what reached it by then.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(cancelled(tools)).toEqual([]);
  }, 60_000);

  it("passes a client's cancel of a running call on to the upstream", async () => {
    const tools = join(dir, `${mode}-slow.json`);
    writeFileSync(tools, JSON.stringify([{ name: 'slow_peek', inputSchema: { type: 'object' }, annotations: { readOnlyHint: true } }]));
    const gw = await startGateway(mode, { hub: { url: hub.url }, upstreams: [fileToolsUpstream('h', tools)] }, { agentToken: hub.agentToken });
    try {
      const ac = new AbortController();
      const call = gw.client.callTool({ name: 'slow_peek', arguments: {} }, undefined, { signal: ac.signal }).catch((e: unknown) => e);
      await eventually(async () => callsRan(tools).length === 1);
      ac.abort('the user pressed stop');
      expect(await call).toBeInstanceOf(Error);
      const got = await eventually(async () => cancelled(tools)[0], 20_000);
      expect(got).toMatch(/the user pressed stop|cancel/i);
    } finally {
      await gw.close();
    }
  }, 60_000);
});
