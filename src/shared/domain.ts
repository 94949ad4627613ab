// The domain every part shares: action classes, requests, decisions, outcomes.
// Zod schemas are the single source of truth; types are inferred from them.
import { z } from 'zod';
import { ClassDisplay } from './class-display.js';
import { compilePolicyPattern } from './policy-regex.js';

/** The five risk factors of the product's rule: approval when two or more are true. */
const RISK_FACTORS = [
  'irreversible', // irreversible or expensive to undo
  'policy_legal', // involves policy or legal interpretation
  'outside_lane', // outside a narrow read-only or draft-only lane
  'weak_ground_truth', // the workflow lacks strong ground truth or stable evaluation
  'named_accountability', // the business expects named human accountability
] as const;
export const RiskFactor = z.enum(RISK_FACTORS);
export type RiskFactor = z.infer<typeof RiskFactor>;

export const FACTOR_LABELS: Record<RiskFactor, string> = {
  irreversible: 'Irreversible or expensive to undo',
  policy_legal: 'Involves policy or legal interpretation',
  outside_lane: 'Outside a read-only or draft-only lane',
  weak_ground_truth: 'No strong ground truth or stable evaluation',
  named_accountability: 'The business expects a named human to answer for it',
};

/** approval: waits for a human. review: released, queued for review. audit: released, sampled. escalation: agent stops, a human owns it. */
export const Control = z.enum(['approval', 'review', 'audit', 'escalation']);
export type Control = z.infer<typeof Control>;

/**
 * A declarative condition on the proposed action (data, not code, so a policy file can be reviewed).
 * `path` is a dot path into the action, e.g. `args.amount` or `args.to.0`.
 */
export const Condition = z
  .object({
    path: z.string().min(1).max(200),
    op: z.enum(['gt', 'gte', 'lt', 'lte', 'eq', 'neq', 'in', 'not_in', 'exists', 'matches']),
    value: z.unknown().optional(),
  })
  .superRefine((c, ctx) => {
    // A `matches` pattern must compile under RE2 (src/shared/policy-regex.ts): refused at policy PUT and load.
    if (c.op !== 'matches') return;
    if (typeof c.value !== 'string') {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'matches needs a string pattern' });
      return;
    }
    const r = compilePolicyPattern(c.value);
    if (!r.ok) ctx.addIssue({ code: 'custom', path: ['value'], message: `pattern not supported by the RE2 engine: ${r.reason}` });
  });
export type Condition = z.infer<typeof Condition>;

/** A group name in a policy's deciders and a user's groups: e.g. `finance-leads`. */
export const GroupName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'letters, digits, _ . : - only');

/** A factor that becomes true when all of its conditions hold. */
export const ConditionalFactor = z.object({
  factor: RiskFactor,
  when: z.array(Condition).min(1),
  note: z.string().max(500).optional(),
});
export type ConditionalFactor = z.infer<typeof ConditionalFactor>;

/** How long a request may wait for a human, in seconds: at most 90 days. */
export const ExpiresInSeconds = z
  .number()
  .int()
  .positive()
  .max(60 * 60 * 24 * 90);

/** Decision rights that depend on the action: when every condition holds, these groups decide instead of `deciders`. */
const ConditionalDeciders = z.object({
  when: z.array(Condition).min(1),
  deciders: z.array(GroupName).min(1).max(50),
  note: z.string().max(500).optional(),
});

/** A quorum that depends on the action: when every condition holds, at least this many distinct people must approve. */
const ConditionalApprovals = z.object({
  when: z.array(Condition).min(1),
  approvals: z.number().int().min(1).max(10),
  note: z.string().max(500).optional(),
});

