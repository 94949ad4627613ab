// DEV/BENCH TOOL: writes N synthetic, realistic items straight into the store under a "synthetic" source
// that the sync engine never contacts. Used by `npm run web -- --seed-items N` for benchmarks and E2E at scale.
// Deterministic ids (seed-0..N-1), so seeding twice updates rather than duplicates.
import { noDecisionRights, type ApprovalRequest, type RiskFactor } from '../shared/domain.js';
import type { PulledItem } from './sources/source.js';
import { HUB_VERDICTS } from '../shared/protocol.js';
import type { Store } from './store/store.js';

const SYNTHETIC_SOURCE_ID = 'synthetic';

const CUSTOMERS = [
  'Ada Lovelace',
  'Grace Hopper',
  'Alan Turing',
  'Katherine Johnson',
  'Linus Pauling',
  'Marie Curie',
  'Tim Berners-Lee',
  'Hedy Lamarr',
  'Claude Shannon',
  'Barbara Liskov',
];
const AGENTS = ['support-bot', 'billing-agent', 'crm-sync', 'ops-runner', 'digest-writer'];
const TOPICS = ['late delivery', 'double charge', 'damaged item', 'subscription cancel', 'wrong size', 'missing parts', 'billing address', 'warranty claim'];

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => ((s = Math.imul(s ^ (s >>> 15), 2246822519) ^ Math.imul(s ^ (s >>> 13), 3266489917)) >>> 0) / 4294967296;
}

export function syntheticRequest(i: number, now = Date.now()): ApprovalRequest {
  const r = rng(i + 1);
  const pick = <T>(a: readonly T[]): T => {
    const v = a[Math.floor(r() * a.length)];
    if (v === undefined) throw new Error('syntheticRequest: nothing to pick from');
    return v;
  };
  const customer = pick(CUSTOMERS);
  const topic = pick(TOPICS);
  const kind = r();
  const created = new Date(now - Math.floor(r() * 6 * 3600_000)).toISOString();
  const expires = r() < 0.1 ? null : new Date(now + Math.floor((0.5 + r() * 72) * 3600_000)).toISOString();
  const ticket = `T-${100000 + i}`;
  let actionClass: string;
  let action: ApprovalRequest['action'];
  let summary: string;
  let control: ApprovalRequest['control'] = 'approval';
  let status: ApprovalRequest['status'] = 'pending';
  let factors: RiskFactor[] = ['irreversible', 'named_accountability'];
  if (kind < 0.45) {
    const amount = Math.round((20 + r() * 900) * 100) / 100;
    actionClass = 'refund.issue';
    action = { name: 'refund.issue', args: { customer, ticket, amount, currency: 'EUR', reason: topic } };
    summary = `Refund €${amount.toFixed(2)} to ${customer} for ${topic} (${ticket})`;
  } else if (kind < 0.7) {
    actionClass = 'email.send';
    action = {
      name: 'email.send',
      args: {
        to: `${customer.toLowerCase().replace(/ /g, '.')}@example.com`,
        subject: `About your ${topic}`,
        body: `Dear ${customer},\n\nThank you for your patience about the ${topic} on ticket ${ticket}. We have reviewed your case and will follow up within two working days.\n\nKind regards,\nSupport`,
      },
    };
    summary = `Email ${customer} about the ${topic} (${ticket})`;
    factors = ['outside_lane', 'weak_ground_truth'];
  } else if (kind < 0.8) {
    actionClass = 'crm.update';
    action = { name: 'crm.update', args: { record: `C-${5000 + (i % 9000)}`, field: 'tier', from: 'silver', to: 'gold' } };
    summary = `Upgrade ${customer} to gold tier`;
    factors = ['outside_lane', 'policy_legal'];
  } else if (kind < 0.85) {
    actionClass = 'db.sql.production';
    action = { name: 'db.sql.production', args: { statement: `UPDATE orders SET status = 'refunded' WHERE ticket = '${ticket}'` } };
    summary = `Production SQL: mark ${ticket} refunded`;
    control = 'escalation';
    factors = ['irreversible', 'outside_lane', 'named_accountability'];
  } else if (kind < 0.95) {
    actionClass = 'summary.draft';
    action = { name: 'summary.draft', args: { ticket, text: `Customer reports ${topic}; agent proposes a follow-up.` } };
    summary = `Draft summary of ${ticket}`;
    control = 'review';
    status = 'released';
    factors = [];
  } else {
    actionClass = 'ticket.route';
    action = { name: 'ticket.route', args: { ticket, queue: 'tier-2' } };
    summary = `Route ${ticket} to tier-2`;
    control = 'audit';
    status = 'released';
    factors = ['weak_ground_truth'];
  }
  const reasons: ApprovalRequest['reasons'] = factors.map((f) => ({ factor: f, kind: 'factor' as const, detail: `${actionClass} is always: ${f}` }));
  if (control === 'audit') reasons.push({ factor: null, kind: 'sampled', detail: 'Sampled for audit at 10%' });
  if (control === 'escalation') reasons.push({ factor: null, kind: 'escalation', detail: 'The agent asked to escalate' });
  const agentId = pick(AGENTS);
  return {
    id: `seed-${i}`,
    source: 'synthetic',
    externalId: null,
    actionClass,
    action,
    summary,
    evidence: [{ title: `Ticket ${ticket}`, text: `${customer} wrote about a ${topic}.` }],
    agent: { id: agentId, name: agentId, runUrl: null },
    requestedBy: agentId,
    createdAt: created,
    expiresAt: expires,
    control,
    reasons,
    risk: control === 'escalation' ? 5 : factors.length,
    status,
    version: 1,
    decision: null,
    outcome: null,
    ...noDecisionRights(),
  };
}

export function seedSyntheticItems(store: Store, n: number, chunk = 5_000): void {
  if (!store.getSource(SYNTHETIC_SOURCE_ID))
    store.addSource({
      id: SYNTHETIC_SOURCE_ID,
      kind: 'hub',
      name: 'Synthetic items (seeded)',
      url: 'http://127.0.0.1:9/',
      watch: [],
      embedded: false,
      synthetic: true,
      createdAt: new Date().toISOString(),
    });
  const now = Date.now();
  for (let start = 0; start < n; start += chunk) {
    const items: PulledItem[] = [];
    for (let i = start; i < Math.min(n, start + chunk); i++) {
      const request = syntheticRequest(i, now);
      items.push({ externalId: request.id, request, allowedVerdicts: [...HUB_VERDICTS], sourceUrl: null });
    }
    store.ingest(SYNTHETIC_SOURCE_ID, items, null);
  }
}
