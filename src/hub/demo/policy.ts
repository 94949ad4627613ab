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
  },
  {
    name: 'email.send',
    description: 'Send an email to a customer in the company’s name.',
    owner: 'support-leads',
    factors: ['irreversible', 'named_accountability'],
    conditionalFactors: [{ factor: 'policy_legal', when: [{ path: 'args.body', op: 'matches', value: '[Ll]egal|[Ll]awsuit|GDPR|[Cc]ompensation' }] }],
    defaultLane: 'review',
    defaultExpiresIn: 2 * 3600,
  },
  {
    name: 'crm.update',
    description: 'Change a customer record in the CRM.',
    owner: 'sales-ops',
    factors: ['outside_lane'],
    conditionalFactors: [{ factor: 'named_accountability', when: [{ path: 'args.field', op: 'in', value: ['owner', 'tier', 'credit_limit'] }] }],
    defaultLane: 'review',
  },
  {
    name: 'db.sql.production',
    description: 'Run a SQL statement against the production database.',
    owner: 'platform-oncall',
    factors: ['irreversible', 'outside_lane', 'named_accountability'],
    escalateWhen: [{ path: 'args.sql', op: 'matches', value: '^\\s*(DROP|TRUNCATE)\\b' }],
    defaultLane: 'review',
    defaultExpiresIn: 3600,
  },
  {
    name: 'summary.draft',
    description: 'Draft an internal case summary (draft-only, nothing leaves the company).',
    owner: 'support-leads',
    factors: ['weak_ground_truth'],
    defaultLane: 'audit',
    auditSampleRate: 0.2,
  },
  {
    name: 'ticket.route',
    description: 'Move a support ticket to a queue.',
    owner: 'support-leads',
    factors: [],
    defaultLane: 'audit',
    // High for the demo so a new user sees the Audit samples lane in the first minute; real policies sample less.
    auditSampleRate: 0.5,
  },
  {
    name: 'account.close',
    description: 'Close a customer account. Always escalated to a named owner.',
    owner: 'customer-success',
    factors: ['irreversible', 'policy_legal', 'named_accountability'],
    escalateWhen: [{ path: 'args.accountId', op: 'exists' }],
  },
];
