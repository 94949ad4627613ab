// The OpenAI Agents SDK adapter against the real @openai/agents package and a real hub process. The model is a
// deterministic fake implementing the SDK's Model interface: it calls the tool once, then answers with what the tool
// (or the rejection) told it, so the test can see what the model saw.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Agent, RunState, Runner, Usage, tool, type AgentInputItem, type Model, type ModelRequest, type ModelResponse } from '@openai/agents';
import { createClient } from '../../src/sdk/index.js';
import { openAIAgentsApprovals, PausedRunError } from '../../src/sdk/adapters/openai-agents.js';
import type { GateOptions } from '../../src/sdk/adapters/hub-gate.js';
import { spawnHub, type HubProcess } from '../helpers/hub.js';
import { decide, hubRequests, waitForHubRequest } from '../gateway/helpers.js';

let hub: HubProcess;
beforeAll(async () => {
  hub = await spawnHub();
});
afterAll(() => hub?.stop());

/** Calls `refund` once per args (in one turn, call_refund_1..n); once results are in its input, says what it got. */
class ScriptedModel implements Model {
  readonly seen: AgentInputItem[][] = [];
  constructor(private readonly args: Array<Record<string, unknown>>) {}
  getResponse(request: ModelRequest): Promise<ModelResponse> {
    const input = typeof request.input === 'string' ? [{ role: 'user', content: request.input } as AgentInputItem] : request.input;
    this.seen.push(input);
    const results = input.filter((i) => (i as { type?: string }).type === 'function_call_result') as Array<{ output?: unknown }>;
    const text = results.map((r) => `tool said: ${JSON.stringify(r.output)}`).join('\n');
    const output: ModelResponse['output'] = results.length
      ? [{ type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text }] }]
      : this.args.map((a, i) => ({ type: 'function_call' as const, callId: `call_refund_${i + 1}`, name: 'refund', arguments: JSON.stringify(a), status: 'completed' as const }));
    return Promise.resolve({ usage: new Usage(), output });
  }
  getStreamedResponse(): AsyncIterable<never> {
    throw new Error('not used');
  }
}

function setup(runId: string, extra: Partial<GateOptions> & { proposals?: Array<Record<string, unknown>> } = {}) {
  const calls: Array<Record<string, unknown>> = [];
  const refund = tool({
    name: 'refund',
    description: 'Refund an order',
    parameters: z.object({ orderId: z.string(), amount: z.number() }),
    needsApproval: true,
    execute: (args) => {
      calls.push(args);
      return `refunded ${args.amount} on ${args.orderId}`;
    },
  });
  const model = new ScriptedModel(extra.proposals ?? [{ orderId: 'ORD-1', amount: 250 }]);
  const runner = new Runner({ tracingDisabled: true });
  const approvals = openAIAgentsApprovals(runner, {
    hub: createClient({ url: hub.url, token: hub.agentToken }),
    runId,
    actionClass: { refund: 'test.refund' },
    agent: { id: 'oa-test', name: 'OpenAI Agents test' },
    summary: () => `refund for ${runId}`,
    ...extra,
  });
  return { calls, refund, model, approvals };
}

/** The request a run submitted (each run's summary names it), once it is pending at the hub. */
const pendingFor = (runId: string) => waitForHubRequest(hub.url, hub.approverToken, (r) => r.summary === `refund for ${runId}` && r.status === 'pending');
const requestsOf = async (runId: string) => (await hubRequests(hub.url, hub.approverToken)).filter((r) => r.summary === `refund for ${runId}`);

