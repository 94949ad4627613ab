// The surface under policy and per client, over stdio: a resources/read and a prompts/get a rule sends to the hub
// (rejected: an error with the feedback; approved: the upstream's answer), an upstream's sampling request refused for
// a client that did not declare sampling, and a client's roots reaching the real server-filesystem.
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ListRootsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { spawnHub, type HubProcess } from '../helpers/hub.js';
import { surfaceClassName } from '../../src/gateway/class-names.js';
import { getActionClasses } from '../../src/hub-client/index.js';
import { decide, EVERYTHING, expectNoUnhandledRejection, fsUpstream, startGateway, textOf, waitForHubRequest, waitForLogEntry, type RunningGateway } from './helpers.js';

/** server-everything's dynamic resources carry the time they were made: compared without it. */
function timeless(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v).replace(/\d{1,2}:\d{2}:\d{2}\s?[AP]M/g, 'TIME'));
}

const STATIC_CLASS = surfaceClassName('resources/read', 'ev', 'ev/demo://resource/static/**');
const DYNAMIC_CLASS = surfaceClassName('resources/read', 'ev', 'ev/demo://resource/dynamic/text/2');
const PROMPT_CLASS = surfaceClassName('prompts/get', 'ev', 'ev/args-prompt');

let hub: HubProcess;
beforeAll(async () => {
  hub = await spawnHub();
});
afterAll(async () => {
  await hub?.stop();
});

describe('resources/read and prompts/get under a rule, and client requests for a client without the capability', () => {
  let gw: RunningGateway;
  let direct: Client;
  beforeAll(async () => {
    gw = await startGateway(
      'stdio',
      {
        hub: { url: hub.url, adminToken: hub.adminToken },
        upstreams: [{ name: 'ev', command: process.execPath, args: [EVERYTHING, 'stdio'] }],
        tools: [{ match: 'ev/*', mode: 'pass' }],
        resources: [
          { match: 'ev/demo://resource/static/**', mode: 'approve' },
          // Another rule of the same upstream, in the review lane: its own class, not the approve rule's.
          { match: 'ev/demo://resource/dynamic/text/2', factors: ['outside_lane'], owner: 'docs-team' },
        ],
        prompts: [{ match: 'ev/args-prompt', mode: 'approve' }],
      },
      { agentToken: hub.agentToken },
    );
    direct = new Client({ name: 'direct', version: '1' });
    await direct.connect(new StdioClientTransport({ command: process.execPath, args: [EVERYTHING, 'stdio'], stderr: 'ignore' }));
  });
  afterAll(async () => {
    if (gw) expectNoUnhandledRejection(gw.logFile);
    await gw?.close();
    await direct?.close();
  });

  it('holds a read of a matched resource for approval: rejected it is an error with the feedback, approved it is the upstream answer', async () => {
    const uri = (await direct.listResources()).resources.find((r) => r.uri.startsWith('demo://resource/static/'))!.uri;
    const rejected = gw.client.readResource({ uri });
    const first = await waitForHubRequest(hub.url, hub.approverToken, (r) => r.status === 'pending' && r.action.name === 'resources/read' && r.action.args.uri === uri);
    expect(first.actionClass).toBe(STATIC_CLASS);
    await decide(hub.url, hub.approverToken, first.id, 'reject', { feedback: 'not this document' });
    await expect(rejected).rejects.toThrow(/Rejected by .* not this document/);

    const approved = gw.client.readResource({ uri });
    const second = await waitForHubRequest(hub.url, hub.approverToken, (r) => r.status === 'pending' && r.action.name === 'resources/read' && r.id !== first.id);
    await decide(hub.url, hub.approverToken, second.id, 'approve');
    expect(timeless(await approved)).toEqual(timeless(await direct.readResource({ uri })));
  });

  it("registers each rule's class with the hub like a tool's, so a review-lane rule's read runs at once and is on record", async () => {
    const classes = await getActionClasses({ url: hub.url, token: hub.adminToken });
    const byName = new Map(classes.map((c) => [c.name, c]));
    expect(byName.get(STATIC_CLASS)).toMatchObject({ override: 'approval' });
    expect(byName.get(DYNAMIC_CLASS)).toMatchObject({ factors: ['outside_lane'], override: null, owner: 'docs-team' });
    expect(byName.get(PROMPT_CLASS)).toMatchObject({ override: 'approval' });
    // Without a rule a read passes (trust annotations): no class for it.
    expect(byName.has('mcp-resource.ev')).toBe(false);

    // Registered in the review lane: released by the hub at once (unregistered, the unknown-class rule would hold it for approval).
    const uri = 'demo://resource/dynamic/text/2';
    expect(timeless(await gw.client.readResource({ uri }))).toEqual(timeless(await direct.readResource({ uri })));
    const req = await waitForHubRequest(hub.url, hub.approverToken, (r) => r.action.name === 'resources/read' && r.action.args.uri === uri);
    expect(req).toMatchObject({ actionClass: DYNAMIC_CLASS, control: 'review' });
  });

  it('passes a resource no rule matches and logs it locally', async () => {
    const uri = 'demo://resource/dynamic/text/1';
    expect(timeless(await gw.client.readResource({ uri }))).toEqual(timeless(await direct.readResource({ uri })));
    await waitForLogEntry(gw.logFile, (e) => e.event === 'pass' && e.method === 'resources/read' && String(e.key).includes('dynamic/text/1'));
  });

  it('holds a matched prompt for approval', async () => {
    const args = { name: 'args-prompt', arguments: { city: 'Oslo' } };
    const got = gw.client.getPrompt(args);
    const req = await waitForHubRequest(hub.url, hub.approverToken, (r) => r.status === 'pending' && r.action.name === 'prompts/get');
    expect(req.action.args).toEqual({ name: 'args-prompt', arguments: { city: 'Oslo' } });
    await decide(hub.url, hub.approverToken, req.id, 'approve');
    expect(await got).toEqual(await direct.getPrompt(args));
  });

  it("answers an upstream's sampling request with a clear error when the client did not declare sampling", async () => {
    const r = await gw.client.callTool({ name: 'trigger-sampling-request', arguments: { prompt: 'hi', maxTokens: 5 } });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toContain('does not support sampling/createMessage');
  });
});

describe("a client's roots reach server-filesystem through the gateway", () => {
  let configured: string;
  let rooted: string;
  let gw: RunningGateway;
  beforeAll(async () => {
    configured = realpathSync(mkdtempSync(join(tmpdir(), 'cs-gw-cfg-')));
    rooted = realpathSync(mkdtempSync(join(tmpdir(), 'cs-gw-root-')));
    const client = new Client({ name: 'rooted', version: '1' }, { capabilities: { roots: { listChanged: true } } });
    client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [{ uri: pathToFileURL(rooted).href, name: 'project' }] }));
    gw = await startGateway('stdio', { hub: { url: hub.url, adminToken: hub.adminToken }, upstreams: [fsUpstream(configured)] }, { agentToken: hub.agentToken, client });
  });
  afterAll(async () => {
    await gw?.close();
    rmSync(configured, { recursive: true, force: true });
    rmSync(rooted, { recursive: true, force: true });
  });

  it('server-filesystem works in the directory the client gave as a root', async () => {
    const end = Date.now() + 15_000;
    let text = '';
    while (Date.now() < end) {
      text = textOf(await gw.client.callTool({ name: 'list_allowed_directories', arguments: {} }));
      if (text.includes(rooted)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(text).toContain(rooted);
    expect(text).not.toContain(configured);
  });
});
