// The default policy a fresh hub starts with: realistic classes for a support/ops team, one per lane.
// Data, not code: the same shape as a policy file (docs/policy.md).
import type { ActionClassInput } from '../../shared/domain.js';

export const DEFAULT_POLICY: ActionClassInput[] = [
  {
    name: 'refund.issue',
    description: 'Refund a customer payment. Small refunds run and are reviewed; large ones are expensive to undo.',
    owner: 'finance',
    factors: ['outside_lane'],
    conditionalFactors: [{ factor: 'irreversible', when: [{ path: 'args.amount', op: 'gt', value: 100 }], note: 'refunds over 100 are expensive to claw back' }],
    defaultLane: 'review',
    defaultExpiresIn: 4 * 3600,
    display: {
      title: 'Refund {args.amount} {args.currency}: {args.reason}',
      fields: [
        { label: 'Amount', path: 'args.amount', format: 'money', currencyPath: 'args.currency' },
        { label: 'Order', path: 'args.orderId' },
        { label: 'Customer', path: 'args.customerId' },
        { label: 'Reason', path: 'args.reason' },
      ],
    },
  },
  {
    name: 'email.send',
    description: 'Send an email to a customer in the company’s name.',
    owner: 'support-leads',
    factors: ['irreversible', 'named_accountability'],
    conditionalFactors: [{ factor: 'policy_legal', when: [{ path: 'args.body', op: 'matches', value: '[Ll]egal|[Ll]awsuit|GDPR|[Cc]ompensation' }] }],
    defaultLane: 'review',
    defaultExpiresIn: 2 * 3600,
    display: {
      title: 'Email {args.to}: {args.subject}',
      fields: [
        { label: 'To', path: 'args.to', format: 'list' },
        { label: 'Cc', path: 'args.cc', format: 'list' },
        { label: 'Subject', path: 'args.subject' },
        { label: 'Body', path: 'args.body', format: 'long_text' },
      ],
    },
  },
  {
    name: 'crm.update',
    description: 'Change a customer record in the CRM.',
    owner: 'sales-ops',
    factors: ['outside_lane'],
    conditionalFactors: [{ factor: 'named_accountability', when: [{ path: 'args.field', op: 'in', value: ['owner', 'tier', 'credit_limit'] }] }],
    defaultLane: 'review',
    display: {
      title: 'Change {args.field} of contact {args.contactId} from {args.from} to {args.to}',
      fields: [
        { label: 'Contact', path: 'args.contactId' },
        { label: 'Field', path: 'args.field' },
        { label: 'From', path: 'args.from' },
        { label: 'To', path: 'args.to' },
      ],
    },
  },
  {
    name: 'db.sql.production',
    description: 'Run a SQL statement against the production database.',
    owner: 'platform-oncall',
    factors: ['irreversible', 'outside_lane', 'named_accountability'],
    escalateWhen: [{ path: 'args.sql', op: 'matches', value: '^\\s*(DROP|TRUNCATE)\\b' }],
    defaultLane: 'review',
    defaultExpiresIn: 3600,
    display: {
      title: 'Run SQL on the {args.database} production database',
      fields: [
        { label: 'Database', path: 'args.database' },
        { label: 'Statement', path: 'args.sql', format: 'code' },
      ],
    },
  },
  {
    name: 'summary.draft',
    description: 'Draft an internal case summary (draft-only, nothing leaves the company).',
    owner: 'support-leads',
    factors: ['weak_ground_truth'],
    defaultLane: 'audit',
    auditSampleRate: 0.2,
    display: {
      title: 'Draft a summary for ticket {args.ticket}',
      fields: [
        { label: 'Ticket', path: 'args.ticket' },
        { label: 'Summary', path: 'args.text', format: 'long_text' },
      ],
    },
  },
  {
    name: 'ticket.route',
    description: 'Move a support ticket to a queue.',
    owner: 'support-leads',
    factors: [],
    defaultLane: 'audit',
    // High for the demo so a new user sees the Audit samples lane in the first minute; real policies sample less.
    auditSampleRate: 0.5,
    display: {
      title: 'Route ticket {args.ticket} to the {args.queue} queue',
      fields: [
        { label: 'Ticket', path: 'args.ticket' },
        { label: 'Queue', path: 'args.queue' },
      ],
    },
  },
  {
    name: 'account.close',
    description: 'Close a customer account. Always escalated to a named owner.',
    owner: 'customer-success',
    factors: ['irreversible', 'policy_legal', 'named_accountability'],
    escalateWhen: [{ path: 'args.accountId', op: 'exists' }],
    display: {
      title: 'Close account {args.accountId}',
      fields: [
        { label: 'Account', path: 'args.accountId' },
        { label: 'Reason', path: 'args.reason', format: 'long_text' },
      ],
    },
  },
];

/**
 * Decision rights for the demo, on top of the default policy: refunds decided by support leads, over 1,000 only by
 * finance leads (who also own refund escalations); production SQL needs two people from platform-oncall. A hub started
 * with `demoRights` (CLI `--demo-rights`) seeds this policy instead of the default one when its policy is empty.
 */
const DEMO_RIGHTS: Record<string, Partial<ActionClassInput>> = {
  'refund.issue': {
    deciders: ['support-leads', 'finance-leads'],
    conditionalDeciders: [{ when: [{ path: 'args.amount', op: 'gt', value: 1000 }], deciders: ['finance-leads'], note: 'refunds over 1,000 need a finance lead' }],
    ownerGroup: 'finance-leads',
  },
  'db.sql.production': { deciders: ['platform-oncall'], approvals: 2, ownerGroup: 'platform-leads' },
};

export const DEMO_RIGHTS_POLICY: ActionClassInput[] = DEFAULT_POLICY.map((c) => ({ ...c, ...DEMO_RIGHTS[c.name] }));

/**
 * The people the demo rights name, created (without tokens) by a hub started with `demoRights`, so the console shows
 * "needs finance-leads" and "1 of 2 approvals" against real identities. The console's own approver belongs to
 * DEMO_APPROVER_GROUPS: it may decide small refunds and cast one of the two production-SQL votes, not big refunds.
 */
export const DEMO_TEAM: ReadonlyArray<{ handle: string; displayName: string; groups: string[] }> = [
  { handle: 'priya.oncall', displayName: 'Priya Raman (platform on-call)', groups: ['platform-oncall', 'platform-leads'] },
  { handle: 'femi.finance', displayName: 'Femi Adeyemi (finance lead)', groups: ['finance-leads'] },
];
export const DEMO_APPROVER_GROUPS: readonly string[] = ['support-leads', 'platform-oncall'];
