// Proof after a policy change (#13 item 5): for each class a policy version changed, its figures under the versions
// before and under the version after (within days of the change), side by side, and a "tighten back?" flag when releasing it was followed by a failure rise
// beyond the interval. The console contract's `insights.policyEffects`.
import { z } from 'zod';
import { Control } from '../domain.js';
import { Period, Thresholds } from './schemas.js';

const Ci = z.object({ low: z.number(), high: z.number() });

/** One window's figures for the class (all its lanes together), and how its volume split over the lanes. */
export const WindowFigures = z.object({
  period: Period,
  /** The policy versions the window's requests were classified under (to: null while the version is current). */
  versions: z.object({ from: z.number().int(), to: z.number().int().nullable() }),
  volume: z.number().int(),
  byLane: z.array(z.object({ control: Control, volume: z.number().int() })),
  decided: z.number().int(),
  changed: z.number().int(),
  changeRate: z.number().nullable(),
  changeCi: Ci.nullable(),
  waitMedianMs: z.number().nullable(),
  heldHours: z.number(),
  reported: z.number().int(),
  failedOrRolledBack: z.number().int(),
  failureRate: z.number().nullable(),
  failureCi: Ci.nullable(),
});
export type WindowFigures = z.infer<typeof WindowFigures>;

export const PolicyEffect = z.object({
  sourceId: z.string(),
  sourceName: z.string(),
  version: z.number().int(),
  at: z.string(),
  author: z.string(),
  rationale: z.string(),
  actionClass: z.string(),
  kind: z.enum(['added', 'removed', 'changed']),
  before: WindowFigures,
  after: WindowFigures,
  /** Requests of the class in the window with no policy version (classified before versioning began): on neither side. */
  beforeVersioning: z.number().int(),
  /** The change moved work out of approval (a relax). */
  relaxed: z.boolean(),
  /** Set when a relaxed class's post-release failures rose beyond the interval: the evidence, one line each. */
  tightenBack: z.array(z.string()).nullable(),
});
export type PolicyEffect = z.infer<typeof PolicyEffect>;

export const PolicyEffectsInput = z.object({
  /** Days on each side of the change (the change's own day is on both: its requests are split by their version). */
  windowDays: z.number().int().min(1).max(366).default(30),
  thresholds: Thresholds.default(Thresholds.parse({})),
});

export const PolicyEffectsReport = z.object({
  effects: z.array(PolicyEffect),
  /** Sources whose versions could not be read now (offline): their changes are not shown. */
  unavailable: z.array(z.object({ sourceId: z.string(), name: z.string(), error: z.string() })),
});
export type PolicyEffectsReport = z.infer<typeof PolicyEffectsReport>;
