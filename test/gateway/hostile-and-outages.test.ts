// Hostile arguments stay byte-exact from the model to the hub to the disk; oversized arguments, a cancelled wait,
// an escalation and a hub outage all end in a clear answer with nothing run.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnHub, type HubProcess } from '../helpers/hub.js';
import { decide, fsUpstream, startGateway, textOf, waitForHubRequest, type RunningGateway } from './helpers.js';

const MAX_ARGS = 100_000;
let hub: HubProcess;
let dir: string;
let gw: RunningGateway;

beforeAll(async () => {
  hub = await spawnHub({ args: ['--max-args-bytes', String(MAX_ARGS)] });
  dir = mkdtempSync(join(tmpdir(), 'cs-gw-hostile-'));
  writeFileSync(join(dir, 'keep.txt'), 'still readable');
  // retryGraceSeconds 1: a cancelled wait is withdrawn a second later (no retry of it comes).
  gw = await startGateway('stdio', { hub: { url: hub.url, adminToken: hub.adminToken }, upstreams: [fsUpstream(dir)], retryGraceSeconds: 1 }, { agentToken: hub.agentToken });
});
afterAll(async () => {
  await gw?.close();
  await hub?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function deep(n: number): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < n; i++) v = { d: v };
  return v;
}

describe('gateway with hostile input and outages', () => {
  it('keeps hostile arguments byte-exact on the hub and on disk', async () => {
    const path = join(dir, 'hostile.txt');
    const content = `<script>alert("x")</script>\u202Egnp.exe\u202C \u200B\u200D\uFEFF \u0000\u0007\u001b[31m red \r\n` + 'é𝔘'.repeat(5_000);
    const args = { path, content, extra: deep(100) };
    const call = gw.client.callTool({ name: 'write_file', arguments: args });
    const req = await waitForHubRequest(hub.url, hub.approverToken, (r) => r.action.args.path === path);
    expect(req.action.args).toEqual(args);
    expect(req.summary).toContain('\\u202e'); // the summary shows the bidi override escaped, never raw
    expect(req.summary).not.toContain('\u202E');
    await decide(hub.url, hub.approverToken, req.id, 'approve');
    const r = await call;
    expect(r.isError).toBeFalsy();
    expect(readFileSync(path, 'utf8')).toBe(content);
  });

  it('reports a failed outcome when the approved call fails upstream, and passes the upstream error on', async () => {
    const outside = join(tmpdir(), `cs-gw-outside-${process.pid}.txt`);
    const call = gw.client.callTool({ name: 'write_file', arguments: { path: outside, content: 'x' } });
    const req = await waitForHubRequest(hub.url, hub.approverToken, (r) => r.action.args.path === outside && r.status === 'pending');
    await decide(hub.url, hub.approverToken, req.id, 'approve');
    const r = await call;
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/Access denied|outside allowed/i);
    expect(existsSync(outside)).toBe(false);
    const after = await waitForHubRequest(hub.url, hub.approverToken, (x) => x.id === req.id && x.outcome !== null);
    expect(after.outcome?.status).toBe('failed');
    expect(after.outcome?.detail).toMatch(/Access denied|outside allowed/i);
  });

  it('refuses arguments over the hub limit with a clear error and runs nothing', async () => {
    const path = join(dir, 'huge.txt');
    const r = await gw.client.callTool({ name: 'write_file', arguments: { path, content: 'x'.repeat(MAX_ARGS + 1) } });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/could not submit write_file for approval, so it was not run: hub answered 413/);
    expect(existsSync(path)).toBe(false);
  });

  it('withdraws the hub request when the client cancels a waiting call', async () => {
    const path = join(dir, 'cancelled.txt');
    const ac = new AbortController();
    const call = gw.client.callTool({ name: 'write_file', arguments: { path, content: 'never' } }, undefined, { signal: ac.signal });
    const req = await waitForHubRequest(hub.url, hub.approverToken, (r) => r.action.args.path === path && r.status === 'pending');
    ac.abort();
    await expect(call).rejects.toThrow();
    const after = await waitForHubRequest(hub.url, hub.approverToken, (r) => r.id === req.id && r.status === 'withdrawn');
    expect(after.status).toBe('withdrawn');
    expect(existsSync(path)).toBe(false);
  });

  it('tells the model to stop when an approver escalates', async () => {
    const path = join(dir, 'escalated.txt');
    const call = gw.client.callTool({ name: 'write_file', arguments: { path, content: 'legal text' } });
    const req = await waitForHubRequest(hub.url, hub.approverToken, (r) => r.action.args.path === path && r.status === 'pending');
    await decide(hub.url, hub.approverToken, req.id, 'escalate', { feedback: 'Legal owns this one' });
    const r = await call;
    expect(r.isError).toBe(true);
    expect(textOf(r)).toContain('escalated to a human owner');
    expect(textOf(r)).toContain('Legal owns this one');
    expect(existsSync(path)).toBe(false);
  });

  it('fails closed while the hub is down, keeps read-only tools working, and recovers when it is back', async () => {
    await hub.kill();
    try {
      const read = await gw.client.callTool({ name: 'read_text_file', arguments: { path: join(dir, 'keep.txt') } });
      expect(textOf(read)).toBe('still readable');
      const path = join(dir, 'while-down.txt');
      const w = await gw.client.callTool({ name: 'write_file', arguments: { path, content: 'x' } });
      expect(w.isError).toBe(true);
      expect(textOf(w)).toContain('could not submit write_file for approval, so it was not run');
      expect(existsSync(path)).toBe(false);
    } finally {
      await hub.restart();
    }
    const path = join(dir, 'after.txt');
    const call = gw.client.callTool({ name: 'write_file', arguments: { path, content: 'back' } });
    const req = await waitForHubRequest(hub.url, hub.approverToken, (r) => r.action.args.path === path && r.status === 'pending');
    await decide(hub.url, hub.approverToken, req.id, 'approve');
    expect((await call).isError).toBeFalsy();
    expect(readFileSync(path, 'utf8')).toBe('back');
  });
});
