// Failure paths through the real gateway: an upstream that dies mid-call, JSON-RPC errors, a URL upstream,
// tools with no annotations, expiry, and two upstreams whose tool names collide.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ErrorCode, McpError, ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { spawnHub, type HubProcess } from '../helpers/hub.js';
import { CRASHY, ROOT, crashyUpstream, decide, fsUpstream, startCrashyHttp, startGateway, textOf, waitForHubRequest, type Mode, type RunningGateway } from './helpers.js';

let hub: HubProcess;
beforeAll(async () => {
  hub = await spawnHub();
});
afterAll(async () => {
  await hub?.stop();
});

const pidOf = (text: string) => Number(/from pid (\d+)/.exec(text)?.[1]);

describe.each<Mode>(['stdio', 'http'])('a crashing upstream behind the gateway over %s', (mode) => {
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await startGateway(mode, { hub: { url: hub.url }, upstreams: [crashyUpstream()] }, { agentToken: hub.agentToken });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('gives a clear error when the upstream dies mid-call, then restarts it and keeps serving', async () => {
    const first = await gw.client.callTool({ name: 'echo', arguments: { message: 'one' } });
    const pid1 = pidOf(textOf(first));
    expect(pid1).toBeGreaterThan(0);

    const crashed = await gw.client.callTool({ name: 'crash', arguments: {} });
    expect(crashed.isError).toBe(true);
    expect(textOf(crashed)).toMatch(/upstream MCP server "crashy" stopped during crash/);
    expect(textOf(crashed)).toContain('restarts the server on the next call');

    const again = await gw.client.callTool({ name: 'echo', arguments: { message: 'two' } });
    expect(again.isError).toBeFalsy();
    expect(textOf(again)).toMatch(/^two from pid \d+$/);
    expect(pidOf(textOf(again))).not.toBe(pid1);
    // The catalog survived: the tools are still listed.
    expect((await gw.client.listTools()).tools.map((t) => t.name)).toContain('crash');
  });

  it('passes an upstream JSON-RPC error through with its code, message and data', async () => {
    const direct = new Client({ name: 'direct', version: '1' });
    await direct.connect(new StdioClientTransport({ command: process.execPath, args: ['--import', 'tsx', CRASHY], cwd: ROOT, stderr: 'ignore' }));
    try {
      const want = (await direct.callTool({ name: 'needs_login', arguments: {} }).catch((e) => e)) as McpError;
      const got = (await gw.client.callTool({ name: 'needs_login', arguments: {} }).catch((e) => e)) as McpError;
      expect(want).toBeInstanceOf(McpError);
      expect(want.code).toBe(ErrorCode.UrlElicitationRequired);
      expect(got).toBeInstanceOf(McpError);
      expect({ code: got.code, message: got.message, data: got.data }).toEqual({ code: want.code, message: want.message, data: want.data });
    } finally {
      await direct.close();
    }
  });

  it('passes an upstream tool failure through exactly as the upstream sent it', async () => {
    const via = await gw.client.callTool({ name: 'fail', arguments: {} });
    const direct = new Client({ name: 'direct', version: '1' });
    await direct.connect(new StdioClientTransport({ command: process.execPath, args: ['--import', 'tsx', CRASHY], cwd: ROOT, stderr: 'ignore' }));
    try {
      expect(via).toEqual(await direct.callTool({ name: 'fail', arguments: {} }));
      expect(textOf(via)).toContain('fixture refuses: quota exhausted');
    } finally {
      await direct.close();
    }
  });
});