export const ActionClass = z.object({
  name: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9_.:\-*]+$/, 'letters, digits, _ . : - only'),
  description: z.string().max(2000).default(''),
  owner: z.string().max(200).default(''),
  /** Factors that are always true for this class. */
  factors: z.array(RiskFactor).default([]),
  /** Factors that depend on the proposed action's arguments. */
  conditionalFactors: z.array(ConditionalFactor).default([]),
  /** The lane when approval is not required. */
  defaultLane: z.enum(['review', 'audit']).default('review'),
  /** Forces a control whatever the factors say (a per-class override). */
  override: z.enum(['approval', 'review', 'audit']).nullable().default(null),
  /** Fraction of audit-lane items sampled for a human (0..1). */
  auditSampleRate: z.number().min(0).max(1).default(0.1),
  /** Conditions under which the policy itself escalates. */
  escalateWhen: z.array(Condition).default([]),
  /** Default time a request waits for a human, in seconds. */
  defaultExpiresIn: ExpiresInSeconds.default(60 * 60 * 24),
  // Decision rights (docs/policy.md "Decision rights"; the one rule is src/shared/decision-rights.ts).
  /** Groups whose members may decide this class's approvals; empty = any approver. */
  deciders: z.array(GroupName).max(50).default([]),
  /** The first entry whose conditions all hold replaces `deciders` (e.g. refunds over 1,000 need `finance-leads`). */
  conditionalDeciders: z.array(ConditionalDeciders).max(50).default([]),
  /** Distinct people who must approve (the two-person rule is 2). */
  approvals: z.number().int().min(1).max(10).default(1),
  /** The highest `approvals` among the entries whose conditions all hold, if above `approvals`. */
  conditionalApprovals: z.array(ConditionalApprovals).max(50).default([]),
  /** The group that owns escalations of this class: it decides requests in the escalation lane. Null = the deciders. */
  ownerGroup: GroupName.nullable().default(null),
  /** Groups whose members may review released (review and sampled audit) items; empty = any approver. */
  reviewers: z.array(GroupName).max(50).default([]),
  /** How the console shows this class's requests (src/shared/class-display.ts); no default, so a policy without it is unchanged. */
  display: ClassDisplay.optional(),
});
export type ActionClass = z.infer<typeof ActionClass>;
export type ActionClassInput = z.input<typeof ActionClass>;

/** The proposed action: what will run if a human says yes. */
export const ProposedAction = z.object({
  name: z.string().min(1).max(500),
  args: z.record(z.string(), z.unknown()),
});
export type ProposedAction = z.infer<typeof ProposedAction>;

export const Evidence = z.object({
  title: z.string().max(500),
  text: z.string().optional(),
  url: z.string().max(4000).optional(),
});
export type Evidence = z.infer<typeof Evidence>;

/** Why a request needs (or does not need) a human: which factors were true, and whether an override or escalation applied. */
export const Reason = z.object({
  factor: RiskFactor.nullable(),
  /** One line a person can read, e.g. "args.amount gt 100". */
  detail: z.string(),
  kind: z.enum(['factor', 'conditional_factor', 'override', 'escalation', 'unknown_class', 'sampled']),
});
export type Reason = z.infer<typeof Reason>;

export const RequestStatus = z.enum([
  'pending', // waits for a human
  'approved', // approved (possibly with edits); the agent may act
  'rejected',
  'escalated',
  'expired',
  'withdrawn',
  'released', // review/audit lane: released at once
]);
export type RequestStatus = z.infer<typeof RequestStatus>;

/** `resolve`: the owner of an escalation closes it with a note; the action does not run (the agent sees `rejected`). */
export const Verdict = z.enum(['approve', 'approve_with_edits', 'reject', 'escalate', 'ignore', 'resolve']);
export type Verdict = z.infer<typeof Verdict>;

/** RFC 6902 JSON Patch operation (proposed -> edited). */
export const PatchOp = z.object({
  op: z.enum(['add', 'remove', 'replace', 'move', 'copy', 'test']),
  path: z.string(),
  from: z.string().optional(),
  value: z.unknown().optional(),
});
export type PatchOp = z.infer<typeof PatchOp>;

export const Decision = z.object({
  /** Made by the console; the idempotency key of the decision. */
  id: z.string().min(8).max(100),
  requestId: z.string().min(1).max(200),
  verdict: Verdict,
  editedAction: ProposedAction.nullable().default(null),
  feedback: z.string().max(100_000).default(''),
  decidedBy: z.string().min(1).max(200),
  /** The hub identity's stable id; null from sources without identities. */
  decidedById: z.string().nullable().optional(),
  decidedAt: z.string(), // ISO 8601
  changed: z.boolean().default(false),
  patch: z.array(PatchOp).default([]),
});
export type Decision = z.infer<typeof Decision>;

export const OutcomeStatus = z.enum(['executed', 'failed', 'rolled_back']);
export const Outcome = z.object({
  status: OutcomeStatus,
  detail: z.string().max(100_000).default(''),
  reportedAt: z.string(),
});
export type Outcome = z.infer<typeof Outcome>;

