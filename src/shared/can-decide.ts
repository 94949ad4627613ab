// The one rule for "can this request be decided with this verdict, now": the hub enforces it, the console core
// checks it before writing locally, the renderer uses it to enable buttons. Each maps a refusal to its own error.
import { Verdict, type ApprovalRequest, type Control, type RequestStatus } from './domain.js';

/** The few facts the rule reads; the hub builds them from its row without parsing the request JSON. */
export interface DecideFacts {
  status: RequestStatus;
  control: Control;
  /** Audit lane: whether the policy sampled this item for a human. */
  sampled: boolean;
  expiresAtMs: number | null;
  /** The source already holds a decision for it. */
  decided: boolean;
}

export type RefusalCode = 'verdict_not_allowed' | 'expired' | 'decided' | 'not_open' | 'not_sampled';
export type DecideCheck = { ok: true } | { ok: false; code: RefusalCode; message: string };

const OK: DecideCheck = { ok: true };
const OPEN: ReadonlySet<RequestStatus> = new Set(['pending', 'released']);
const ALL_VERDICTS: readonly Verdict[] = Verdict.options;
const EXPIRED = 'This item has expired: it cannot be approved.';

export function factsOf(req: ApprovalRequest): DecideFacts {
  return {
    status: req.status,
    control: req.control,
    sampled: req.reasons.some((r) => r.kind === 'sampled'),
    // An unreadable expiry parses to NaN, which never compares as past: the item does not lapse.
    expiresAtMs: req.expiresAt ? Date.parse(req.expiresAt) : null,
    decided: !!req.decision,
  };
}

/** Approving verdicts: the only ones a lapsed request refuses (rejecting or escalating it harms nothing). */
export function isApproving(verdict: Verdict): boolean {
  return verdict === 'approve' || verdict === 'approve_with_edits';
}

/** Still pending but past its expiry: the hub marks such a request expired the moment it sees it. */
export function isLapsed(req: DecideFacts, nowMs: number): boolean {
  return req.status === 'pending' && req.expiresAtMs !== null && req.expiresAtMs <= nowMs;
}

/** Expired, or as good as: nothing can approve it any more. */
export function isExpired(req: DecideFacts, nowMs: number): boolean {
  return req.status === 'expired' || isLapsed(req, nowMs);
}

function refuse(code: RefusalCode, message: string): DecideCheck {
  return { ok: false, code, message };
}

/** Whatever the verdict: is the request itself still waiting for a decision (its expiry aside)? */
export function openCheck(req: DecideFacts): DecideCheck {
  if (req.status === 'expired') return refuse('expired', EXPIRED);
  if (req.decided) return refuse('decided', 'This item was already decided at its source.');
  if (!OPEN.has(req.status)) return refuse('not_open', `This item is ${req.status} at its source.`);
  // An unsampled audit item was released without anyone needing to look: there is nothing to review.
  if (req.status === 'released' && req.control === 'audit' && !req.sampled) return refuse('not_sampled', 'This audit item was not sampled for review.');
  return OK;
}

/**
 * Can `verdict` be recorded for this request at `nowMs`? `allowed` is what its source accepts (every verdict when
 * the caller has no such list). Checked in this order, so the first refusal is the one reported.
 */
export function canDecide(req: DecideFacts, verdict: Verdict, nowMs: number, allowed: readonly Verdict[] = ALL_VERDICTS): DecideCheck {
  if (!allowed.includes(verdict)) return refuse('verdict_not_allowed', 'This source does not accept that decision for this item.');
  if (isApproving(verdict) && isLapsed(req, nowMs)) return refuse('expired', EXPIRED);
  // Resolving closes an escalation's case; any other lane has its own verdicts.
  if (verdict === 'resolve' && req.control !== 'escalation') return refuse('verdict_not_allowed', 'Only an escalation is resolved.');
  return openCheck(req);
}
