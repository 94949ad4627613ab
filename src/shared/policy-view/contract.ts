// The policy part of the console contract (spread into contract.ts `methods`): what each connected hub's policy says,
// per class, and its version history, so an approver can see why a step exists and who changed it.
import { z } from 'zod';
import { ActionClass } from '../domain.js';
import { PolicyVersionInfo } from '../protocol.js';

export const SourcePolicy = z.object({
  sourceId: z.string(),
  name: z.string(),
  /** ok: read now; unsupported: the source has no policy to show (LangGraph) or a hub from before versions; unreachable: offline. */
  state: z.enum(['ok', 'unsupported', 'unreachable']),
  error: z.string().nullable(),
  version: z.number().int().nonnegative(),
  /** Whether the versions' hash chain holds (null when not known). */
  verified: z.boolean().nullable(),
  classes: z.array(ActionClass),
  versions: z.array(PolicyVersionInfo),
});
export type SourcePolicy = z.infer<typeof SourcePolicy>;

export const policyMethods = {
  /** Each source's current policy and its versions, read from the source (needs it reachable). */
  'policy.get': { input: z.object({}).strict().default({}), output: z.object({ sources: z.array(SourcePolicy) }) },
} as const;
