// Threshold discovery (#13 item 4): where a class's outcomes depend on a numeric argument, the split point found in
// the decisions themselves, with the evidence and the 95% Wilson interval on each side. Same shape for the console
// contract and the tests; computed by src/insights/threshold.ts.
import { z } from 'zod';
import { Control } from '../domain.js';
import { DEFAULT_THRESHOLDS, Period, Thresholds } from './schemas.js';

const Ci = z.object({ low: z.number(), high: z.number() });

const Side = z.object({
  decided: z.number().int(),
  changed: z.number().int(),
  changeRate: z.number().nullable(),
  changeCi: Ci.nullable(),
  /** Reported outcomes and how many failed or were rolled back (a relax needs the released side to be safe too). */
  reported: z.number().int(),
  failed: z.number().int(),
  /** The smallest and largest argument value on this side. */
  min: z.number(),
  max: z.number(),
});
export type SplitSide = z.infer<typeof Side>;

export const DiscoveredSplit = z.object({
  actionClass: z.string(),
  control: Control,
  /** Relax: at or under the threshold leaves approval. Tighten: over it needs approval. */
  kind: z.enum(['relax', 'tighten']),
  /** A dot path into the action, the policy's condition path (e.g. `args.amount`). */
  path: z.string(),
  threshold: z.number(),
  under: Side,
  over: Side,
  headline: z.string(),
  evidence: z.array(z.string()),
});
export type DiscoveredSplit = z.infer<typeof DiscoveredSplit>;

export const SplitsQuery = z.object({
  period: Period,
  actionClass: z.string().min(1).max(200).optional(),
  control: Control.optional(),
  source: z.string().min(1).max(200).optional(),
  thresholds: Thresholds.default(DEFAULT_THRESHOLDS),
});
export type SplitsQueryInput = z.input<typeof SplitsQuery>;

export const SplitsReport = z.object({
  splits: z.array(DiscoveredSplit),
  /** Decided rows read and argument paths tried. */
  rows: z.number().int(),
  paths: z.array(z.string()),
  computeMs: z.number(),
});
export type SplitsReport = z.infer<typeof SplitsReport>;
