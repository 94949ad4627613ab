// DEMO DATA: 90 days of decided history for the embedded demo (#13 item 7), so a newcomer's Insights shows the thesis
// in the first minute: one lane to relax (CRM tier changes humans never alter), lanes to keep (large refunds, emails,
// production SQL) and one to tighten (small refunds reviewers often correct after release). Written straight into the
// store under its own synthetic source, which the sync engine never contacts, clearly named, removed with its items by
// removing that source in Settings (and never seeded again once removed). Deterministic: the same history every time.
import type { ApprovalRequest, Control, Decision, Outcome, ProposedAction, RiskFactor } from '../shared/domain.js';
import { noDecisionRights } from '../shared/domain.js';
import { HUB_VERDICTS } from '../shared/protocol.js';
import type { PulledItem } from './sources/source.js';
import type { Store } from './store/store.js';

export const DEMO_HISTORY_SOURCE_ID = 'demo-history';
const SEEDED_KEY = 'demoHistorySeeded';
const DAYS = 90;
const MIN = 60_000;

const APPROVERS = ['dana.approver', 'sam.lead', 'priya.oncall', 'femi.finance'];
const CUSTOMERS = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Katherine Johnson', 'Marie Curie', 'Hedy Lamarr', 'Claude Shannon', 'Barbara Liskov'];

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => ((s = Math.imul(s ^ (s >>> 15), 2246822519) ^ Math.imul(s ^ (s >>> 13), 3266489917)) >>> 0) / 4294967296;
}

interface Lane {
  actionClass: string;
  control: Control;
  perDay: number;
  factors: RiskFactor[];
  /** Audit: share sampled for a human. Review: share a reviewer looked at. */
  looked?: number;
  /** Median wait for the human in minutes. */
  waitMin: number;
  action(r: () => number, i: number): { action: ProposedAction; summary: string };
  /** Chance a human edits or rejects this action. */
  changeChance(action: ProposedAction): number;
  failChance: number;
  edit?(action: ProposedAction): ProposedAction;
}

const amountOf = (a: ProposedAction) => Number(a.args.amount ?? 0);
const customer = (r: () => number) => CUSTOMERS[Math.floor(r() * CUSTOMERS.length)]!;
const refund = (r: () => number, i: number, lo: number, hi: number) => {
  const amount = Math.round(lo + r() * (hi - lo));
  const who = customer(r);
  return { action: { name: 'refund.issue', args: { customer: who, amount, currency: 'EUR', ticket: `T-${70000 + i}` } }, summary: `Demo: refund €${amount} to ${who}` };
};

const LANES: Lane[] = [
  {
    // Keep: large refunds over 250 get corrected a lot (the what-if can split the class at 250).
    actionClass: 'refund.issue',
    control: 'approval',
    perDay: 5,
    factors: ['outside_lane', 'irreversible'],
    waitMin: 35,
    action: (r, i) => refund(r, i, 101, 900),
    changeChance: (a) => (amountOf(a) > 250 ? 0.2 : 0.004),
    failChance: 0.01,
    edit: (a) => ({ ...a, args: { ...a.args, amount: Math.round(amountOf(a) * 0.6) } }),
  },
  {
    // Tighten: small refunds are released at once, and the reviewers correct one in seven afterwards.
    actionClass: 'refund.issue',
    control: 'review',
    perDay: 4,
    factors: ['outside_lane'],
    looked: 0.6,
    waitMin: 240,
    action: (r, i) => refund(r, i, 5, 100),
    changeChance: () => 0.15,
    failChance: 0.01,
    edit: (a) => ({ ...a, args: { ...a.args, amount: Math.round(amountOf(a) * 0.5) } }),
  },
  {
    // Relax: customer tier changes wait for approval and a human almost never changes one.
    actionClass: 'crm.update',
    control: 'approval',
    perDay: 4,
    factors: ['outside_lane', 'named_accountability'],
    waitMin: 45,
    action: (r, i) => {
      const who = customer(r);
      return { action: { name: 'crm.update', args: { record: `C-${5000 + i}`, field: 'tier', from: 'silver', to: 'gold' } }, summary: `Demo: upgrade ${who} to gold tier` };
    },
    changeChance: () => 0.002,
    failChance: 0.002,
  },
  {
    actionClass: 'email.send',
    control: 'approval',
    perDay: 4,
    factors: ['irreversible', 'named_accountability'],
    waitMin: 20,
    action: (r, i) => {
      const who = customer(r);
      return {
        action: { name: 'email.send', args: { to: `${who.toLowerCase().replace(/ /g, '.')}@example.com`, subject: `Your ticket T-${70000 + i}`, body: `Dear ${who}, ...` } },
        summary: `Demo: email ${who} about their ticket`,
      };
    },
    changeChance: () => 0.09,
    failChance: 0.005,
    edit: (a) => ({ ...a, args: { ...a.args, body: `${String(a.args.body)} (tone softened by the approver)` } }),
  },
  {
    actionClass: 'db.sql.production',
    control: 'approval',
    perDay: 1,
    factors: ['irreversible', 'outside_lane', 'named_accountability'],
    waitMin: 60,
    action: (_r, i) => ({
      action: { name: 'db.sql.production', args: { sql: `UPDATE orders SET status = 'refunded' WHERE id = ${i}` } },
      summary: `Demo: production SQL on order ${i}`,
    }),
    changeChance: () => 0.18,
    failChance: 0.02,
  },
  {
    actionClass: 'summary.draft',
    control: 'audit',
    perDay: 6,
    factors: ['weak_ground_truth'],
    looked: 0.2,
    waitMin: 600,
    action: (_r, i) => ({
      action: { name: 'summary.draft', args: { ticket: `T-${70000 + i}`, text: 'Customer asks about a late parcel.' } },
      summary: `Demo: draft summary of T-${70000 + i}`,
    }),
    changeChance: () => 0.02,
    failChance: 0.005,
  },
];