describe('OpenAI Agents SDK adapter', () => {
  it('approved: the tool runs once with the proposed args, and the hub records it executed', async () => {
    const { calls, refund, model, approvals } = setup('oa-approve');
    const agent = new Agent({ name: 'support', instructions: 'help', model, tools: [refund] });
    const running = approvals.run(agent, 'refund ORD-1');
    const req = await pendingFor('oa-approve');
    expect(req).toMatchObject({ actionClass: 'test.refund', action: { name: 'refund', args: { orderId: 'ORD-1', amount: 250 } }, agent: { id: 'oa-test' } });
    expect((await decide(hub.url, hub.approverToken, req.id, 'approve')).status).toBe('accepted');
    const { result, approvals: records } = await running;
    expect(calls).toEqual([{ orderId: 'ORD-1', amount: 250 }]);
    expect(result.finalOutput).toContain('refunded 250 on ORD-1');
    expect(records).toMatchObject([{ requestId: req.id, applied: 'ran', edited: false, outcome: { status: 'executed' } }]);
    const [after] = await requestsOf('oa-approve');
    expect(after!.outcome).toMatchObject({ status: 'executed', detail: 'refunded 250 on ORD-1' });
  });

  it('onBehalfOf: the person the run acts for cannot approve its call; another approver can', async () => {
    const { calls, refund, model, approvals } = setup('oa-behalf', { onBehalfOf: (call) => (call.toolName === 'refund' ? 'approver-1' : undefined) });
    const agent = new Agent({ name: 'support', instructions: 'help', model, tools: [refund] });
    const running = approvals.run(agent, 'refund ORD-1');
    const req = await pendingFor('oa-behalf');
    expect(req.onBehalfOf).toBe('approver-1');
    expect(await decide(hub.url, hub.approverToken, req.id, 'approve')).toMatchObject({ status: 'rejected', reason: 'on_behalf_of' });
    expect(calls).toEqual([]);
    expect((await decide(hub.url, hub.approver2Token, req.id, 'approve')).status).toBe('accepted');
    const { records } = await running.then((r) => ({ records: r.approvals }));
    expect(calls).toEqual([{ orderId: 'ORD-1', amount: 250 }]);
    expect(records).toMatchObject([{ requestId: req.id, applied: 'ran', outcome: { status: 'executed' } }]);
  });

  it('rejected: the tool does not run and the model sees the approver feedback', async () => {
    const { calls, refund, model, approvals } = setup('oa-reject');
    const agent = new Agent({ name: 'support', instructions: 'help', model, tools: [refund] });
    const running = approvals.run(agent, 'refund ORD-1');
    const req = await pendingFor('oa-reject');
    await decide(hub.url, hub.approverToken, req.id, 'reject', { feedback: 'Order was already refunded last week' });
    const { result, approvals: records } = await running;
    expect(calls).toEqual([]);
    expect(result.finalOutput).toContain('Order was already refunded last week');
    expect(JSON.stringify(model.seen.at(-1))).toContain('Rejected by approver-1: Order was already refunded last week');
    expect(records).toMatchObject([{ applied: 'denied', status: 'rejected' }]);
    expect(records[0]!.outcome).toBeUndefined();
  });

  it('edited, editable tool: the tool runs with the edited args (through its own schema)', async () => {
    const { calls, refund, model, approvals } = setup('oa-edit');
    const agent = new Agent({ name: 'support', instructions: 'help', model, tools: [approvals.editable(refund)] });
    const running = approvals.run(agent, 'refund ORD-1');
    const req = await pendingFor('oa-edit');
    await decide(hub.url, hub.approverToken, req.id, 'approve_with_edits', { editedAction: { name: 'refund', args: { orderId: 'ORD-1', amount: 100 } }, feedback: 'half now' });
    const { result, approvals: records } = await running;
    expect(calls).toEqual([{ orderId: 'ORD-1', amount: 100 }]);
    expect(result.finalOutput).toContain('refunded 100 on ORD-1');
    expect(records).toMatchObject([{ applied: 'ran', edited: true, outcome: { status: 'executed', detail: 'refunded 100 on ORD-1' } }]);
  });

  it('edited, tool not wrapped: refused with a clear reason to the model and reported failed at the hub', async () => {
    const { calls, refund, model, approvals } = setup('oa-edit-refused');
    const agent = new Agent({ name: 'support', instructions: 'help', model, tools: [refund] });
    const running = approvals.run(agent, 'refund ORD-1');
    const req = await pendingFor('oa-edit-refused');
    await decide(hub.url, hub.approverToken, req.id, 'approve_with_edits', { editedAction: { name: 'refund', args: { orderId: 'ORD-1', amount: 100 } } });
    const { approvals: records } = await running;
    expect(calls).toEqual([]);
    expect(JSON.stringify(model.seen.at(-1))).toContain('could not be applied');
    expect(records).toMatchObject([{ applied: 'denied', outcome: { status: 'failed' } }]);
    const [after] = await requestsOf('oa-edit-refused');
    expect(after!.outcome?.status).toBe('failed');
    expect(after!.outcome?.detail).toMatch(/cannot change the arguments of a pending tool call/);
  });

  it('a retried run re-attaches to its request (no duplicate), and a call that already ran never runs again', async () => {
    const stop = new AbortController();
    const first = setup('oa-retry', { signal: stop.signal });
    const agent1 = new Agent({ name: 'support', instructions: 'help', model: first.model, tools: [first.refund] });
    const crashed = first.approvals.run(agent1, 'refund ORD-1');
    const req = await pendingFor('oa-retry');
    stop.abort(new Error('agent process stopped'));
    await expect(crashed).rejects.toThrow();

    // The agent comes back: same run id, a fresh process (new gate, new tool, new model), the run saved before the pause.
    const second = setup('oa-retry');
    const agent2 = new Agent({ name: 'support', instructions: 'help', model: second.model, tools: [second.refund] });
    const paused = await new Runner({ tracingDisabled: true }).run(agent2, 'refund ORD-1');
    const saved = paused.state.toString();
    const running = second.approvals.run(agent2, await RunState.fromString(agent2, saved));
    await decide(hub.url, hub.approverToken, req.id, 'approve');
    const { approvals: records } = await running;
    expect(records.map((r) => r.requestId)).toEqual([req.id]);
    expect(second.calls).toEqual([{ orderId: 'ORD-1', amount: 250 }]);
    expect((await requestsOf('oa-retry')).map((r) => r.id)).toEqual([req.id]);

    // Run again from the same saved state: the hub already has an outcome, so the tool is not run a second time.
    const third = setup('oa-retry');
    const agent3 = new Agent({ name: 'support', instructions: 'help', model: third.model, tools: [third.refund] });
    const again = await third.approvals.run(agent3, await RunState.fromString(agent3, saved));
    expect(third.calls).toEqual([]);
    expect(again.approvals).toMatchObject([{ requestId: req.id, applied: 'denied' }]);
    expect(again.result.finalOutput).toContain('already ran');
  });

  it('a submit the hub refuses pauses the run with a clear error and its state, which resumes once fixed', async () => {
    const bad = setup('oa-bad', { actionClass: () => '' });
    const agent = new Agent({ name: 'support', instructions: 'help', model: bad.model, tools: [bad.refund] });
    const err = (await bad.approvals.run(agent, 'refund ORD-1').catch((e: unknown) => e)) as PausedRunError<RunState<unknown, typeof agent>>;
    expect(err).toBeInstanceOf(PausedRunError);
    expect(err.message).toMatch(/actionClass/);
    expect(await requestsOf('oa-bad')).toEqual([]);

    const fixed = setup('oa-bad');
    const running = fixed.approvals.run(agent, err.resumeFrom);
    const req = await pendingFor('oa-bad');
    await decide(hub.url, hub.approverToken, req.id, 'approve');
    await running;
    expect(bad.calls).toEqual([{ orderId: 'ORD-1', amount: 250 }]); // the agent's own tool, from the saved state
  });

  it('two calls in one turn decided differently: the approved one runs, the rejected one does not, each reported', async () => {
    const two = setup('oa-two', {
      proposals: [
        { orderId: 'ORD-1', amount: 250 },
        { orderId: 'ORD-2', amount: 900 },
      ],
    });
    const agent = new Agent({ name: 'support', instructions: 'help', model: two.model, tools: [two.refund] });
    const running = two.approvals.run(agent, 'refund both');
    const first = await waitForHubRequest(hub.url, hub.approverToken, (r) => r.summary === 'refund for oa-two' && r.externalId === 'call_refund_1' && r.status === 'pending');
    const second = await waitForHubRequest(hub.url, hub.approverToken, (r) => r.summary === 'refund for oa-two' && r.externalId === 'call_refund_2' && r.status === 'pending');
    await decide(hub.url, hub.approverToken, second.id, 'reject', { feedback: 'ORD-2 is over the limit' });
    await decide(hub.url, hub.approverToken, first.id, 'approve');
    const { result, approvals: records } = await running;
    expect(two.calls).toEqual([{ orderId: 'ORD-1', amount: 250 }]);
    expect(result.finalOutput).toContain('refunded 250 on ORD-1');
    expect(result.finalOutput).toContain('ORD-2 is over the limit');
    expect(records).toMatchObject([
      { requestId: first.id, applied: 'ran', outcome: { status: 'executed' } },
      { requestId: second.id, applied: 'denied', status: 'rejected' },
    ]);
  });

  it('no decision within timeoutMs: the request is withdrawn and the call denied, saying so', async () => {
    const slow = setup('oa-timeout', { timeoutMs: 300 });
    const agent = new Agent({ name: 'support', instructions: 'help', model: slow.model, tools: [slow.refund] });
    const { result, approvals: records } = await slow.approvals.run(agent, 'refund ORD-1');
    expect(slow.calls).toEqual([]);
    expect(records).toMatchObject([{ status: 'withdrawn', applied: 'denied' }]);
    expect(result.finalOutput).toContain('withdrawn');
    expect((await requestsOf('oa-timeout')).map((r) => r.status)).toEqual(['withdrawn']);
  });

  it('a tool that throws (errorFunction: null) fails the resumed run, and the hub records the outcome failed', async () => {
    const { model, approvals } = setup('oa-throws');
    const broken = tool({
      name: 'refund',
      description: 'Refund an order',
      parameters: z.object({ orderId: z.string(), amount: z.number() }),
      needsApproval: true,
      errorFunction: null,
      execute: () => {
        throw new Error('card expired');
      },
    });
    const agent = new Agent({ name: 'support', instructions: 'help', model, tools: [broken] });
    const running = approvals.run(agent, 'refund ORD-1').catch((e: unknown) => e);
    const req = await pendingFor('oa-throws');
    await decide(hub.url, hub.approverToken, req.id, 'approve');
    expect(String(await running)).toContain('card expired');
    const [after] = await requestsOf('oa-throws');
    expect(after!.outcome?.status).toBe('failed');
    expect(after!.outcome?.detail).toContain('card expired');
  });
});
