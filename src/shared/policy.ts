// The product's rule, as one pure function used by the hub, the gateway and the insights what-if.
// Approval is required when two or more risk factors are true; otherwise the class's review or audit lane.
import type { ActionClass, Condition, Control, ProposedAction, Reason, RiskFactor } from './domain.js';
import { policyPatternMatches } from './policy-regex.js';

export interface Classification {
  control: Control;
  reasons: Reason[];
  /** The factors that were true (fixed and conditional). */
  factors: RiskFactor[];
  /** Audit lane only: whether this item was sampled for a human. */
  sampled: boolean;
  risk: number;
}

const APPROVAL_THRESHOLD = 2;

/** Reads a dot path (`args.to.0`) from a value; undefined when any step is missing. */
export function readPath(value: unknown, path: string): unknown {
  let cur: unknown = value;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(cur, key)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

export function conditionHolds(cond: Condition, action: ProposedAction): boolean {
  const v = readPath(action, cond.path);
  const want = cond.value;
  switch (cond.op) {
    case 'exists':
      return v !== undefined && v !== null;
    case 'eq':
      return JSON.stringify(v) === JSON.stringify(want);
    case 'neq':
      return JSON.stringify(v) !== JSON.stringify(want);
    case 'in':
      return Array.isArray(want) && want.some((w) => JSON.stringify(w) === JSON.stringify(v));
    case 'not_in':
      return Array.isArray(want) && !want.some((w) => JSON.stringify(w) === JSON.stringify(v));
    case 'matches': {
      if (typeof v !== 'string' || typeof want !== 'string') return false;
      return policyPatternMatches(want, v);
    }
    default: {
      const a = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
      if (typeof a !== 'number' || Number.isNaN(a) || typeof want !== 'number') return false;
      if (cond.op === 'gt') return a > want;
      if (cond.op === 'gte') return a >= want;
      if (cond.op === 'lt') return a < want;
      return a <= want; // lte
    }
  }
}

function describeCondition(c: Condition): string {
  return c.op === 'exists' ? `${c.path} exists` : `${c.path} ${c.op} ${JSON.stringify(c.value)}`;
}

/** Deterministic sampling in [0,1) from the request id, so replays (what-if) sample the same items. */
export function sampleFraction(id: string): number {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0) / 4294967296;
}

export function classify(cls: ActionClass | undefined, action: ProposedAction, opts: { escalate?: boolean; requestId?: string } = {}): Classification {
  if (!cls) {
    // Fail closed: a class nobody has described needs a human.
    return {
      control: opts.escalate ? 'escalation' : 'approval',
      reasons: [{ factor: null, kind: 'unknown_class', detail: 'Unknown action class: fails closed to approval' }],
      factors: [],
      sampled: false,
      risk: 5,
    };
  }
  const reasons: Reason[] = [];
  const factors = new Set<RiskFactor>();
  for (const f of cls.factors) {
    factors.add(f);
    reasons.push({ factor: f, kind: 'factor', detail: `${cls.name} is always: ${f}` });
  }
  for (const cf of cls.conditionalFactors) {
    if (cf.when.every((c) => conditionHolds(c, action))) {
      if (!factors.has(cf.factor))
        reasons.push({ factor: cf.factor, kind: 'conditional_factor', detail: cf.when.map(describeCondition).join(' and ') + (cf.note ? ` (${cf.note})` : '') });
      factors.add(cf.factor);
    }
  }
  const risk = factors.size;
  const escalateByPolicy = cls.escalateWhen.length > 0 && cls.escalateWhen.every((c) => conditionHolds(c, action));
  if (opts.escalate || escalateByPolicy) {
    reasons.push({
      factor: null,
      kind: 'escalation',
      detail: opts.escalate ? 'The agent asked to escalate' : `Policy escalates when ${cls.escalateWhen.map(describeCondition).join(' and ')}`,
    });
    return { control: 'escalation', reasons, factors: [...factors], sampled: false, risk: 5 };
  }
  let control: Control = risk >= APPROVAL_THRESHOLD ? 'approval' : cls.defaultLane;
  if (cls.override) {
    if (cls.override !== control) reasons.push({ factor: null, kind: 'override', detail: `Class override: ${cls.override}` });
    control = cls.override;
  }
  let sampled = false;
  if (control === 'audit') {
    sampled = sampleFraction(opts.requestId ?? JSON.stringify(action)) < cls.auditSampleRate;
    if (sampled) reasons.push({ factor: null, kind: 'sampled', detail: `Sampled for audit at ${Math.round(cls.auditSampleRate * 100)}%` });
  }
  return { control, reasons, factors: [...factors], sampled, risk };
}
