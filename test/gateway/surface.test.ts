// The MCP surface beyond tools through the gateway, over stdio and Streamable HTTP: the real
// @modelcontextprotocol/server-everything behind the real gateway process, the real SDK client with sampling,
// elicitation and roots, compared with a direct connection to the same server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTaskStore } from '@modelcontextprotocol/sdk/experimental/tasks';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  EmptyResultSchema,
  ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
  ResourceUpdatedNotificationSchema,
  type ClientCapabilities,
  type LoggingMessageNotification,
} from '@modelcontextprotocol/sdk/types.js';
import { spawnHub, type HubProcess } from '../helpers/hub.js';
import { EVERYTHING, expectNoUnhandledRejection, startGateway, textOf, type Mode, type RunningGateway } from './helpers.js';

const CAPS: ClientCapabilities = { sampling: {}, elicitation: { form: {}, url: {} }, roots: { listChanged: true } };
/**
 * What the gateway declares to its upstreams (src/gateway/surface/upstream-client.ts): CAPS, also as tasks. The
 * direct client declares the same, so server-everything lists it the same tools; the gateway's own client has
 * CAPS only: the gateway runs the upstream's tasks itself.
 */
const DIRECT_CAPS: ClientCapabilities = { ...CAPS, tasks: { list: {}, cancel: {}, requests: { sampling: { createMessage: {} }, elicitation: { create: {} } } } };

/** A client like a capable host: it answers sampling, elicitation and roots, and records log messages. */
function capableClient(name: string, capabilities = CAPS): { client: Client; logs: LoggingMessageNotification['params'][]; updates: string[] } {
  const client = new Client({ name, version: '1.0.0' }, { capabilities, ...(capabilities.tasks ? { taskStore: new InMemoryTaskStore() } : {}) });
  const logs: LoggingMessageNotification['params'][] = [];
  const updates: string[] = [];
  client.setRequestHandler(CreateMessageRequestSchema, async () => ({ role: 'assistant', content: { type: 'text', text: 'sampled by the test client' }, model: 'test-model' }));
  client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'decline' }));
  client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [{ uri: 'file:///tmp', name: 'tmp' }] }));
  client.setNotificationHandler(LoggingMessageNotificationSchema, async (n) => void logs.push(n.params));
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, async (n) => void updates.push(n.params.uri));
  return { client, logs, updates };
}

async function until<T>(what: string, f: () => T | undefined, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** server-everything's dynamic resources carry the time they were made: compared without it. */
function timeless(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v).replace(/\d{1,2}:\d{2}:\d{2}\s?[AP]M/g, 'TIME'));
}

let hub: HubProcess;
let direct: Client;
beforeAll(async () => {
  hub = await spawnHub();
  direct = capableClient('direct', DIRECT_CAPS).client;
  await direct.connect(new StdioClientTransport({ command: process.execPath, args: [EVERYTHING, 'stdio'], stderr: 'ignore' }));
});
afterAll(async () => {
  await direct?.close();
  await hub?.stop();
});

