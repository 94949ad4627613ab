// A support agent built with the OpenAI Agents SDK whose refunds go through Countersign: `lookup_order` runs freely,
// `issue_refund` has `needsApproval: true`, so every refund the model proposes becomes a hub request; the hub's
// policy decides who must look (small refunds are released and reviewed later, large ones wait for an approver),
// and the run goes on with the verdict. docs/frameworks.md.
import { z } from 'zod';
import { Agent, Runner, Usage, tool, type AgentInputItem, type Model, type ModelRequest, type ModelResponse } from '@openai/agents';
import { createClient } from '../../src/sdk/index.js';
import { openAIAgentsApprovals, type GateRecord } from '../../src/sdk/adapters/openai-agents.js';

export const ORDERS: Record<string, { customer: string; total: number }> = {
  'ORD-1': { customer: 'Ada', total: 35 },
  'ORD-2': { customer: 'Jonas', total: 640 },
};

/**
 * Stands in for an LLM when there is no OPENAI_API_KEY: looks the order up, proposes a full refund, then reports
 * what the refund tool (or the approver) said. Deterministic, from each run's own input.
 */
export class DemoModel implements Model {
  getResponse(request: ModelRequest): Promise<ModelResponse> {
    const items = typeof request.input === 'string' ? [{ role: 'user', content: request.input } as AgentInputItem] : request.input;
    const results = items.filter((i): i is AgentInputItem & { name: string; output: unknown } => (i as { type?: string }).type === 'function_call_result');
    const refund = results.find((r) => r.name === 'issue_refund');
    const lookup = results.find((r) => r.name === 'lookup_order');
    const orderId = /ORD-\d+/.exec(JSON.stringify(items[0]))?.[0] ?? 'ORD-1';
    const say = (text: string): ModelResponse['output'] => [{ type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text }] }];
    const call = (name: string, args: object): ModelResponse['output'] => [
      { type: 'function_call', callId: `call_${name}_${orderId}`, name, arguments: JSON.stringify(args), status: 'completed' },
    ];
    const text = (out: unknown) => (typeof out === 'object' && out !== null && 'text' in out ? String(out.text) : JSON.stringify(out));
    const output = refund
      ? say(`Refund for ${orderId}: ${text(refund.output)}`)
      : lookup
        ? call('issue_refund', { orderId, amount: (JSON.parse(text(lookup.output)) as { total: number }).total, currency: 'EUR' })
        : call('lookup_order', { orderId });
    return Promise.resolve({ usage: new Usage(), output });
  }
  getStreamedResponse(): AsyncIterable<never> {
    throw new Error('the demo model does not stream');
  }
}

export interface RefundRun {
  url: string;
  token: string;
  /** A stable id per ticket: running the same ticket again re-attaches to its requests. */
  runId: string;
  ticket: string;
  /** A model name (needs OPENAI_API_KEY) or a Model; default the demo model. */
  model?: string | Model;
  waitMs?: number;
  /** What the refund tool really did (the demo keeps it in memory). */
  refunds?: Array<{ orderId: string; amount: number }>;
}

export async function handleTicket(opts: RefundRun): Promise<{ answer: string; approvals: GateRecord[] }> {
  const approvals = openAIAgentsApprovals(new Runner({ tracingDisabled: typeof opts.model !== 'string' }), {
    hub: createClient({ url: opts.url, token: opts.token }),
    runId: opts.runId,
    actionClass: { issue_refund: 'refund.issue' },
    agent: { id: 'openai-agents-example', name: 'Support agent (OpenAI Agents SDK)' },
    summary: (c) => {
      const a = c.args as { orderId?: string; amount?: number; currency?: string };
      return `Refund ${a.amount ?? '?'} ${a.currency ?? ''} on ${a.orderId ?? '?'}`;
    },
    evidence: () => [{ title: 'Ticket', text: opts.ticket }],
    timeoutMs: opts.waitMs,
  });
  const lookupOrder = tool({
    name: 'lookup_order',
    description: 'Look an order up by id',
    parameters: z.object({ orderId: z.string() }),
    execute: ({ orderId }) => JSON.stringify(ORDERS[orderId] ?? { error: 'no such order' }),
  });
  const issueRefund = approvals.editable(
    tool({
      name: 'issue_refund',
      description: 'Refund (part of) an order to the customer',
      parameters: z.object({ orderId: z.string(), amount: z.number().positive(), currency: z.string() }),
      needsApproval: true,
      execute: ({ orderId, amount, currency }) => {
        opts.refunds?.push({ orderId, amount });
        return `refunded ${amount} ${currency} on ${orderId} (refund id rf_${orderId.toLowerCase()})`;
      },
    }),
  );
  const agent = new Agent({
    name: 'Support agent',
    instructions: 'Help customers with damaged orders. Look the order up, then refund what is fair. Never refund more than the order total.',
    model: opts.model ?? new DemoModel(),
    tools: [lookupOrder, issueRefund],
  });
  const { result, approvals: records } = await approvals.run(agent, opts.ticket);
  return { answer: String(result.finalOutput ?? ''), approvals: records };
}
