// A demo support/ops agent: it proposes realistic actions in every lane through the SDK, waits for verdicts,
// acts on the (possibly edited) action and reports outcomes. The console's embedded mode runs it so a new user
// sees the whole loop in the first minute. It stops cleanly when `signal` aborts.
import type { ApprovalRequest } from '../../shared/domain.js';
import { createClient, type ApprovalInput } from '../../sdk/index.js';

export interface DemoAgentOptions {
  url: string;
  token: string;
  signal: AbortSignal;
  /** Time between proposals after the first burst (default 20 s). */
  intervalMs?: number;
  /** One line per thing the agent does (default: silent). */
  onEvent?: (line: string) => void;
}

export interface DemoAgentStats {
  submitted: number;
  executed: number;
  failed: number;
  notRun: number;
}

const CUSTOMERS = ['Ada Park', 'Jonas Weber', 'Mei Tanaka', 'Carlos Ruiz', 'Fatima Khan', 'Liam O’Brien'];

function letter(name: string, order: string): string {
  return [
    `Dear ${name},`,
    `Thank you for your patience while we looked into order ${order}. I am sorry the parcel arrived damaged; that is not the experience we want for you.`,
    'We have arranged a full replacement, shipped today by express courier at no cost to you. You will receive a tracking link by email within the next few hours. There is no need to return the damaged item; please recycle it if you can.',
    'As a thank-you for reporting this, we have also added a 15% voucher to your account, valid for the next 90 days on any order.',
    'If anything else is not right, simply reply to this email and it will come straight back to me.',
    'Kind regards,\nSam\nCustomer Care',
  ].join('\n\n');
}

/** The proposals, one per lane and risk shape; `n` varies amounts and names between rounds. */
function demoProposals(n: number): ApprovalInput[] {
  const who = CUSTOMERS[n % CUSTOMERS.length]!;
  const order = `ORD-${(48_210 + n * 7).toString()}`;
  const agent = { id: 'support-agent', name: 'Support agent (demo)', runUrl: null };
  return [
    {
      actionClass: 'refund.issue',
      action: { name: 'stripe.refunds.create', args: { orderId: order, amount: 24 + (n % 5) * 3, currency: 'EUR', reason: 'late delivery' } },
      summary: `Refund late-delivery fee to ${who}`,
      evidence: [{ title: 'Carrier scan', text: 'Delivered 3 days after promised date.' }],
      agent,
    },
    {
      actionClass: 'refund.issue',
      action: { name: 'stripe.refunds.create', args: { orderId: order, amount: 480 + (n % 4) * 35, currency: 'EUR', reason: 'damaged item' } },
      summary: `Full refund of a damaged espresso machine for ${who}`,
      evidence: [
        { title: 'Customer photo', url: 'https://example.com/photos/damage.jpg' },
        { title: 'Order history', text: '14 orders, no previous refunds.' },
      ],
      agent,
      expiresIn: 3600,
    },
    {
      actionClass: 'email.send',
      action: {
        name: 'gmail.send',
        args: { to: `${who.split(' ')[0]!.toLowerCase()}@example.com`, subject: `Your order ${order}: replacement on its way`, body: letter(who, order) },
      },
      summary: `Apology and replacement email to ${who}`,
      evidence: [{ title: 'Ticket', text: 'Customer reported a damaged parcel and asked for a replacement.' }],
      agent,
    },
    {
      actionClass: 'crm.update',
      action: { name: 'crm.contacts.update', args: { contactId: `C-${1000 + n}`, field: 'tier', from: 'standard', to: 'gold' } },
      summary: `Upgrade ${who} to the gold tier after the third complaint`,
      agent,
    },
    {
      actionClass: 'db.sql.production',
      action: { name: 'postgres.execute', args: { database: 'orders', sql: `UPDATE shipments SET status = 'lost' WHERE order_id = '${order}';` } },
      summary: `Mark the shipment of ${order} as lost so the carrier claim can start`,
      evidence: [{ title: 'Carrier reply', text: 'No scan for 12 days; carrier confirms the parcel is lost.' }],
      agent,
    },
    {
      actionClass: 'summary.draft',
      action: { name: 'notes.create', args: { ticket: `T-${9000 + n}`, text: `${who} reported a damaged item; replacement offered; voucher added.` } },
      summary: `Case summary for ticket T-${9000 + n}`,
      agent,
    },
    {
      actionClass: 'ticket.route',
      action: { name: 'helpdesk.route', args: { ticket: `T-${9100 + n}`, queue: 'billing' } },
      summary: 'Route a billing question to the billing queue',
      agent,
    },
    {
      actionClass: 'refund.issue',
      action: { name: 'stripe.refunds.create', args: { orderId: order, amount: 2900, currency: 'EUR', reason: 'chargeback threat' } },
      summary: `${who} threatens a chargeback and legal action: handing over to a human`,
      escalate: true,
      agent,
    },
  ];
}

export async function runDemoAgent(opts: DemoAgentOptions): Promise<DemoAgentStats> {
  const { signal } = opts;
  const say = opts.onEvent ?? (() => {});
  const client = createClient({ url: opts.url, token: opts.token, signal });
  const stats: DemoAgentStats = { submitted: 0, executed: 0, failed: 0, notRun: 0 };
  const inFlight = new Set<Promise<void>>();
  let round = 0;

  const handle = async (input: ApprovalInput): Promise<void> => {
    const h = await client.requestApproval(input);
    stats.submitted++;
    say(`submitted ${input.actionClass}: ${input.summary} -> ${h.request.control} (${h.status})`);
    const final: ApprovalRequest = await h.decision({ signal });
    if (final.status !== 'approved' && final.status !== 'released') {
      stats.notRun++;
      say(`not run: ${input.actionClass} ended ${final.status}${final.decision?.feedback ? ` (feedback: ${final.decision.feedback})` : ''}`);
      return;
    }
    const action = final.decision?.editedAction ?? final.action;
    // Occasionally the real world says no: every fifth action that runs fails, so insights have failures to show.
    const fails = (stats.executed + stats.failed) % 5 === 4;
    await h.reportOutcome(fails ? { status: 'failed', detail: `${action.name}: upstream timed out` } : { status: 'executed', detail: `${action.name} ok` });
    if (fails) stats.failed++;
    else stats.executed++;
    say(`${fails ? 'failed' : 'executed'}: ${action.name}${final.decision?.changed ? ' (as edited by ' + final.decision.decidedBy + ')' : ''}`);
  };

  const start = (input: ApprovalInput): void => {
    const p = handle(input)
      .catch((e: unknown) => {
        if (!signal.aborted) say(`error: ${(e as Error).message}`);
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  };

  // The first minute: one of each, so every lane has something in it.
  for (const p of demoProposals(round++)) start(p);
  const interval = opts.intervalMs ?? 20_000;
  let i = 0;
  while (!signal.aborted) {
    await sleep(interval, signal);
    if (signal.aborted) break;
    const set = demoProposals(round);
    start(set[i % set.length]!);
    if (++i % set.length === 0) round++;
  }
  await Promise.allSettled([...inFlight]);
  return stats;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
