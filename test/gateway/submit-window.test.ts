// The window between the hub storing a gated call's request and the gateway hearing its id (#16 item 5): a gateway
// SIGKILLed there used to leave no record, so the request stayed pending with nobody to run it. The intent is now
// written before the submit; the next gateway finds the request by its idempotency key and withdraws it. The window
// is held open for real: the gateway reaches the hub through a relay that passes requests and drops every answer.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnHub, type HubProcess } from '../helpers/hub.js';
import { hubRelay } from './hub-relay.js';
import { fsUpstream, hubRequests, startGateway, waitForHubRequest, waitForLogEntry } from './helpers.js';

let hub: HubProcess;
let dir: string;
beforeAll(async () => {
  hub = await spawnHub();
  dir = mkdtempSync(join(tmpdir(), 'cs-gw-window-'));
});
afterAll(async () => {
  await hub?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a gateway killed after the hub stored its request but before it heard the id', () => {
  it('leaves a record the next gateway uses to withdraw that request', async () => {
    const relay = await hubRelay(hub.url, 'dropAnswer');
    const stateFile = join(dir, 'window.state.json');
    const path = join(dir, 'window.txt');
    const cfg = (hubUrl: string) => ({ hub: { url: hubUrl }, upstreams: [fsUpstream(dir)], stateFile, retryGraceSeconds: 1 });
    const gw = await startGateway('stdio', cfg(relay.url), { agentToken: hub.agentToken });
    try {
      const call = gw.client.callTool({ name: 'write_file', arguments: { path, content: 'never' } }).catch((e: unknown) => e);
      await waitForHubRequest(hub.url, hub.approverToken, (r) => r.action.args.path === path && r.status === 'pending');
      // The gateway is still waiting for the hub's answer: only the intent is on disk.
      expect(Object.values(JSON.parse(readFileSync(stateFile, 'utf8')).pending)).toMatchObject([{ requestId: null, tool: 'write_file' }]);
      gw.kill('SIGKILL');
      await call;
    } finally {
      await gw.close().catch(() => {});
      await relay.close();
    }
    const next = await startGateway('stdio', cfg(hub.url), { agentToken: hub.agentToken });
    try {
      await next.client.listTools();
      const closed = await waitForLogEntry(next.logFile, (e) => e.event === 'orphan_closed', 30_000);
      expect(closed).toMatchObject({ was: 'pending', from: 'intent' });
      const mine = (await hubRequests(hub.url, hub.approverToken)).filter((r) => r.action.args.path === path);
      expect(mine.map((r) => r.status)).toEqual(['withdrawn']);
      expect(closed.requestId).toBe(mine[0]!.id);
      // Found by its key: no stand-in request was made.
      expect((await hubRequests(hub.url, hub.approverToken)).filter((r) => r.actionClass === 'gateway.recovery_probe')).toEqual([]);
      expect(existsSync(path)).toBe(false);
      expect(JSON.parse(readFileSync(stateFile, 'utf8')).pending).toEqual({});
    } finally {
      await next.close();
    }
  }, 90_000);
});
