// What a verdict is called where it is made. On a released action (Reviews, Audit samples) nothing waits for the
// approver: "approve" means it looks fine and "reject" flags a problem after the fact, so the words say that.
import type { QueueItem } from '../../shared/contract.js';
import type { Outcome, Verdict } from '../../shared/domain.js';

export const VERDICT_LABELS: Record<Verdict, string> = {
  approve: 'Approved',
  approve_with_edits: 'Approved with edits',
  reject: 'Rejected',
  escalate: 'Escalated',
  ignore: 'Ignored',
  resolve: 'Resolved',
};

const REVIEW_LABELS: Partial<Record<Verdict, string>> = { approve: 'Marked fine', reject: 'Flagged a problem' };

/** The action already ran (released by its lane): a decision on it is a review, not an approval. */
export function isReview(item: Pick<QueueItem, 'request'>): boolean {
  return item.request.status === 'released';
}

export function verdictLabel(item: Pick<QueueItem, 'request'>, verdict: Verdict): string {
  return (isReview(item) && REVIEW_LABELS[verdict]) || VERDICT_LABELS[verdict];
}

/** What happened after release, as the source reported it: one set of words for the row and the decided item. */
export const OUTCOME_LABELS: Record<Outcome['status'], string> = {
  executed: 'took effect',
  failed: 'failed after release',
  rolled_back: 'rolled back',
};

/** A row's status: the hub's word, and the outcome beside it, so "approved" never stands alone for an action that failed. */
export function rowStatusText(status: string, outcome: Outcome['status'] | null): string {
  return outcome ? `${status} · ${OUTCOME_LABELS[outcome]}` : status;
}
