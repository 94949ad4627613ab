// GET /v1/insights on the hub: the same computeInsights() over the hub's own `insight_facts` view, so the figures
// a team lead sees from the hub and from any console's local copy agree by construction.
// Query: from, to (YYYY-MM-DD, UTC, inclusive), optional actionClass, control, source, minDecisions, maxChangeRateUpper, maxFailureRate.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { InsightsQuery } from '../../shared/insights/schemas.js';
import type { HubContext } from './server.js';

const QueryString = z.object({
  from: z.string(),
  to: z.string(),
  actionClass: z.string().optional(),
  control: z.string().optional(),
  source: z.string().optional(),
  minDecisions: z.coerce.number().optional(),
  maxChangeRateUpper: z.coerce.number().optional(),
  maxFailureRate: z.coerce.number().optional(),
});

export function insightsRoutes(app: FastifyInstance, ctx: HubContext): void {
  app.get('/v1/insights', { preHandler: ctx.auth(['approver', 'admin']) }, async (req) => {
    const qs = QueryString.parse(req.query); // a ZodError answers 400 with the fields named
    const { minDecisions, maxChangeRateUpper, maxFailureRate, from, to, ...rest } = qs;
    const thresholds = Object.fromEntries(Object.entries({ minDecisions, maxChangeRateUpper, maxFailureRate }).filter(([, v]) => v !== undefined));
    return ctx.storage.insights(InsightsQuery.parse({ ...rest, period: { from, to }, thresholds }));
  });
}
