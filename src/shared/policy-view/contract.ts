// The policy part of the console contract (spread into contract.ts `methods`): what each connected hub's policy says,
// per class, and its version history, so an approver can see why a step exists and who changed it.
import { z } from 'zod';
import { ActionClass } from '../domain.js';
import { PolicyVersionInfo } from '../protocol.js';
import { PolicyProposalBody } from '../policy-proposal.js';

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
  /** unreachable: the classes and versions shown are the copy read at this time (null: read now, or no copy). */
  cachedAt: z.string().nullable(),
  /** Whether this console's identity there may change the policy (null: not known, e.g. never reached). */
  mayChange: z.boolean().nullable(),
});
export type SourcePolicy = z.infer<typeof SourcePolicy>;

/** A proposal as the console holds it: written locally first, then sent from the outbox (docs/insights.md). */
export const PolicyProposalView = z.object({
  id: z.string(),
  sourceId: z.string(),
  className: z.string(),
  baseVersion: z.number().int(),
  rationale: z.string(),
  author: z.string().nullable(),
  /** local: waiting to be sent (offline, or not yet); applied: the source made `resultVersion`; refused: `error` says why. */
  state: z.enum(['local', 'syncing', 'applied', 'refused']),
  error: z.string().nullable(),
  errorCode: z.string().nullable(),
  resultVersion: z.number().int().nullable(),
  createdAt: z.string(),
  settledAt: z.string().nullable(),
});
export type PolicyProposalView = z.infer<typeof PolicyProposalView>;

const ProposeInput = PolicyProposalBody.omit({ id: true })
  .extend({ sourceId: z.string().min(1).max(200) })
  .strict();

export const policyMethods = {
  /** Each source's current policy and its versions, read from the source (needs it reachable). */
  'policy.get': { input: z.object({}).strict().default({}), output: z.object({ sources: z.array(SourcePolicy) }) },
  /** Proposes one class's new definition from a policy version: kept locally, sent like a decision (offline-safe). */
  'policy.propose': { input: ProposeInput, output: PolicyProposalView },
  /** The console's proposals, newest first, with their sync state and the source's answer. */
  'policy.proposals': { input: z.object({}).strict().default({}), output: z.object({ proposals: z.array(PolicyProposalView) }) },
} as const;
