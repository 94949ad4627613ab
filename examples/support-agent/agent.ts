// A small support agent: for each ticket it proposes a refund or a reply, waits for a human where the hub
// says so, does what was approved (as edited), and reports what happened.
import { createClient, type ApprovalInput } from '../../src/sdk/index.js';

export interface Ticket {
  id: string;
  customer: string;
  email: string;
  problem: 'damaged' | 'late' | 'question';
  orderId: string;
  orderTotal: number;
}

/** What the agent would do about a ticket. Its "model" here is a few rules; a real agent would call an LLM. */
export function propose(t: Ticket): ApprovalInput {
  const agent = { id: 'example-support-agent', name: 'Example support agent' };
  if (t.problem === 'damaged') {
    return {
      actionClass: 'refund.issue',
      action: { name: 'payments.refund', args: { orderId: t.orderId, amount: t.orderTotal, currency: 'EUR' } },
      summary: `Refund ${t.orderTotal} EUR to ${t.customer}: item arrived damaged`,
      evidence: [{ title: `Ticket ${t.id}`, text: `${t.customer} sent photos of a damaged item.` }],
      agent,
    };
  }
  const body =
    t.problem === 'late'
      ? `Hi ${t.customer},\n\nSorry your order ${t.orderId} is late. It left our warehouse yesterday and should reach you within two days.\n\nBest,\nSupport`
      : `Hi ${t.customer},\n\nThanks for your question about order ${t.orderId}. Our returns window is 30 days from delivery.\n\nBest,\nSupport`;
  return {
    actionClass: 'email.send',
    action: { name: 'mail.send', args: { to: t.email, subject: `About your order ${t.orderId}`, body } },
    summary: `Reply to ${t.customer} about a ${t.problem} order`,
    agent,
  };
}

export async function handleTickets(opts: { url: string; token: string; tickets: Ticket[]; waitMs: number; log: (s: string) => void }): Promise<void> {
  const hub = createClient({ url: opts.url, token: opts.token });
  await Promise.all(
    opts.tickets.map(async (t) => {
      const handle = await hub.requestApproval(propose(t));
      opts.log(`[${t.id}] proposed ${handle.request.actionClass} -> ${handle.request.control}, ${handle.status} (request ${handle.id})`);
      const final = await handle.decision({ timeout: opts.waitMs }).catch((e: Error) => {
        opts.log(`[${t.id}] ${e.message}; withdrawing`);
        return handle.withdraw();
      });
      if (final.status !== 'approved' && final.status !== 'released') {
        opts.log(`[${t.id}] not done: ${final.status}${final.decision?.feedback ? ` - "${final.decision.feedback}"` : ''}`);
        return;
      }
      // Act on what the human approved, which may differ from what we proposed.
      const action = final.decision?.editedAction ?? final.action;
      opts.log(`[${t.id}] running ${action.name} ${JSON.stringify(action.args).slice(0, 120)}${final.decision?.changed ? ` (edited by ${final.decision.decidedBy})` : ''}`);
      await handle.reportOutcome({ status: 'executed', detail: `${action.name} done` });
    }),
  );
}