function historyItem(lane: Lane, i: number, day: number, now: number, r: () => number): PulledItem {
  const created = now - day * 86_400_000 - Math.floor(r() * 86_400_000 * 0.9) - 3_600_000;
  const { action, summary } = lane.action(r, i);
  const blocking = lane.control === 'approval';
  const looked = blocking || r() < (lane.looked ?? 1);
  const wait = Math.round(lane.waitMin * MIN * (0.3 + r() * 1.4));
  const decidedAt = new Date(created + wait).toISOString();
  const id = `demo-${i}`;
  let decision: Decision | null = null;
  let status: ApprovalRequest['status'] = blocking ? 'approved' : 'released';
  let executed = true;
  if (looked) {
    const changed = r() < lane.changeChance(action);
    const reject = changed && (!lane.edit || r() < 0.4);
    const edited = changed && !reject && lane.edit ? lane.edit(action) : null;
    decision = {
      id: `demo-d-${i}`,
      requestId: id,
      verdict: reject ? 'reject' : edited ? 'approve_with_edits' : 'approve',
      editedAction: edited,
      feedback: reject ? 'Not this one: check the ticket first' : edited ? 'Adjusted before it goes out' : '',
      decidedBy: APPROVERS[i % APPROVERS.length]!,
      decidedAt,
      changed,
      patch: edited ? [{ op: 'replace', path: Object.keys(edited.args).includes('amount') ? '/args/amount' : '/args/body', value: edited.args.amount ?? edited.args.body }] : [],
    };
    if (reject && blocking) {
      status = 'rejected';
      executed = false;
    }
  }
  const outcome: Outcome | null = executed ? { status: r() < lane.failChance ? 'failed' : 'executed', detail: '', reportedAt: new Date(created + wait + MIN).toISOString() } : null;
  const reasons: ApprovalRequest['reasons'] = lane.factors.map((f) => ({ factor: f, kind: 'factor' as const, detail: `${lane.actionClass}: ${f}` }));
  if (lane.control === 'audit' && looked) reasons.push({ factor: null, kind: 'sampled', detail: `Sampled for audit at ${Math.round((lane.looked ?? 0) * 100)}%` });
  const request: ApprovalRequest = {
    id,
    source: 'demo-history',
    externalId: null,
    actionClass: lane.actionClass,
    action,
    summary,
    evidence: [{ title: 'Demo data', text: 'Synthetic history seeded for the demo; remove it in Settings.' }],
    agent: { id: 'demo-agent', name: 'Demo agent', runUrl: null },
    requestedBy: 'demo-agent',
    createdAt: new Date(created).toISOString(),
    expiresAt: null,
    control: lane.control,
    reasons,
    risk: lane.factors.length,
    status,
    version: 2,
    decision,
    outcome,
    ...noDecisionRights(),
  };
  return { externalId: id, request, allowedVerdicts: [...HUB_VERDICTS], sourceUrl: null };
}

/** The history's items, oldest day first (about 2,000). */
function demoHistory(now = Date.now()): PulledItem[] {
  const r = rng(20261203);
  const out: PulledItem[] = [];
  let i = 0;
  for (let day = DAYS - 1; day >= 0; day--) for (const lane of LANES) for (let k = 0; k < lane.perDay; k++) out.push(historyItem(lane, i++, day, now, r));
  return out;
}

/** Seeds the history once per data dir; a history the person removed in Settings stays removed. */
export function seedDemoHistory(store: Store, now = Date.now()): boolean {
  if (store.getSetting<boolean>(SEEDED_KEY) || store.getSource(DEMO_HISTORY_SOURCE_ID)) return false;
  store.addSource({
    id: DEMO_HISTORY_SOURCE_ID,
    kind: 'hub',
    name: 'Demo history (90 days of synthetic decisions; remove it here)',
    url: 'http://127.0.0.1:9/',
    watch: [],
    embedded: false,
    synthetic: true,
    createdAt: new Date(now).toISOString(),
  });
  store.ingest(DEMO_HISTORY_SOURCE_ID, demoHistory(now), null);
  store.setSetting(SEEDED_KEY, true);
  return true;
}
