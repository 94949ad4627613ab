// Long approvals through MCP Tasks, over stdio and Streamable HTTP: a gated call made as a task by the real SDK
// client answers at once with a task; the client polls with a request timeout far shorter than the human takes,
// and the approval still reaches it. tasks/cancel withdraws the hub request. A client without tasks, same timeout,
// loses the call (what docs/gateway.md says happens).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { spawnHub, type HubProcess } from '../helpers/hub.js';
import { decide, EVERYTHING, expectNoUnhandledRejection, hubRequests, startGateway, textOf, waitForHubRequest, type Mode, type RunningGateway } from './helpers.js';

const CLIENT_TIMEOUT_MS = 1_500;

let hub: HubProcess;
beforeAll(async () => {
  hub = await spawnHub();
});
afterAll(async () => {
  await hub?.stop();
});

describe.each<Mode>(['stdio', 'http'])('gated calls as MCP tasks over %s', (mode) => {
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await startGateway(
      mode,
      {
        hub: { url: hub.url, adminToken: hub.adminToken },
        upstreams: [{ name: 'ev', command: process.execPath, args: [EVERYTHING, 'stdio'] }],
        tools: [{ match: 'ev/echo', mode: 'approve' }],
        progressIntervalSeconds: 1,
        // A call whose client gave up is withdrawn a second later (no retry of it comes; see call-identity.test.ts).
        retryGraceSeconds: 1,
      },
      { agentToken: hub.agentToken },
    );
  });
  afterAll(async () => {
    if (gw) expectNoUnhandledRejection(gw.logFile);
    await gw?.close();
  });

  it('offers task execution on tools that may wait for a human', async () => {
    const { tools } = await gw.client.listTools();
    expect(tools.find((t) => t.name === 'echo')!.execution?.taskSupport).toBe('optional');
    expect(gw.client.getServerCapabilities()?.tasks?.requests?.tools?.call).toBeDefined();
  });

  it('delivers an approval given long after the client request timeout to a client that polls the task', async () => {
    const message = `task-${mode}-${Date.now()}`;
    const stream = gw.client.experimental.tasks.callToolStream({ name: 'echo', arguments: { message } }, CallToolResultSchema, { timeout: CLIENT_TIMEOUT_MS });
    const statuses: string[] = [];
    const consumed = (async () => {
      for await (const m of stream) {
        if (m.type === 'taskStatus') statuses.push(m.task.statusMessage ?? m.task.status);
        if (m.type === 'error') throw m.error;
        if (m.type === 'result') return m.result;
      }
      throw new Error('no result');
    })();
    const req = await waitForHubRequest(hub.url, hub.approverToken, (r) => r.status === 'pending' && JSON.stringify(r.action.args).includes(message));
    // Three client timeouts pass before the human decides.
    await new Promise((r) => setTimeout(r, CLIENT_TIMEOUT_MS * 3));
    expect((await decide(hub.url, hub.approverToken, req.id, 'approve')).status).toBe('accepted');
    const result = await consumed;
    expect(textOf(result)).toContain(message);
    expect(textOf(result)).toContain('[Countersign] Approved by');
    expect(statuses.some((s) => s.includes('Waiting') || s.includes('Still waiting'))).toBe(true);
  });

  it('withdraws the hub request when the client cancels the task', async () => {
    const message = `cancel-${mode}-${Date.now()}`;
    const stream = gw.client.experimental.tasks.callToolStream({ name: 'echo', arguments: { message } }, CallToolResultSchema, { timeout: CLIENT_TIMEOUT_MS });
    const first = await stream.next();
    expect(first.value?.type).toBe('taskCreated');
    const taskId = (first.value as { task: { taskId: string } }).task.taskId;
    const req = await waitForHubRequest(hub.url, hub.approverToken, (r) => r.status === 'pending' && JSON.stringify(r.action.args).includes(message));
    await gw.client.experimental.tasks.cancelTask(taskId);
    await waitForHubRequest(hub.url, hub.approverToken, (r) => r.id === req.id && r.status === 'withdrawn');
    await stream.return(undefined);
  });

  it('without tasks, the same client timeout loses the call and the request is withdrawn', async () => {
    const message = `plain-${mode}-${Date.now()}`;
    await expect(gw.client.callTool({ name: 'echo', arguments: { message } }, undefined, { timeout: CLIENT_TIMEOUT_MS })).rejects.toThrow(/timed out/i);
    const req = await waitForHubRequest(hub.url, hub.approverToken, (r) => JSON.stringify(r.action.args).includes(message));
    await waitForHubRequest(hub.url, hub.approverToken, (r) => r.id === req.id && r.status === 'withdrawn');
    expect((await hubRequests(hub.url, hub.approverToken)).filter((r) => JSON.stringify(r.action.args).includes(message))).toHaveLength(1);
  });
});
