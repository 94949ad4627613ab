// The insights part of the console contract (spread into contract.ts `methods`).
import { z } from 'zod';
import { PolicyEffectsInput, PolicyEffectsReport } from './effects.js';
import { SplitsQuery, SplitsReport } from './splits.js';
import { DecisionListInput, DecisionLog, DecisionPage, ExportInput, ExportResult, InsightsQuery, InsightsReport, WhatIfInput, WhatIfReport } from './schemas.js';

export const insightsMethods = {
  /** Figures, recommendations and series for a period (from the local SQLite copy: works offline). */
  'insights.compute': { input: InsightsQuery, output: InsightsReport },
  /** The decisions behind a figure ("see the decisions"), paged. */
  'insights.decisions': { input: DecisionListInput, output: DecisionPage },
  /** One request's decision log with its hash chain verified here. */
  'insights.log': { input: z.object({ requestId: z.string().min(1).max(500) }), output: DecisionLog },
  /** Replays a period under a proposed class definition. */
  'insights.whatIf': { input: WhatIfInput, output: WhatIfReport },
  /** Threshold discovery: per class and lane, the numeric argument and split point the decisions show (separate from compute: it reads the actions). */
  'insights.splits': { input: SplitsQuery, output: SplitsReport },
  /** Before/after figures for each class the connected hubs' policy versions changed, with the tighten-back flag. */
  'insights.policyEffects': { input: PolicyEffectsInput, output: PolicyEffectsReport },
  /** Streams the decision log for a period and filter to a file in the data dir's exports/ folder. */
  'insights.export': { input: ExportInput, output: ExportResult },
} as const;
