// The Vercel AI SDK 6 adapter against the real `ai` package (generateText, a `needsApproval` tool) and a real hub
// process. The model is MockLanguageModelV3 from ai/test with a deterministic script: it calls the tool once, then
// answers with what the tool result (or the denial) told it, so the test can see what the model saw.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { generateText, tool, type ModelMessage } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import { createClient } from '../../src/sdk/index.js';
import { generateTextWithApprovals, PausedRunError } from '../../src/sdk/adapters/vercel-ai.js';
import type { GateOptions } from '../../src/sdk/adapters/hub-gate.js';
import { spawnHub, type HubProcess } from '../helpers/hub.js';
import { decide, hubRequests, waitForHubRequest } from '../gateway/helpers.js';

let hub: HubProcess;
beforeAll(async () => {
  hub = await spawnHub();
});
afterAll(() => hub?.stop());

type CallOptions = Parameters<MockLanguageModelV3['doGenerate']>[0];
type GenerateResult = Awaited<ReturnType<MockLanguageModelV3['doGenerate']>>;

const usage = { inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 1, text: 1, reasoning: 0 } };

/** Calls `refund` once per args (in one step, call_refund_1..n); once tool results are in its prompt, answers with them as text. */
function scriptedModel(args: Array<Record<string, unknown>>) {
  const seen: string[] = [];
  const model = new MockLanguageModelV3({
    doGenerate: (options: CallOptions): Promise<GenerateResult> => {
      seen.push(JSON.stringify(options.prompt));
      const results = options.prompt.flatMap((m) => (m.role === 'tool' ? m.content.filter((p) => p.type === 'tool-result') : []));
      const content: GenerateResult['content'] = results.length
        ? [{ type: 'text', text: results.map((r) => `tool said: ${JSON.stringify(r.output)}`).join('\n') }]
        : args.map((a, i) => ({ type: 'tool-call' as const, toolCallId: `call_refund_${i + 1}`, toolName: 'refund', input: JSON.stringify(a) }));
      return Promise.resolve({ content, finishReason: { unified: results.length ? 'stop' : 'tool-calls', raw: undefined }, usage, warnings: [] });
    },
  });
  return { model, seen };
}

function setup(runId: string, opts: { fail?: boolean; proposals?: Array<Record<string, unknown>> } & Partial<GateOptions> = {}) {
  const calls: Array<Record<string, unknown>> = [];
  const refund = tool({
    description: 'Refund an order',
    inputSchema: z.object({ orderId: z.string(), amount: z.number() }),
    needsApproval: true,
    execute: (args: { orderId: string; amount: number }) => {
      calls.push(args);
      if (opts.fail) throw new Error('card expired');
      return `refunded ${args.amount} on ${args.orderId}`;
    },
  });
  const { model, seen } = scriptedModel(opts.proposals ?? [{ orderId: 'ORD-1', amount: 250 }]);
  const gate: GateOptions = {
    hub: createClient({ url: hub.url, token: hub.agentToken }),
    runId,
    actionClass: { refund: 'test.refund' },
    agent: { id: 'ai-test', name: 'AI SDK test' },
    summary: () => `refund for ${runId}`,
    ...opts,
  };
  const messages: ModelMessage[] = [{ role: 'user', content: 'refund ORD-1' }];
  const go = (m = messages) => generateTextWithApprovals(generateText, { model, tools: { refund }, messages: m }, gate);
  return { calls, seen, go, model, refund };
}

const pendingFor = (runId: string) => waitForHubRequest(hub.url, hub.approverToken, (r) => r.summary === `refund for ${runId}` && r.status === 'pending');
const requestsOf = async (runId: string) => (await hubRequests(hub.url, hub.approverToken)).filter((r) => r.summary === `refund for ${runId}`);

