// Insights: the query, the figures, recommendations, what-if, decision list/log and export, as zod schemas.
// The same shapes travel over the console contract and the hub route, so both show the same numbers.
import { z } from 'zod';
import { ActionClass, Control, LogEntry, OutcomeStatus, PatchOp, ProposedAction, Reason, RequestStatus, Verdict } from '../domain.js';
import { dayNumber } from './format.js';

/** A calendar day in UTC, 'YYYY-MM-DD'. */
const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'not a real date');

/** Inclusive UTC days; at most ten years so a typo cannot ask for a millennium of buckets. */
export const Period = z
  .object({ from: Day, to: Day })
  .refine((p) => dayNumber(p.from) <= dayNumber(p.to), { message: '`from` must not be after `to`', path: ['to'] })
  .refine((p) => dayNumber(p.to) - dayNumber(p.from) <= 3660, { message: 'a period is at most ten years', path: ['to'] });
export type Period = z.infer<typeof Period>;

export const Thresholds = z.object({
  /** Decisions (and, to relax, reported outcomes) needed before any recommendation. */
  minDecisions: z.number().int().min(1).max(1_000_000).default(30),
  /** Relax only when the change rate's 95% upper bound is at or under this; tighten a released lane whose lower bound is over it. */
  maxChangeRateUpper: z.number().min(0).max(1).default(0.05),
  /** Highest acceptable share of reported outcomes that failed or were rolled back. */
  maxFailureRate: z.number().min(0).max(1).default(0.02),
});
export type Thresholds = z.infer<typeof Thresholds>;
export const DEFAULT_THRESHOLDS: Thresholds = Thresholds.parse({});

const Name = z.string().min(1).max(200);

export const InsightsQuery = z.object({
  period: Period,
  actionClass: Name.optional(),
  control: Control.optional(),
  source: Name.optional(),
  thresholds: Thresholds.default(DEFAULT_THRESHOLDS),
  /** Chart only this many classes, those with the most decisions (the view draws six); all when absent. */
  seriesClasses: z.number().int().min(1).max(1000).optional(),
});
export type InsightsQuery = z.infer<typeof InsightsQuery>;
export type InsightsQueryInput = z.input<typeof InsightsQuery>;

/** Which decisions a "see the decisions" link (or an export) selects. */
export const DecisionFilter = z.object({
  period: Period,
  actionClass: Name.optional(),
  control: Control.optional(),
  source: Name.optional(),
  agent: Name.optional(),
  /** all rows; decided = a human verdict that settles the action; changed = edited or rejected; failed = failed or rolled back after release. */
  only: z.enum(['all', 'decided', 'changed', 'failed']).default('all'),
});
export type DecisionFilter = z.infer<typeof DecisionFilter>;

const Ci = z.object({ low: z.number(), high: z.number() });

const RecommendationKind = z.enum(['relax', 'keep', 'tighten', 'not_enough_data']);
type RecommendationKind = z.infer<typeof RecommendationKind>;

export const Recommendation = z.object({
  kind: RecommendationKind,
  headline: z.string(),
  /** Every figure and threshold the verdict rests on, one line each. */
  evidence: z.array(z.string()),
  /** not_enough_data: how much more is needed. */
  needs: z.object({ decisions: z.number().int(), outcomes: z.number().int() }).nullable(),
  /** The decisions behind the verdict. */
  filter: DecisionFilter,
});
export type Recommendation = z.infer<typeof Recommendation>;

export const LaneFigures = z.object({
  actionClass: z.string(),
  control: Control,
  volume: z.number().int(),
  /** Audit lane: items sampled for a human. */
  sampled: z.number().int(),
  pending: z.number().int(),
  /** Released with no human verdict (review/audit items nobody has looked at). */
  releasedUnreviewed: z.number().int(),
  approvedUnchanged: z.number().int(),
  approvedWithEdits: z.number().int(),
  rejected: z.number().int(),
  escalated: z.number().int(),
  expired: z.number().int(),
  withdrawn: z.number().int(),
  ignored: z.number().int(),
  /** approvedUnchanged + approvedWithEdits + rejected. */
  decided: z.number().int(),
  /** approvedWithEdits + rejected. */
  changed: z.number().int(),
  changeRate: z.number().nullable(),
  changeCi: Ci.nullable(),
  wait: z.object({ count: z.number().int(), medianMs: z.number().nullable(), p90Ms: z.number().nullable() }),
  /** Hours agents were held (approval and escalation lanes: created until decided or expired). */
  heldHours: z.number(),
  outcomes: z.object({
    reported: z.number().int(),
    executed: z.number().int(),
    failed: z.number().int(),
    rolledBack: z.number().int(),
    failureRate: z.number().nullable(),
    failureCi: Ci.nullable(),
  }),
  recommendation: Recommendation,
});
export type LaneFigures = z.infer<typeof LaneFigures>;

const SeriesPoint = z.object({ changeRate: z.number().nullable(), decided: z.number().int(), medianWaitMs: z.number().nullable() });
export const InsightsSeries = z.object({
  bucket: z.enum(['day', 'week']),
  /** Start day of each bucket. */
  buckets: z.array(Day),
  classes: z.array(z.object({ actionClass: z.string(), points: z.array(SeriesPoint) })),
  volumeByLane: z.array(z.object({ control: Control, volume: z.array(z.number().int()) })),
});
export type InsightsSeries = z.infer<typeof InsightsSeries>;

/**
 * Per class with a quorum (more than one approval needed): does the second approver earn their keep, and what does
 * waiting for them cost? Counted over requests created in the period that got a first approval and then ended.
 */
