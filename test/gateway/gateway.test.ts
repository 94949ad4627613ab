// The gateway end to end, over stdio and over Streamable HTTP: a real MCP SDK client, the real gateway process,
// the real @modelcontextprotocol/server-filesystem on a temp folder as the upstream, and the real hub process.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { spawnHub, type HubProcess } from '../helpers/hub.js';
import { decide, fsUpstream, hubRequests, startGateway, textOf, waitForHubRequest, waitForLogEntry, FS_SERVER, type Mode, type RunningGateway } from './helpers.js';

let hub: HubProcess;
beforeAll(async () => {
  hub = await spawnHub();
});
afterAll(async () => {
  await hub?.stop();
});

describe.each<Mode>(['stdio', 'http'])('gateway over %s in front of server-filesystem', (mode) => {
  let dir: string;
  let gw: RunningGateway;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `cs-gw-fs-${mode}-`));
    writeFileSync(join(dir, 'hello.txt'), 'hello from disk\n');
    gw = await startGateway(mode, { hub: { url: hub.url, adminToken: hub.adminToken }, upstreams: [fsUpstream(dir)], progressIntervalSeconds: 1 }, { agentToken: hub.agentToken });
  });
  afterAll(async () => {
    await gw?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the upstream tools under their own names and registers their classes with the hub', async () => {
    const { tools } = await gw.client.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toContain('read_text_file');
    expect(names).toContain('write_file');
    expect(tools.find((t) => t.name === 'write_file')!.description).toContain('may wait for human approval');
    const classes = (await (await fetch(new URL('/v1/action-classes', hub.url), { headers: { authorization: `Bearer ${hub.adminToken}` } })).json()) as {
      classes: Array<{ name: string; factors: string[] }>;
    };
    const write = classes.classes.find((c) => c.name === 'mcp.fs.write_file');
    expect(write?.factors.sort()).toEqual(['irreversible', 'outside_lane']);
    expect(classes.classes.find((c) => c.name === 'mcp.fs.read_text_file')).toBeUndefined();
  });

  it('passes read_text_file at once without creating a hub request, and logs it locally', async () => {
    const before = (await hubRequests(hub.url, hub.approverToken)).length;
    const r = await gw.client.callTool({ name: 'read_text_file', arguments: { path: join(dir, 'hello.txt') } });
    expect(r.isError).toBeFalsy();
    expect(textOf(r)).toBe('hello from disk\n');
    expect((await hubRequests(hub.url, hub.approverToken)).length).toBe(before);
    const logged = await waitForLogEntry(gw.logFile, (e) => e.event === 'pass' && e.tool === 'read_text_file');
    expect(logged.ok).toBe(true);
    expect(logged.why).toContain('readOnlyHint');
  });

  it('passes an upstream error through unchanged (same result as calling the server directly)', async () => {
    const args = { path: join(dir, 'missing.txt') };
    const viaGateway = await gw.client.callTool({ name: 'read_text_file', arguments: args });
    const direct = new Client({ name: 'direct', version: '1' });
    await direct.connect(new StdioClientTransport({ command: process.execPath, args: [FS_SERVER, dir], stderr: 'ignore' }));
    try {
      const straight = await direct.callTool({ name: 'read_text_file', arguments: args });
      expect(viaGateway.isError).toBe(true);
      expect(viaGateway).toEqual(straight);
    } finally {
      await direct.close();
    }
  });

  it("holds write_file for approval, keeps the client alive with progress, and writes the approver's edited content", async () => {
    const path = join(dir, `approved-${mode}.txt`);
    const progress: string[] = [];
    // A 5 s client timeout that progress (every 1 s) keeps resetting: the approval below comes after ~7 s.
    const call = gw.client.callTool({ name: 'write_file', arguments: { path, content: 'draft from the model' } }, undefined, {
      timeout: 5_000,
      resetTimeoutOnProgress: true,
      onprogress: (p) => progress.push(p.message ?? ''),
    });
    const req = await waitForHubRequest(hub.url, hub.approverToken, (r) => r.status === 'pending' && r.action.args.path === path);
    expect(req.actionClass).toBe('mcp.fs.write_file');
    expect(req.control).toBe('approval');
    expect(req.reasons.map((x) => x.factor).sort()).toEqual(['irreversible', 'outside_lane']);
    expect(req.action).toEqual({ name: 'write_file', args: { path, content: 'draft from the model' } });
    expect(req.summary).toContain('write_file on fs');
    expect(req.evidence.map((e) => e.title)).toContain('MCP upstream server');
    expect(req.evidence.find((e) => e.title === 'MCP client')?.text).toContain(`gateway-test 1.0.0 over ${mode}`);
    expect(existsSync(path)).toBe(false);

    await new Promise((r) => setTimeout(r, 7_000));
    const d = await decide(hub.url, hub.approverToken, req.id, 'approve_with_edits', { editedAction: { name: 'write_file', args: { path, content: 'edited by a human' } } });
    expect(d.status).toBe('accepted');
    const r = await call;
    expect(r.isError).toBeFalsy();
    expect(readFileSync(path, 'utf8')).toBe('edited by a human');
    expect(textOf(r)).toContain('with edits (replace /args/content)');
    expect(progress.length).toBeGreaterThanOrEqual(4);
    expect(progress[0]).toContain('Waiting for a human');

    // The gateway reports what happened after release.
    const after = await waitForHubRequest(hub.url, hub.approverToken, (x) => x.id === req.id && x.outcome !== null);
    expect(after.outcome?.status).toBe('executed');
  });

  it('refuses an approval that renames the tool instead of telling the model an edit was applied', async () => {
    const path = join(dir, `renamed-${mode}.txt`);
    const call = gw.client.callTool({ name: 'write_file', arguments: { path, content: 'x' } });
    const req = await waitForHubRequest(hub.url, hub.approverToken, (r) => r.status === 'pending' && r.action.args.path === path);
    await decide(hub.url, hub.approverToken, req.id, 'approve_with_edits', { editedAction: { name: 'create_directory', args: { path } } });
    const r = await call;
    expect(r.isError).toBe(true);
    expect(textOf(r)).toContain('not run: the approver changed the tool to "create_directory"');
    expect(textOf(r)).not.toContain('with edits');
    expect(existsSync(path)).toBe(false);
    const after = await waitForHubRequest(hub.url, hub.approverToken, (x) => x.id === req.id && x.outcome !== null);
    expect(after.outcome?.status).toBe('failed');
  });

  it('writes nothing when write_file is rejected, and the client sees the feedback', async () => {
    const path = join(dir, `rejected-${mode}.txt`);
    const call = gw.client.callTool({ name: 'write_file', arguments: { path, content: 'please no' } });
    const req = await waitForHubRequest(hub.url, hub.approverToken, (r) => r.status === 'pending' && r.action.args.path === path);
    const d = await decide(hub.url, hub.approverToken, req.id, 'reject', { feedback: 'Write drafts under drafts/ instead <b>\u202Eplease</b>' });
    expect(d.status).toBe('accepted');
    const r = await call;
    expect(r.isError).toBe(true);
    expect(textOf(r)).toContain('Write drafts under drafts/ instead <b>\u202Eplease</b>');
    expect(existsSync(path)).toBe(false);
  });

  it('runs a review-lane tool (create_directory) at once, logged on the hub as released', async () => {
    const path = join(dir, `made-${mode}`);
    const r = await gw.client.callTool({ name: 'create_directory', arguments: { path } });
    expect(r.isError).toBeFalsy();
    expect(existsSync(path)).toBe(true);
    const req = await waitForHubRequest(hub.url, hub.approverToken, (x) => x.action.args.path === path && x.outcome !== null);
    expect(req.status).toBe('released');
    expect(req.control).toBe('review');
    expect(req.outcome?.status).toBe('executed');
  });
});

