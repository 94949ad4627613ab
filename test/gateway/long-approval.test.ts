// The issue's own case (#16 item 5): a human approves a gated call three minutes after it was made, three times the
// MCP SDK's default request timeout (60 s, what the Inspector CLI and most clients keep), and the result still
// reaches a client that called the tool as a task. Real time, not scaled down: it runs alongside the other files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { DEFAULT_REQUEST_TIMEOUT_MSEC } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { spawnHub, type HubProcess } from '../helpers/hub.js';
import { decide, EVERYTHING, expectNoUnhandledRejection, startGateway, textOf, waitForHubRequest, type RunningGateway } from './helpers.js';

const APPROVE_AFTER_MS = 3 * 60_000;

let hub: HubProcess;
let gw: RunningGateway;
beforeAll(async () => {
  hub = await spawnHub();
  gw = await startGateway(
    'stdio',
    { hub: { url: hub.url }, upstreams: [{ name: 'ev', command: process.execPath, args: [EVERYTHING, 'stdio'] }], tools: [{ match: 'ev/echo', mode: 'approve' }] },
    { agentToken: hub.agentToken },
  );
}, 60_000);
afterAll(async () => {
  if (gw) expectNoUnhandledRejection(gw.logFile);
  await gw?.close();
  await hub?.stop();
});

describe('an approval three minutes after the call', () => {
  it(
    'reaches a task-capable client whose requests time out after the SDK default of 60 s',
    async () => {
      expect(DEFAULT_REQUEST_TIMEOUT_MSEC).toBe(60_000);
      // The SDK calls a tool as a task only when the tool list it read says the tool supports tasks.
      const echo = (await gw.client.listTools()).tools.find((t) => t.name === 'echo');
      expect(echo?.execution?.taskSupport).toBe('optional');
      const message = `three-minutes-${Date.now()}`;
      const started = Date.now();
      const stream = gw.client.experimental.tasks.callToolStream({ name: 'echo', arguments: { message } }, CallToolResultSchema);
      const consumed = (async () => {
        for await (const m of stream) {
          if (m.type === 'error') throw m.error;
          if (m.type === 'result') return m.result;
        }
        throw new Error('no result');
      })();
      const req = await waitForHubRequest(hub.url, hub.approverToken, (r) => r.status === 'pending' && JSON.stringify(r.action.args).includes(message));
      await new Promise((r) => setTimeout(r, APPROVE_AFTER_MS - (Date.now() - started)));
      expect((await decide(hub.url, hub.approverToken, req.id, 'approve')).status).toBe('accepted');
      const result = await consumed;
      expect(Date.now() - started).toBeGreaterThan(APPROVE_AFTER_MS);
      expect(textOf(result)).toContain(message);
      expect(textOf(result)).toContain('[Countersign] Approved by approver-1');
    },
    APPROVE_AFTER_MS + 60_000,
  );
});
