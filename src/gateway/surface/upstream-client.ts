// What the gateway is, as a client, to each upstream: the capabilities it declares and how it calls a task-only tool.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { CallToolResultSchema, type CallToolResult, type ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';

/**
 * The gateway shares one connection per upstream between all its clients, and a server reads the client's capabilities
 * once, at initialize (server-everything lists its sampling, elicitation and roots tools only then). So the gateway
 * declares every server-to-client feature it can forward, also as tasks; a request then goes to the client whose call it belongs to,
 * or fails with a clear error when that client did not declare the feature (src/gateway/surface/client-requests.ts).
 */
export const UPSTREAM_CLIENT_CAPABILITIES: ClientCapabilities = {
  sampling: {},
  elicitation: { form: {}, url: {} },
  roots: { listChanged: true },
  // Sampling and elicitation as tasks: the gateway holds the task and asks its client with a plain request, so the
  // upstream's task-only tools (server-everything's *-async) work for any client that has the feature itself.
  tasks: { list: {}, cancel: {}, requests: { sampling: { createMessage: {} }, elicitation: { create: {} } } },
};

/** How long an upstream keeps a task's result for us; we collect it at once, so this only bounds a lost poll. */
const UPSTREAM_TASK_TTL_MS = 10 * 60_000;

/** Runs a tool the upstream only executes as a task (`execution.taskSupport: "required"`): create, poll, fetch the result. */
export async function callAsTask(client: Client, name: string, args: Record<string, unknown>, options: RequestOptions): Promise<CallToolResult> {
  const stream = client.experimental.tasks.requestStream({ method: 'tools/call', params: { name, arguments: args } }, CallToolResultSchema, {
    ...options,
    task: { ttl: UPSTREAM_TASK_TTL_MS },
  });
  for await (const m of stream) {
    if (m.type === 'result') return m.result;
    if (m.type === 'error') throw m.error;
  }
  throw new Error(`upstream task for ${name} ended without a result`);
}
