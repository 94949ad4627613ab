// The lane rule: which queue lane an item belongs to, from the request and whether we decided it locally.
//   approvals   = control approval   & pending  & no local decision
//   escalations = control escalation & pending  & no local decision
//   reviews     = control review     & released & no decision
//   audit       = control audit & sampled & released & no decision
//   decided     = a local decision, a final status, or a review/audit decision from the source
// Anything else (an unsampled audit item) is in no lane: nobody needs to look at it, but insights count it.
import type { ApprovalRequest } from '../../shared/domain.js';
import type { Lane } from '../../shared/contract.js';

const FINAL = new Set(['approved', 'rejected', 'escalated', 'expired', 'withdrawn']);

export function isSampled(req: ApprovalRequest): boolean {
  return req.reasons.some((r) => r.kind === 'sampled');
}

export function laneOf(req: ApprovalRequest, hasLocalDecision: boolean, gone = false): Lane | null {
  if (hasLocalDecision || FINAL.has(req.status) || req.decision || gone) return 'decided';
  if (req.status === 'pending') {
    if (req.control === 'approval') return 'approvals';
    if (req.control === 'escalation') return 'escalations';
    return null;
  }
  if (req.status === 'released') {
    if (req.control === 'review') return 'reviews';
    if (req.control === 'audit' && isSampled(req)) return 'audit';
  }
  return null;
}