describe('Vercel AI SDK adapter', () => {
  it('approved: the tool runs once with the proposed args, and the hub records it executed', async () => {
    const { calls, go } = setup('ai-approve');
    const running = go();
    const req = await pendingFor('ai-approve');
    expect(req).toMatchObject({ actionClass: 'test.refund', action: { name: 'refund', args: { orderId: 'ORD-1', amount: 250 } }, externalId: 'call_refund_1' });
    await decide(hub.url, hub.approverToken, req.id, 'approve');
    const { result, approvals, messages } = await running;
    expect(calls).toEqual([{ orderId: 'ORD-1', amount: 250 }]);
    expect(result.text).toContain('refunded 250 on ORD-1');
    expect(approvals).toMatchObject([{ requestId: req.id, applied: 'ran', outcome: { status: 'executed', detail: 'refunded 250 on ORD-1' } }]);
    expect(JSON.stringify(messages)).toContain('"type":"tool-approval-response"');
    const [after] = await requestsOf('ai-approve');
    expect(after!.outcome).toMatchObject({ status: 'executed', detail: 'refunded 250 on ORD-1' });
  });

  it('rejected: the tool does not run and the model sees the approver feedback as the denial reason', async () => {
    const { calls, seen, go } = setup('ai-reject');
    const running = go();
    const req = await pendingFor('ai-reject');
    await decide(hub.url, hub.approverToken, req.id, 'reject', { feedback: 'Order was already refunded last week' });
    const { result, approvals } = await running;
    expect(calls).toEqual([]);
    expect(seen.at(-1)).toContain('execution-denied');
    expect(seen.at(-1)).toContain('Rejected by approver-1: Order was already refunded last week');
    expect(result.text).toContain('Order was already refunded last week');
    expect(approvals).toMatchObject([{ applied: 'denied', status: 'rejected' }]);
  });

  it('edited: refused with the reason (the SDK binds an approval to the call input), reported failed at the hub', async () => {
    const { calls, seen, go } = setup('ai-edit');
    const running = go();
    const req = await pendingFor('ai-edit');
    await decide(hub.url, hub.approverToken, req.id, 'approve_with_edits', { editedAction: { name: 'refund', args: { orderId: 'ORD-1', amount: 100 } }, feedback: 'half now' });
    const { approvals } = await running;
    expect(calls).toEqual([]);
    expect(seen.at(-1)).toContain('could not be applied');
    expect(seen.at(-1)).toContain('\\"amount\\":100');
    expect(approvals).toMatchObject([{ applied: 'denied', outcome: { status: 'failed' } }]);
    const [after] = await requestsOf('ai-edit');
    expect(after!.outcome?.status).toBe('failed');
    expect(after!.outcome?.detail).toMatch(/approval cannot carry other arguments/);
  });

  it('a tool that throws after approval is reported failed with its error', async () => {
    const { calls, go } = setup('ai-fail', { fail: true });
    const running = go();
    const req = await pendingFor('ai-fail');
    await decide(hub.url, hub.approverToken, req.id, 'approve');
    const { approvals } = await running;
    expect(calls).toHaveLength(1);
    expect(approvals).toMatchObject([{ outcome: { status: 'failed' } }]);
    const [after] = await requestsOf('ai-fail');
    expect(after!.outcome).toMatchObject({ status: 'failed' });
    expect(after!.outcome!.detail).toContain('card expired');
  });

  it('a retried run re-attaches to its request (no duplicate), and a call that already ran never runs again', async () => {
    const stop = new AbortController();
    const first = setup('ai-retry', { signal: stop.signal });
    const crashed = first.go();
    const req = await pendingFor('ai-retry');
    stop.abort(new Error('agent process stopped'));
    await expect(crashed).rejects.toThrow();

    // The agent comes back with the conversation it saved (the model's tool call and its approval request).
    const paused = await generateText({ model: first.model, tools: { refund: first.refund }, messages: [{ role: 'user', content: 'refund ORD-1' }] });
    const saved: ModelMessage[] = [{ role: 'user', content: 'refund ORD-1' }, ...paused.response.messages];
    const second = setup('ai-retry');
    const running = second.go(saved);
    await decide(hub.url, hub.approverToken, req.id, 'approve');
    const { approvals } = await running;
    expect(approvals.map((a) => a.requestId)).toEqual([req.id]);
    expect(second.calls).toHaveLength(1);
    expect((await requestsOf('ai-retry')).map((r) => r.id)).toEqual([req.id]);

    const third = setup('ai-retry');
    const again = await third.go(saved);
    expect(third.calls).toEqual([]);
    expect(again.approvals).toMatchObject([{ requestId: req.id, applied: 'denied' }]);
    expect(again.result.text).toContain('already ran');
  });

  it('a submit the hub refuses pauses the run with a clear error and its messages, which resume once fixed', async () => {
    const bad = setup('ai-bad', { actionClass: () => '' });
    const err = (await bad.go().catch((e: unknown) => e)) as PausedRunError<ModelMessage[]>;
    expect(err).toBeInstanceOf(PausedRunError);
    expect(err.message).toMatch(/actionClass/);
    expect(await requestsOf('ai-bad')).toEqual([]);

    const fixed = setup('ai-bad');
    const running = fixed.go(err.resumeFrom);
    const req = await pendingFor('ai-bad');
    await decide(hub.url, hub.approverToken, req.id, 'approve');
    const { result } = await running;
    expect(fixed.calls).toEqual([{ orderId: 'ORD-1', amount: 250 }]);
    expect(fixed.seen).toHaveLength(1); // the saved approval request was answered without asking the model again
    expect(result.text).toContain('refunded 250');
  });

  it('two calls in one step decided differently: one tool message answers both, only the approved one runs', async () => {
    const two = setup('ai-two', {
      proposals: [
        { orderId: 'ORD-1', amount: 250 },
        { orderId: 'ORD-2', amount: 900 },
      ],
    });
    const running = two.go();
    const first = await waitForHubRequest(hub.url, hub.approverToken, (r) => r.summary === 'refund for ai-two' && r.externalId === 'call_refund_1' && r.status === 'pending');
    const second = await waitForHubRequest(hub.url, hub.approverToken, (r) => r.summary === 'refund for ai-two' && r.externalId === 'call_refund_2' && r.status === 'pending');
    await decide(hub.url, hub.approverToken, second.id, 'reject', { feedback: 'ORD-2 is over the limit' });
    await decide(hub.url, hub.approverToken, first.id, 'approve');
    const { result, approvals, messages } = await running;
    expect(two.calls).toEqual([{ orderId: 'ORD-1', amount: 250 }]);
    expect(result.text).toContain('refunded 250 on ORD-1');
    expect(result.text).toContain('ORD-2 is over the limit');
    const answers = messages.filter((m) => m.role === 'tool' && JSON.stringify(m.content).includes('tool-approval-response'));
    expect(answers).toHaveLength(1);
    expect(approvals).toMatchObject([
      { requestId: first.id, applied: 'ran', outcome: { status: 'executed' } },
      { requestId: second.id, applied: 'denied', status: 'rejected' },
    ]);
  });
});
