// Words on the item that must agree with what happened, as plain functions (so a test can hold each to it): the card's
// heading, the note beside a released item's risk, and whether the decided panel reads as success or failure.
import type { QueueItem } from '../../shared/contract.js';
import type { ApprovalRequest, Decision, Outcome } from '../../shared/domain.js';
import { countedFactors } from '../../shared/policy-words.js';

/** The card's heading: still to happen, already ran, was approved, or was only proposed (rejected, expired, resolved). */
export function cardHeading(item: Pick<QueueItem, 'lane' | 'request'>): string {
  const r = item.request;
  if (r.status === 'released' || r.outcome?.status === 'executed') return 'What ran';
  if (item.lane !== 'decided') return 'What will happen';
  // An approval with edits ran something else than the card shows (the decided panel has the approved action).
  if (r.status === 'approved' && !r.decision?.editedAction) return 'What was approved';
  return 'What was proposed';
}

/**
 * Beside a released item's risk: why no approval was needed, true to the rule (approval when two or more factors
 * hold) or to the class's override. Null when the item waited for a person.
 */
export function releasedRuleNote(r: Pick<ApprovalRequest, 'control' | 'reasons'>): string | null {
  if (r.control !== 'review' && r.control !== 'audit') return null;
  if (r.reasons.some((x) => x.kind === 'override')) return 'released by the class’s override, whatever its factors';
  return countedFactors(r.reasons).length < 2 ? 'approval starts at two factors' : null;
}

/** The decided panel's tone: an action that failed or was rolled back reads as failure whatever the verdict was. */
export function decidedTone(decision: Pick<Decision, 'verdict'>, outcome: Pick<Outcome, 'status'> | null): 'ok' | 'bad' | 'neutral' {
  if (outcome && outcome.status !== 'executed') return 'bad';
  return decision.verdict === 'approve' || decision.verdict === 'approve_with_edits' || outcome?.status === 'executed' ? 'ok' : 'neutral';
}
