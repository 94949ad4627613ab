// The two framework examples (examples/openai-agents, examples/vercel-ai) against a real hub with its default
// policy: a small refund is released by policy and runs without waiting (reported executed for the later review);
// a large one waits for an approver, who halves it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleTicket as openAIAgentsTicket } from '../../examples/openai-agents/agent.js';
import { handleTicket as vercelAITicket } from '../../examples/vercel-ai/agent.js';
import { spawnHub, type HubProcess } from '../helpers/hub.js';
import { decide, waitForHubRequest } from '../gateway/helpers.js';

let hub: HubProcess;
beforeAll(async () => {
  hub = await spawnHub();
});
afterAll(() => hub?.stop());

const halve = (id: string, name: string, args: Record<string, unknown>) =>
  decide(hub.url, hub.approverToken, id, 'approve_with_edits', { editedAction: { name, args: { ...args, amount: 320 } }, feedback: 'half now, half after the return' });

describe('framework examples', () => {
  it('OpenAI Agents: the small refund is released by policy, the large one runs as the approver edited it', async () => {
    const refunds: Array<{ orderId: string; amount: number }> = [];
    const small = await openAIAgentsTicket({ url: hub.url, token: hub.agentToken, runId: 'oa-T-1', ticket: 'ORD-1 arrived damaged', refunds });
    expect(small.approvals).toMatchObject([{ status: 'released', applied: 'ran', outcome: { status: 'executed' } }]);
    expect(small.answer).toContain('refunded 35 EUR on ORD-1');

    const large = openAIAgentsTicket({ url: hub.url, token: hub.agentToken, runId: 'oa-T-2', ticket: 'ORD-2 arrived damaged', refunds });
    const req = await waitForHubRequest(hub.url, hub.approverToken, (r) => r.agent.id === 'openai-agents-example' && r.status === 'pending');
    expect(req).toMatchObject({ actionClass: 'refund.issue', control: 'approval', summary: 'Refund 640 EUR on ORD-2' });
    await halve(req.id, req.action.name, req.action.args);
    const done = await large;
    expect(done.approvals).toMatchObject([{ status: 'approved', applied: 'ran', edited: true, outcome: { status: 'executed' } }]);
    expect(done.answer).toContain('refunded 320 EUR on ORD-2');
    expect(refunds).toEqual([
      { orderId: 'ORD-1', amount: 35 },
      { orderId: 'ORD-2', amount: 320 },
    ]);
  });

  it('Vercel AI: the small refund is released by policy, the large one edited is refused and not run', async () => {
    const refunds: Array<{ orderId: string; amount: number }> = [];
    const small = await vercelAITicket({ url: hub.url, token: hub.agentToken, runId: 'ai-T-1', ticket: 'ORD-1 arrived damaged', refunds });
    expect(small.approvals).toMatchObject([{ status: 'released', applied: 'ran', outcome: { status: 'executed' } }]);
    expect(small.answer).toContain('refunded 35 EUR on ORD-1');

    const large = vercelAITicket({ url: hub.url, token: hub.agentToken, runId: 'ai-T-2', ticket: 'ORD-2 arrived damaged', refunds });
    const req = await waitForHubRequest(hub.url, hub.approverToken, (r) => r.agent.id === 'vercel-ai-example' && r.status === 'pending');
    await halve(req.id, req.action.name, req.action.args);
    const done = await large;
    expect(done.approvals).toMatchObject([{ status: 'approved', applied: 'denied', outcome: { status: 'failed' } }]);
    expect(done.answer).toContain('could not be applied');
    expect(refunds).toEqual([{ orderId: 'ORD-1', amount: 35 }]);
  });
});