describe('upstreams by URL, collisions, no annotations, expiry', () => {
  let http: { url: string; stop(): Promise<void> };
  let dir: string;
  let gw: RunningGateway;
  beforeAll(async () => {
    http = await startCrashyHttp();
    dir = mkdtempSync(join(tmpdir(), 'cs-gw-multi-'));
    gw = await startGateway(
      'stdio',
      {
        hub: { url: hub.url, adminToken: hub.adminToken },
        upstreams: [crashyUpstream('local'), { name: 'remote', url: http.url }, fsUpstream(dir)],
        tools: [
          { match: 'remote/untagged', expiresIn: 2 },
          { match: 'local/needs_login', mode: 'review' },
        ],
        progressIntervalSeconds: 1,
      },
      { agentToken: hub.agentToken },
    );
  });
  afterAll(async () => {
    await gw?.close();
    await http?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prefixes only the names that collide (the upstream first in config keeps its own) and routes each to its own upstream', async () => {
    const names = (await gw.client.listTools()).tools.map((t) => t.name);
    expect(names).toContain('echo');
    expect(names).toContain('remote__echo');
    expect(names).toContain('read_text_file');
    expect(names).not.toContain('local__echo');
    expect(textOf(await gw.client.callTool({ name: 'echo', arguments: { message: 'local' } }))).toMatch(/^local from pid \d+$/);
    const r = await gw.client.callTool({ name: 'remote__echo', arguments: { message: 'over http' } });
    expect(textOf(r)).toMatch(/^over http from pid \d+$/);
  });

  it('fails closed on a tool with no annotations: it waits for approval, then runs', async () => {
    const call = gw.client.callTool({ name: 'untagged', arguments: { note: 'n1' } });
    const req = await waitForHubRequest(hub.url, hub.approverToken, (r) => r.actionClass === 'mcp.local.untagged' && r.status === 'pending');
    expect(req.control).toBe('approval');
    await decide(hub.url, hub.approverToken, req.id, 'approve');
    const r = await call;
    expect(textOf(r)).toContain('untagged ran with n1');
  });

  it('answers with a clear error when the request expires undecided', async () => {
    const r = await gw.client.callTool({ name: 'remote__untagged', arguments: { note: 'too late' } }, undefined, { timeout: 30_000 });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/expired before anyone decided; the call was not run/);
  });

  it('re-lists when an upstream announces new tools and tells its own clients', async () => {
    let announced = 0;
    gw.client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
      announced++;
    });
    const r = await gw.client.callTool({ name: 'grow', arguments: {} });
    expect(textOf(r)).toBe('added grown_1');
    const until = Date.now() + 10_000;
    while (announced === 0 && Date.now() < until) await new Promise((res) => setTimeout(res, 50));
    expect(announced).toBeGreaterThan(0);
    expect((await gw.client.listTools()).tools.map((t) => t.name)).toContain('grown_1');
    expect(textOf(await gw.client.callTool({ name: 'grown_1', arguments: {} }))).toBe('grown_1 ran');
  });

  it('gives a clear error when a URL upstream dies mid-call, and reconnects once it is back', async () => {
    const before = pidOf(textOf(await gw.client.callTool({ name: 'remote__echo', arguments: { message: 'a' } })));
    const crashed = await gw.client.callTool({ name: 'remote__crash', arguments: {} });
    expect(crashed.isError).toBe(true);
    expect(textOf(crashed)).toMatch(/upstream MCP server "remote" stopped during crash/);
    // While it is down: a clear error, the other upstreams keep serving.
    const down = await gw.client.callTool({ name: 'remote__echo', arguments: { message: 'b' } });
    expect(down.isError).toBe(true);
    expect(textOf(down)).toMatch(/upstream MCP server "remote" is not reachable, so echo was not run/);
    expect(textOf(await gw.client.callTool({ name: 'echo', arguments: { message: 'c' } }))).toMatch(/^c from pid/);
    // Someone restarts the remote server on the same address: the next call reconnects.
    http = await startCrashyHttp(Number(new URL(http.url).port));
    const back = await gw.client.callTool({ name: 'remote__echo', arguments: { message: 'd' } });
    expect(back.isError).toBeFalsy();
    expect(pidOf(textOf(back))).not.toBe(before);
  });

  it('reports a review-lane call that ends in an upstream JSON-RPC error as failed on the hub', async () => {
    const err = (await gw.client.callTool({ name: 'needs_login', arguments: {} }).catch((e) => e)) as McpError;
    expect(err.code).toBe(ErrorCode.UrlElicitationRequired);
    const req = await waitForHubRequest(hub.url, hub.approverToken, (r) => r.actionClass === 'mcp.local.needs_login' && r.outcome !== null);
    expect(req.status).toBe('released');
    expect(req.outcome?.status).toBe('failed');
    expect(req.outcome?.detail).toContain('Sign in to the fixture first');
  });

  it('refuses an unknown tool with a JSON-RPC error', async () => {
    // Exactly one "MCP error -32602" prefix, as a server called directly gives (it used to be doubled).
    const err = (await gw.client.callTool({ name: 'nope', arguments: {} }).catch((e) => e)) as McpError;
    expect(err.code).toBe(ErrorCode.InvalidParams);
    expect(err.message).toBe('MCP error -32602: Unknown tool: nope');
  });
});