describe.each<Mode>(['stdio', 'http'])('the MCP surface through the gateway over %s (server-everything)', (mode) => {
  let gw: RunningGateway;
  let via: ReturnType<typeof capableClient>;

  beforeAll(async () => {
    via = capableClient(`surface-${mode}`);
    gw = await startGateway(
      mode,
      {
        hub: { url: hub.url, adminToken: hub.adminToken },
        upstreams: [{ name: 'ev', command: process.execPath, args: [EVERYTHING, 'stdio'] }],
        // Everything passes here but echo; policy on tools is covered elsewhere.
        tools: [
          { match: 'ev/echo', mode: 'approve' },
          { match: 'ev/*', mode: 'pass' },
        ],
        progressIntervalSeconds: 1,
        // server-everything can take longer than the default 2 s to start on a loaded machine; its instructions are under test.
        instructionsWaitSeconds: 30,
      },
      { agentToken: hub.agentToken, client: via.client },
    );
  });
  afterAll(async () => {
    if (gw) expectNoUnhandledRejection(gw.logFile);
    await gw?.close();
  });

  it('lists the same tools as a direct connection by a client with the same capabilities, capability-gated ones included', async () => {
    const mine = (await gw.client.listTools()).tools.map((t) => t.name).sort();
    const theirs = (await direct.listTools()).tools.map((t) => t.name).sort();
    expect(mine).toEqual(theirs);
    expect(mine).toContain('trigger-sampling-request');
    expect(mine).toContain('get-roots-list');
    expect(mine).toContain('simulate-research-query');
    // Listed only to a client that runs sampling and elicitation as tasks: the gateway does, for any client.
    expect(mine).toContain('trigger-sampling-request-async');
    expect(mine).toContain('trigger-elicitation-request-async');
  });

  it('merges the upstream instructions into its own', () => {
    const own = gw.client.getInstructions() ?? '';
    expect(own).toContain('Countersign');
    expect(own).toContain('Instructions from the upstream MCP server "ev"');
    expect(own).toContain(direct.getInstructions()!.slice(0, 200));
  });

  it('lists resources, templates and prompts as the server does, and reads and gets them with the same answers', async () => {
    expect((await gw.client.listResources()).resources).toEqual((await direct.listResources()).resources);
    expect((await gw.client.listResourceTemplates()).resourceTemplates).toEqual((await direct.listResourceTemplates()).resourceTemplates);
    expect((await gw.client.listPrompts()).prompts).toEqual((await direct.listPrompts()).prompts);
    const uri = (await direct.listResources()).resources[0]!.uri;
    expect(timeless(await gw.client.readResource({ uri }))).toEqual(timeless(await direct.readResource({ uri })));
    const args = { name: 'args-prompt', arguments: { city: 'Lyon', state: 'Rhône' } };
    expect(await gw.client.getPrompt(args)).toEqual(await direct.getPrompt(args));
    const complete = { ref: { type: 'ref/prompt' as const, name: 'completable-prompt' }, argument: { name: 'department', value: 'E' } };
    const completed = await gw.client.complete(complete);
    expect(completed).toEqual(await direct.complete(complete));
    expect(completed.completion.values.length).toBeGreaterThan(0);
  });

  it('reads a resource_link a tool returned', async () => {
    const r = await gw.client.callTool({ name: 'get-resource-links', arguments: { count: 2 } });
    const link = (r.content as Array<{ type: string; uri?: string }>).find((c) => c.type === 'resource_link');
    expect(link?.uri).toBeTruthy();
    const read = await gw.client.readResource({ uri: link!.uri! });
    expect(timeless(read)).toEqual(timeless(await direct.readResource({ uri: link!.uri! })));
  });

  it('forwards a sampling request of the upstream to the client that made the call', async () => {
    const r = await gw.client.callTool({ name: 'trigger-sampling-request', arguments: { prompt: 'hello', maxTokens: 10 } });
    expect(r.isError).toBeFalsy();
    expect(textOf(r)).toContain('sampled by the test client');
  });

  it('passes the upstream progress with its total', async () => {
    const seen: Array<{ progress: number; total?: number }> = [];
    const r = await gw.client.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 1, steps: 4 } }, undefined, { onprogress: (p) => void seen.push(p) });
    expect(r.isError).toBeFalsy();
    // The SDK client drops a progress notification that lands in the same read as the answer (its notification
    // handlers run a microtask after the answer removed the token), on a direct connection too: the last may be lost.
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.map((p) => p.total)).toEqual(seen.map(() => 4));
    expect(seen.map((p) => p.progress)).toEqual([1, 2, 3, 4].slice(0, seen.length));
  });

  it('forwards logging/setLevel and the upstream log messages, and resources/updated to a subscriber', async () => {
    await gw.client.setLoggingLevel('debug');
    await gw.client.callTool({ name: 'toggle-simulated-logging', arguments: {} });
    await until('a log message from the upstream', () => via.logs.length > 0);
    await gw.client.callTool({ name: 'toggle-simulated-logging', arguments: {} });
    const uri = (await gw.client.listResources()).resources[0]!.uri;
    await gw.client.subscribeResource({ uri });
    await gw.client.callTool({ name: 'toggle-subscriber-updates', arguments: {} });
    await until('resources/updated', () => via.updates.includes(uri));
    await gw.client.callTool({ name: 'toggle-subscriber-updates', arguments: {} });
    await gw.client.unsubscribeResource({ uri });
  });

  it('runs a task-only upstream tool for a task-capable client', async () => {
    const stream = gw.client.experimental.tasks.callToolStream({ name: 'simulate-research-query', arguments: { topic: 'gateways' } });
    let result: unknown;
    for await (const m of stream) {
      if (m.type === 'error') throw m.error;
      if (m.type === 'result') result = m.result;
    }
    expect(textOf(result)).toContain('gateways');
  });

  it("runs the upstream's sampling and elicitation tasks itself, asking a client without task support with a plain request", async () => {
    const sampled = await gw.client.callTool({ name: 'trigger-sampling-request-async', arguments: { prompt: 'hello', maxTokens: 10 } });
    // [COMPLETED] after polling the gateway's task ([SYNC] would mean the gateway ignored the task and answered at once).
    expect(textOf(sampled)).toContain('[COMPLETED]');
    expect(textOf(sampled)).toContain('sampled by the test client');
    const elicited = await gw.client.callTool({ name: 'trigger-elicitation-request-async', arguments: {} });
    expect(textOf(elicited)).toContain('[DECLINED]'); // the test client declines every elicitation
    expect(textOf(elicited)).not.toContain('[SYNC]');
  });

  it('refuses what it does not forward with a message that says so', async () => {
    await expect(gw.client.request({ method: 'nothing/here', params: {} }, EmptyResultSchema)).rejects.toThrow(/does not forward nothing\/here/);
  });
});
