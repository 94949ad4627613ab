// Per-upstream trust (#16 item 2) end to end: an upstream's read-only claim decides nothing under `no-pass` (the call
// is on record at the hub, in review) or `approve-all` (it waits for a human), while the default `annotations` lets
// it pass. Real gateway process, real MCP SDK client, the hostile fixture listing a read-only tool, the real hub.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnHub, type HubProcess } from '../helpers/hub.js';
import { callsRan, decide, fileToolsUpstream, hubRequests, startGateway, waitForHubRequest, type RunningGateway } from './helpers.js';

let hub: HubProcess;
let dir: string;
let gw: RunningGateway;
const files: Record<string, string> = {};
beforeAll(async () => {
  hub = await spawnHub();
  dir = mkdtempSync(join(tmpdir(), 'cs-gw-upstream-trust-'));
  const upstreams = (['annotations', 'no-pass', 'approve-all'] as const).map((trust) => {
    const f = join(dir, `${trust}.json`);
    writeFileSync(f, JSON.stringify([{ name: `peek_${trust.replace('-', '_')}`, inputSchema: { type: 'object' }, annotations: { readOnlyHint: true, openWorldHint: false } }]));
    files[trust] = f;
    return { ...fileToolsUpstream(trust.replace('-', '_'), f), trust };
  });
  gw = await startGateway('stdio', { hub: { url: hub.url, adminToken: hub.adminToken }, upstreams }, { agentToken: hub.agentToken });
}, 60_000);
afterAll(async () => {
  await gw?.close();
  await hub?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const onHub = async (tool: string) => (await hubRequests(hub.url, hub.approverToken)).filter((r) => r.action.name === tool);

describe("an upstream's trust", () => {
  it('annotations (the default): a read-only tool runs at once and the hub never hears of it', async () => {
    expect((await gw.client.callTool({ name: 'peek_annotations', arguments: {} })).isError).toBeFalsy();
    expect(callsRan(files.annotations!)).toHaveLength(1);
    expect(await onHub('peek_annotations')).toEqual([]);
  });

  it('no-pass: the read-only tool still runs at once, but is on record at the hub in the review lane', async () => {
    expect((await gw.client.callTool({ name: 'peek_no_pass', arguments: {} })).isError).toBeFalsy();
    expect(callsRan(files['no-pass']!)).toHaveLength(1);
    const [r] = await onHub('peek_no_pass');
    expect(r).toMatchObject({ status: 'released', control: 'review', outcome: { status: 'executed' } });
  });

  it('approve-all: the read-only tool waits for a human and runs only once approved', async () => {
    const call = gw.client.callTool({ name: 'peek_approve_all', arguments: { n: 1 } }, undefined, { timeout: 60_000 });
    const req = await waitForHubRequest(hub.url, hub.approverToken, (r) => r.action.name === 'peek_approve_all' && r.status === 'pending');
    expect(callsRan(files['approve-all']!)).toEqual([]);
    await decide(hub.url, hub.approverToken, req.id, 'approve');
    expect((await call).isError).toBeFalsy();
    expect(callsRan(files['approve-all']!)).toHaveLength(1);
  });
});
