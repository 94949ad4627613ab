// A support agent built with the Vercel AI SDK 6 whose refunds go through Countersign: `lookupOrder` runs freely,
// `issueRefund` has `needsApproval: true`, so generateText stops on a tool-approval-request; the adapter submits it
// to the hub, answers with the verdict (a tool-approval-response) and continues. docs/frameworks.md.
import { z } from 'zod';
import { generateText, stepCountIs, tool, type LanguageModel, type ModelMessage } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import { createClient } from '../../src/sdk/index.js';
import { generateTextWithApprovals, type GateRecord } from '../../src/sdk/adapters/vercel-ai.js';

export const ORDERS: Record<string, { customer: string; total: number }> = {
  'ORD-1': { customer: 'Ada', total: 35 },
  'ORD-2': { customer: 'Jonas', total: 640 },
};

type Prompt = Parameters<MockLanguageModelV3['doGenerate']>[0]['prompt'];
const usage = { inputTokens: { total: 0, noCache: 0, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 0, text: 0, reasoning: 0 } };

/**
 * Stands in for an LLM (a real one: any LanguageModel, e.g. `openai('gpt-4.1')` from @ai-sdk/openai): looks the
 * order up, proposes a full refund, then reports what the refund tool (or the approver) said. Deterministic, from
 * each call's own prompt.
 */
export function demoModel(): LanguageModel {
  return new MockLanguageModelV3({
    doGenerate: ({ prompt }) => {
      const results = prompt.flatMap((m) => (m.role === 'tool' ? m.content.filter((p) => p.type === 'tool-result') : []));
      const refund = results.find((r) => r.toolName === 'issueRefund');
      const lookup = results.find((r) => r.toolName === 'lookupOrder');
      const orderId = /ORD-\d+/.exec(JSON.stringify(firstUser(prompt)))?.[0] ?? 'ORD-1';
      const value = (o: { type: string; value?: unknown; reason?: string }) => (o.type === 'execution-denied' ? `not done: ${o.reason ?? ''}` : String(o.value));
      const call = (toolName: string, input: object) => [{ type: 'tool-call' as const, toolCallId: `call_${toolName}_${orderId}`, toolName, input: JSON.stringify(input) }];
      const content = refund
        ? [{ type: 'text' as const, text: `Refund for ${orderId}: ${value(refund.output)}` }]
        : lookup
          ? call('issueRefund', { orderId, amount: (JSON.parse(value(lookup.output)) as { total: number }).total, currency: 'EUR' })
          : call('lookupOrder', { orderId });
      return Promise.resolve({ content, finishReason: { unified: refund ? 'stop' : 'tool-calls', raw: undefined }, usage, warnings: [] });
    },
  });
}

function firstUser(prompt: Prompt): unknown {
  return prompt.find((m) => m.role === 'user');
}

export async function handleTicket(opts: {
  url: string;
  token: string;
  runId: string;
  ticket: string;
  model?: LanguageModel;
  waitMs?: number;
  refunds?: Array<{ orderId: string; amount: number }>;
}): Promise<{ answer: string; approvals: GateRecord[]; messages: ModelMessage[] }> {
  const tools = {
    lookupOrder: tool({
      description: 'Look an order up by id',
      inputSchema: z.object({ orderId: z.string() }),
      execute: ({ orderId }: { orderId: string }) => JSON.stringify(ORDERS[orderId] ?? { error: 'no such order' }),
    }),
    issueRefund: tool({
      description: 'Refund (part of) an order to the customer',
      inputSchema: z.object({ orderId: z.string(), amount: z.number().positive(), currency: z.string() }),
      needsApproval: true,
      execute: ({ orderId, amount, currency }: { orderId: string; amount: number; currency: string }) => {
        opts.refunds?.push({ orderId, amount });
        return `refunded ${amount} ${currency} on ${orderId} (refund id rf_${orderId.toLowerCase()})`;
      },
    }),
  };
  const { result, approvals, messages } = await generateTextWithApprovals(
    generateText,
    {
      model: opts.model ?? demoModel(),
      system: 'Help customers with damaged orders. Look the order up, then refund what is fair. Never refund more than the order total.',
      tools,
      stopWhen: stepCountIs(5),
      messages: [{ role: 'user', content: opts.ticket }],
    },
    {
      hub: createClient({ url: opts.url, token: opts.token }),
      runId: opts.runId,
      actionClass: { issueRefund: 'refund.issue' },
      agent: { id: 'vercel-ai-example', name: 'Support agent (Vercel AI SDK)' },
      summary: (c) => {
        const a = c.args as { orderId?: string; amount?: number; currency?: string };
        return `Refund ${a.amount ?? '?'} ${a.currency ?? ''} on ${a.orderId ?? '?'}`;
      },
      evidence: () => [{ title: 'Ticket', text: opts.ticket }],
      timeoutMs: opts.waitMs,
    },
  );
  return { answer: result.text, approvals, messages };
}
