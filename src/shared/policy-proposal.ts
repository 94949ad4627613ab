// A policy change proposed from the evidence (#13 item 3): one class's new definition, made from a named policy
// version, with a rationale and the figures it rests on. Sent with an id so a retry after a lost answer is the same
// proposal (answered `duplicate`), never a second change or a false "the policy moved on". Who may apply one is here
// too, so the hub, the console core and the renderer's button read the same rule.
import { z } from 'zod';
import { ActionClass } from './domain.js';

/** Members of this hub group may change the policy without the admin role. */
export const POLICY_EDITOR_GROUP = 'policy-editors';

export type PolicyRightsCheck = { ok: true } | { ok: false; message: string };

/** May this identity change the policy? Admins, and members of the policy-editors group. */
export function mayChangePolicy(who: { role: string; groups: readonly string[] }): PolicyRightsCheck {
  if (who.role === 'admin' || who.groups.includes(POLICY_EDITOR_GROUP)) return { ok: true };
  return { ok: false, message: `Only an admin or a member of ${POLICY_EDITOR_GROUP} may change the policy.` };
}

const ProposalId = z
  .string()
  .min(8)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only');

/** POST /v1/policy/proposals */
export const PolicyProposalBody = z.object({
  id: ProposalId,
  /** The policy version the proposal was made from: if the policy moved on since, 409 policy_moved_on and nothing changes. */
  baseVersion: z.number().int().nonnegative(),
  /** The class's whole new definition (replaces the class of that name, or adds it). */
  actionClass: ActionClass,
  /** Why: required, kept with the new version and shown beside it. */
  rationale: z
    .string()
    .max(10_000)
    .refine((s) => s.trim().length > 0, 'say why the policy changes'),
  /** The figures the proposal rests on (the recommendation, the what-if), kept as given. */
  evidence: z.unknown().optional(),
});
export type PolicyProposalBody = z.input<typeof PolicyProposalBody>;

/** The hub's answer: `applied` made `version`; `duplicate` is a retry of a proposal already applied as `version`. */
export const PolicyProposalResult = z.object({
  id: z.string(),
  status: z.enum(['applied', 'duplicate']),
  version: z.number().int().positive(),
  author: z.string(),
  at: z.string(),
});
export type PolicyProposalResult = z.infer<typeof PolicyProposalResult>;

/** The policy with one class replaced by `cls` (or `cls` added at the end). */
export function withClass(classes: readonly ActionClass[], cls: ActionClass): ActionClass[] {
  const i = classes.findIndex((c) => c.name === cls.name);
  return i < 0 ? [...classes, cls] : classes.map((c, j) => (j === i ? cls : c));
}