describe('gateway HTTP host', () => {
  let dir: string;
  let gw: RunningGateway;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cs-gw-auth-'));
    gw = await startGateway('http', { hub: { url: hub.url }, upstreams: [fsUpstream(dir, 'files')] }, { agentToken: hub.agentToken });
  });
  afterAll(async () => {
    await gw?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('binds loopback and refuses a missing or wrong bearer token, bad JSON, a foreign Origin and a foreign Host', async () => {
    expect(gw.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const init = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } };
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    expect((await fetch(gw.url!, { method: 'POST', headers, body: JSON.stringify(init) })).status).toBe(401);
    expect((await fetch(gw.url!, { method: 'POST', headers: { ...headers, authorization: 'Bearer wrong' }, body: JSON.stringify(init) })).status).toBe(401);
    const ok = await fetch(gw.url!, { method: 'POST', headers: { ...headers, authorization: `Bearer ${gw.token}` }, body: JSON.stringify(init) });
    expect(ok.status).toBe(200);
    await ok.body?.cancel();
    const bad = await fetch(gw.url!, { method: 'POST', headers: { ...headers, authorization: `Bearer ${gw.token}` }, body: '{not json' });
    expect(bad.status).toBe(400);
    const fromPage = await fetch(gw.url!, {
      method: 'POST',
      headers: { ...headers, authorization: `Bearer ${gw.token}`, origin: 'https://evil.example' },
      body: JSON.stringify(init),
    });
    expect(fromPage.status).toBe(403);
    // DNS rebinding: a foreign name resolving to 127.0.0.1 arrives with its own Host header.
    const rebound = await new Promise<number>((resolve, reject) => {
      const u = new URL(gw.url!);
      const req = httpRequest(
        { host: '127.0.0.1', port: u.port, path: u.pathname, method: 'POST', headers: { ...headers, host: `evil.example:${u.port}`, authorization: `Bearer ${gw.token}` } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify(init));
    });
    expect(rebound).toBe(403);
  });

  it('fails closed without an admin token: an unregistered class waits for approval', async () => {
    const path = join(dir, 'unregistered');
    const call = gw.client.callTool({ name: 'create_directory', arguments: { path } });
    const req = await waitForHubRequest(hub.url, hub.approverToken, (r) => r.action.args.path === path);
    expect(req.status).toBe('pending');
    expect(req.reasons.map((x) => x.kind)).toContain('unknown_class');
    await decide(hub.url, hub.approverToken, req.id, 'approve');
    expect((await call).isError).toBeFalsy();
    expect(existsSync(path)).toBe(true);
  });
});