/** The decision rights resolved for one request when it was classified (src/shared/decision-rights.ts resolveRights). */
export const Rights = z.object({
  /** Who may decide now: empty = any approver. */
  deciders: z.array(z.string()),
  /** Distinct approvals the request needs. */
  approvals: z.number().int().min(1),
  ownerGroup: z.string().nullable(),
  reviewers: z.array(z.string()),
});
export type Rights = z.infer<typeof Rights>;
export const DEFAULT_RIGHTS: Rights = { deciders: [], approvals: 1, ownerGroup: null, reviewers: [] };

/** The decision-rights fields of a request from a source without them (LangGraph, seeds, placeholders): any approver, one approval. */
export function noDecisionRights(): Pick<ApprovalRequest, 'onBehalfOf' | 'actionHash' | 'pendingAction' | 'rights' | 'votes'> {
  // A fresh object each time: a request's votes array must never be shared with another's.
  return { onBehalfOf: null, actionHash: '', pendingAction: null, rights: DEFAULT_RIGHTS, votes: [] };
}

/** One approval counted towards a quorum: who, when, and the exact action (version and hash) they approved. */
export const Vote = z.object({
  decisionId: z.string(),
  userId: z.string(),
  handle: z.string(),
  verdict: z.enum(['approve', 'approve_with_edits']),
  at: z.string(),
  /** The request version and action hash the vote was cast on; only votes on the current hash count. */
  version: z.number().int().nonnegative(),
  actionHash: z.string(),
  /** The approver's edit, when they changed the action (the count restarts from this vote). */
  editedAction: ProposedAction.nullable().default(null),
});
export type Vote = z.infer<typeof Vote>;

/** Who owns an escalated request now, and since when (set by a take, cleared by a release). */
export const Ownership = z.object({ userId: z.string(), handle: z.string(), since: z.string() });
export type Ownership = z.infer<typeof Ownership>;

export const ApprovalRequest = z.object({
  id: z.string(),
  source: z.string().default('hub'),
  externalId: z.string().nullable().default(null),
  actionClass: z.string(),
  action: ProposedAction,
  summary: z.string(),
  evidence: z.array(Evidence).default([]),
  agent: z.object({ id: z.string(), name: z.string().default(''), runUrl: z.string().nullable().default(null) }),
  requestedBy: z.string(), // the submitting identity's handle
  /** The submitting identity's stable id (the self-approval guard compares it); null/absent before identities (v1) and from other sources. */
  requestedById: z.string().nullable().optional(),
  /** The person the agent acts for (a handle), when the request names one: they can never approve it. */
  onBehalfOf: z.string().nullable().default(null),
  /** The hub user `onBehalfOf` named when the request came in (null: nobody had that handle); survives a rename. */
  onBehalfOfId: z.string().nullable().optional(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  control: Control,
  reasons: z.array(Reason),
  /** Risk rank used for urgency order: the count of true factors (0..5), escalation counts as 5. */
  risk: z.number().int().min(0).max(5),
  status: RequestStatus,
  version: z.number().int().nonnegative(),
  decision: Decision.nullable().default(null),
  outcome: Outcome.nullable().default(null),
  /** sha256 of the canonical JSON of the action under decision (pendingAction ?? action); '' from sources without it. */
  actionHash: z.string().default(''),
  /** An approver's edit waiting for the rest of the quorum: the action the next approvers approve. */
  pendingAction: ProposedAction.nullable().default(null),
  rights: Rights.default(DEFAULT_RIGHTS),
  /** Approvals so far (quorum classes); the final decision is recorded when the count is reached. */
  votes: z.array(Vote).default([]),
  /** The hub policy version that classified this request; null before versioning and from other sources. */
  policyVersion: z.number().int().positive().nullable().optional(),
  /** Escalations: the one person who took ownership of the case, or null (docs/protocol.md "Escalation ownership"). */
  owner: Ownership.nullable().optional(),
});
export type ApprovalRequest = z.infer<typeof ApprovalRequest>;

/** One entry of the append-only, hash-chained decision log. */
export const LogEntry = z.object({
  seq: z.number().int(),
  requestId: z.string(),
  event: z.enum(['submitted', 'classified', 'decided', 'voted', 'expired', 'withdrawn', 'outcome', 'released', 'owned']),
  actor: z.string(),
  at: z.string(),
  data: z.unknown(),
  prevHash: z.string(),
  hash: z.string(),
  /** The hub's Ed25519 signature over (requestId, seq, hash), base64, or its transaction's batch signature with the
   *  entry's inclusion proof (docs/security.md, item 9). */
  sig: z.string().max(1000).optional(),
});
export type LogEntry = z.infer<typeof LogEntry>;
