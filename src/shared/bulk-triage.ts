// Bulk triage: which items may be decided together in one step, and the contract of that step. An action that already
// ran (Reviews, Audit samples) is marked fine or flagged after the fact, so marking forty at once decides nothing that
// has not happened. An approval is decided on its own, and never in bulk when its class needs several approvers or
// carries an irreversible factor. The renderer offers bulk only where this says yes; the core refuses the rest.
import { z } from 'zod';
import type { ApprovalRequest } from './domain.js';

/** The most items one bulk step takes (the renderer's "select all matching" stops there, and says so). */
export const BULK_MAX = 1000;

/** The verdicts a bulk step may give: "Looks fine" and "Flag a problem" (which needs a note). */
export const BulkVerdict = z.enum(['approve', 'reject']);
export type BulkVerdict = z.infer<typeof BulkVerdict>;

/** Why this request may not be decided in bulk, in words; null when it may. */
export function bulkRefusal(req: Pick<ApprovalRequest, 'status' | 'rights' | 'reasons'>): string | null {
  if (req.status === 'released') return null;
  if (req.rights.approvals > 1) return `it needs ${req.rights.approvals} approvers, so it is decided on its own`;
  if (req.reasons.some((r) => r.factor === 'irreversible')) return 'it is hard or impossible to undo, so it is decided on its own';
  return 'it waits for approval: only actions that already ran (Reviews, Audit samples) are marked in bulk';
}

const Ids = z.array(z.string().max(500)).min(1).max(BULK_MAX);

export const BulkDecideInput = z.object({ ids: Ids, verdict: BulkVerdict, feedback: z.string().max(100_000).optional() });
export type BulkDecideInput = z.input<typeof BulkDecideInput>;

/** What a bulk step did: the decisions written (each held for undo until releaseAt), and those it could not make, why. */
export const BulkResult = z.object({
  done: z.array(z.object({ id: z.string(), releaseAt: z.string().nullable() })),
  skipped: z.array(z.object({ id: z.string(), reason: z.string() })),
});
export type BulkResult = z.infer<typeof BulkResult>;

export const bulkMethods = {
  /** Marks several released actions at once (all in one transaction); refuses the whole step if any may not be. */
  'items.decideMany': { input: BulkDecideInput, output: BulkResult },
  /** Takes back several unsent decisions at once (a bulk step's undo). */
  'items.undoMany': { input: z.object({ ids: Ids }), output: BulkResult },
} as const;
