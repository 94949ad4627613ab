// A stable call identity (#16 item 5, the part without MCP Tasks): a client that gives up on a gated call and retries
// the same call re-attaches to its hub request instead of making a duplicate, and a SIGKILLed gateway's pending
// requests are found by the next one: withdrawn when nobody retries, re-attached when the client does.
// Real gateway process, real MCP SDK client, real server-filesystem, real hub.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnHub, type HubProcess } from '../helpers/hub.js';
import { decide, expectNoUnhandledRejection, fsUpstream, hubRequests, startGateway, waitForHubRequest, waitForLogEntry } from './helpers.js';

let hub: HubProcess;
let dir: string;
beforeAll(async () => {
  hub = await spawnHub();
  dir = mkdtempSync(join(tmpdir(), 'cs-gw-identity-'));
});
afterAll(async () => {
  await hub?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const forPath = (path: string) => async () => (await hubRequests(hub.url, hub.approverToken)).filter((r) => r.action.args.path === path);

describe('a client that retries the same call', () => {
  it('re-attaches to the pending request after its own timeout: one request, one write', async () => {
    const gw = await startGateway('stdio', { hub: { url: hub.url, adminToken: hub.adminToken }, upstreams: [fsUpstream(dir)] }, { agentToken: hub.agentToken });
    try {
      const path = join(dir, 'retried.txt');
      const args = { path, content: 'once' };
      // A client with a short timeout and no progress handling gives up (the SDK sends notifications/cancelled).
      await expect(gw.client.callTool({ name: 'write_file', arguments: args }, undefined, { timeout: 3_000 })).rejects.toThrow(/timed out/i);
      const first = await waitForHubRequest(hub.url, hub.approverToken, (r) => r.action.args.path === path);
      const retry = gw.client.callTool({ name: 'write_file', arguments: args }, undefined, { timeout: 60_000 });
      await waitForLogEntry(gw.logFile, (e) => e.event === 'reattached');
      await decide(hub.url, hub.approverToken, first.id, 'approve');
      expect((await retry).isError).toBeFalsy();
      expect(readFileSync(path, 'utf8')).toBe('once');
      const all = await forPath(path)();
      expect(all.map((r) => r.id)).toEqual([first.id]);
      expect((await waitForHubRequest(hub.url, hub.approverToken, (r) => r.id === first.id && r.outcome !== null)).outcome?.status).toBe('executed');
      expectNoUnhandledRejection(gw.logFile);
    } finally {
      await gw.close();
    }
  }, 90_000);
});

describe('a SIGKILLed gateway', () => {
  it('leaves no orphan: the next gateway withdraws the pending request nobody retried', async () => {
    const stateFile = join(dir, 'killed.state.json');
    const cfg = { hub: { url: hub.url, adminToken: hub.adminToken }, upstreams: [fsUpstream(dir)], stateFile, retryGraceSeconds: 1 };
    const gw = await startGateway('stdio', cfg, { agentToken: hub.agentToken });
    const path = join(dir, 'orphan.txt');
    const call = gw.client.callTool({ name: 'write_file', arguments: { path, content: 'never' } }).catch((e: unknown) => e);
    const req = await waitForHubRequest(hub.url, hub.approverToken, (r) => r.action.args.path === path && r.status === 'pending');
    // Recorded in the state file right after the hub answered the submit (the 'submitted' line follows it).
    await waitForLogEntry(gw.logFile, (e) => e.event === 'submitted' && e.requestId === req.id);
    gw.kill('SIGKILL');
    await call;
    await gw.close().catch(() => {});
    const next = await startGateway('stdio', cfg, { agentToken: hub.agentToken });
    try {
      await next.client.listTools();
      const after = await waitForHubRequest(hub.url, hub.approverToken, (r) => r.id === req.id && r.status === 'withdrawn', 30_000).catch((e: Error) => {
        throw new Error(`${e.message}; state: ${readFileSync(stateFile, 'utf8')}; log: ${readFileSync(next.logFile, 'utf8')}`);
      });
      expect(after.status).toBe('withdrawn');
      expect(existsSync(path)).toBe(false);
      expect(await waitForLogEntry(next.logFile, (e) => e.event === 'orphan_closed')).toMatchObject({ requestId: req.id, was: 'pending' });
    } finally {
      await next.close();
    }
  }, 90_000);

  it("re-attaches the client's retry to the request the killed gateway left, so approving it runs the call once", async () => {
    const stateFile = join(dir, 'killed-retry.state.json');
    const cfg = { hub: { url: hub.url, adminToken: hub.adminToken }, upstreams: [fsUpstream(dir)], stateFile, retryGraceSeconds: 60 };
    const gw = await startGateway('stdio', cfg, { agentToken: hub.agentToken });
    const path = join(dir, 'survivor.txt');
    const args = { path, content: 'after the crash' };
    const call = gw.client.callTool({ name: 'write_file', arguments: args }).catch((e: unknown) => e);
    const req = await waitForHubRequest(hub.url, hub.approverToken, (r) => r.action.args.path === path && r.status === 'pending');
    // Recorded in the state file right after the hub answered the submit (the 'submitted' line follows it).
    await waitForLogEntry(gw.logFile, (e) => e.event === 'submitted' && e.requestId === req.id);
    gw.kill('SIGKILL');
    await call;
    await gw.close().catch(() => {});
    const next = await startGateway('stdio', cfg, { agentToken: hub.agentToken });
    try {
      const retry = next.client.callTool({ name: 'write_file', arguments: args }, undefined, { timeout: 60_000 });
      await waitForLogEntry(next.logFile, (e) => e.event === 'reattached' && e.requestId === req.id, 20_000);
      await decide(hub.url, hub.approverToken, req.id, 'approve');
      expect((await retry).isError).toBeFalsy();
      expect(readFileSync(path, 'utf8')).toBe('after the crash');
      expect((await forPath(path)()).map((r) => r.id)).toEqual([req.id]);
    } finally {
      await next.close();
    }
  }, 90_000);
});