export const QuorumFigures = z.object({
  actionClass: z.string(),
  /** Requests of this class in the period that needed more than one approval. */
  requests: z.number().int(),
  /** Of those, the ones that got a first approval and were then decided (approved, rejected or escalated). */
  settledAfterFirst: z.number().int(),
  approved: z.number().int(),
  /** A later approver changed the action the first one approved (the count restarted on their edit). */
  secondChanged: z.number().int(),
  /** Someone other than the first approver rejected it after the first approval. */
  secondRejected: z.number().int(),
  /** (secondChanged + secondRejected) / settledAfterFirst; null with nothing settled. */
  changedOrRejectedRate: z.number().nullable(),
  /** The extra wait: from the first approval to the final decision. */
  extraWait: z.object({ count: z.number().int(), medianMs: z.number().nullable(), p90Ms: z.number().nullable() }),
});
export type QuorumFigures = z.infer<typeof QuorumFigures>;

export const InsightsReport = z.object({
  query: InsightsQuery,
  rows: z.array(LaneFigures),
  totals: LaneFigures.omit({ recommendation: true, actionClass: true, control: true }),
  series: InsightsSeries,
  /** Distinct classes and sources in the data (for the filters). */
  facets: z.object({ actionClasses: z.array(z.string()), sources: z.array(z.string()) }),
  /** Classes with a quorum (docs/insights.md "Two-person approval"); absent where the store keeps no quorum facts. */
  quorum: z.array(QuorumFigures).optional(),
  computedAt: z.string(),
  /** When the figures came from the summary cache: when it was last brought up to date. */
  cacheAsOf: z.string().nullable(),
  computeMs: z.number(),
});
export type InsightsReport = z.infer<typeof InsightsReport>;

// ---- decisions and the decision log ----

export const DecisionRow = z.object({
  requestId: z.string(),
  source: z.string(),
  actionClass: z.string(),
  control: Control,
  sampled: z.boolean(),
  status: RequestStatus,
  agent: z.string(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  verdict: Verdict.nullable(),
  changed: z.boolean().nullable(),
  decidedBy: z.string().nullable(),
  outcomeStatus: OutcomeStatus.nullable(),
});
export type DecisionRow = z.infer<typeof DecisionRow>;

export const DecisionPage = z.object({ total: z.number().int(), rows: z.array(DecisionRow) });

export const DecisionListInput = DecisionFilter.extend({
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
});

export const ChainStatus = z.object({
  /** null: this source keeps no hash-chained log for the request. */
  ok: z.boolean().nullable(),
  checked: z.number().int(),
  brokenAt: z.number().int().nullable(),
  reason: z.string().nullable(),
});
export type ChainStatus = z.infer<typeof ChainStatus>;

/** The five things to log when approval exists, for one request. */
export const DecisionLog = z.object({
  row: DecisionRow,
  proposed: ProposedAction.nullable(),
  /** Why a human was needed (from the classification entry of the log when there is one). */
  why: z.array(Reason),
  whyText: z.string(),
  decision: z
    .object({ verdict: Verdict, decidedBy: z.string(), decidedAt: z.string().nullable(), feedback: z.string(), editedAction: ProposedAction.nullable(), patch: z.array(PatchOp) })
    .nullable(),
  outcome: z.object({ status: OutcomeStatus, detail: z.string() }).nullable(),
  entries: z.array(LogEntry),
  chain: ChainStatus,
});
export type DecisionLog = z.infer<typeof DecisionLog>;

// ---- what-if ----

export const WhatIfInput = z.object({
  period: Period,
  /** The class as it would be under the proposed policy (the same shape PUT /v1/action-classes takes). */
  proposed: ActionClass,
  /** Most items to list one by one (the totals always count every item). */
  itemLimit: z.number().int().min(0).max(10_000).default(200),
});
export type WhatIfInput = z.infer<typeof WhatIfInput>;
export type WhatIfInputRaw = z.input<typeof WhatIfInput>;

export const WhatIfItem = z.object({
  requestId: z.string(),
  createdAt: z.string(),
  from: Control,
  to: Control,
  verdict: Verdict.nullable(),
  changed: z.boolean().nullable(),
  decidedBy: z.string().nullable(),
  waitMs: z.number().nullable(),
  outcomeStatus: OutcomeStatus.nullable(),
});
export type WhatIfItem = z.infer<typeof WhatIfItem>;

export const WhatIfReport = z.object({
  actionClass: z.string(),
  period: Period,
  replayed: z.number().int(),
  /** Requests whose action_json could not be read (counted, never guessed). */
  unreadable: z.number().int(),
  moved: z.array(z.object({ from: Control, to: Control, count: z.number().int() })),
  removedApprovals: z.number().int(),
  removedWaitHours: z.number(),
  addedApprovals: z.number().int(),
  /** Items that would have gone out without a human first, which a human in fact edited or rejected. */
  letThroughChanged: z.number().int(),
  letThroughFailed: z.number().int(),
  items: z.array(WhatIfItem),
  itemsTruncated: z.boolean(),
});
export type WhatIfReport = z.infer<typeof WhatIfReport>;

// ---- export ----

export const ExportInput = z.object({ format: z.enum(['csv', 'jsonl']), filter: DecisionFilter });
export type ExportInput = z.input<typeof ExportInput>;
export const ExportResult = z.object({ path: z.string(), rows: z.number().int(), bytes: z.number().int(), format: z.enum(['csv', 'jsonl']) });
export type ExportResult = z.infer<typeof ExportResult>;
