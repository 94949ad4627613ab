// A policy class in the words a person reads, not the policy file's syntax: "amount is over 1,000" instead of
// `args.amount gt 1000`. Used by the console's Policy view; the rule itself stays in policy.ts and decision-rights.ts.
import { FACTOR_LABELS, type ActionClass, type Condition, type ProposedAction, type Reason, type RiskFactor } from './domain.js';
import { groupList } from './decision-rights.js';
import { inlineValue } from './display-values.js';
import { conditionHolds, readPath } from './policy.js';
import { compilePolicyPattern } from './policy-regex.js';

function value(v: unknown): string {
  if (typeof v === 'number') return v.toLocaleString('en-US');
  if (typeof v === 'string') return `"${v}"`;
  return JSON.stringify(v);
}

/** `args.to.0` -> "to 0": the action's own argument names, without the `args.` every path starts with. */
function field(path: string): string {
  return path
    .replace(/^args\./, '')
    .split('.')
    .join(' ');
}

export function conditionWords(c: Condition): string {
  const f = field(c.path);
  switch (c.op) {
    case 'gt':
      return `${f} is over ${value(c.value)}`;
    case 'gte':
      return `${f} is at least ${value(c.value)}`;
    case 'lt':
      return `${f} is under ${value(c.value)}`;
    case 'lte':
      return `${f} is at most ${value(c.value)}`;
    case 'eq':
      return `${f} is ${value(c.value)}`;
    case 'neq':
      return `${f} is not ${value(c.value)}`;
    case 'in':
      return `${f} is one of ${Array.isArray(c.value) ? c.value.map(value).join(', ') : value(c.value)}`;
    case 'not_in':
      return `${f} is none of ${Array.isArray(c.value) ? c.value.map(value).join(', ') : value(c.value)}`;
    case 'exists':
      return `${f} is given`;
    case 'matches':
      return `${f} matches the pattern ${value(c.value)}`;
  }
}

const allOf = (conds: readonly Condition[]): string => conds.map(conditionWords).join(' and ');

const LANE_WORDS = { review: 'released at once and queued for review', audit: 'released at once; a sample is audited' } as const;

/** What happens to a request of this class, in one or two sentences. */
export function laneWords(cls: ActionClass): string {
  const escalates = cls.escalateWhen.length ? ` Escalated to a person when ${allOf(cls.escalateWhen)}.` : '';
  if (cls.override === 'approval') return `Always waits for a human's approval (class override).${escalates}`;
  if (cls.override) return `Always ${LANE_WORDS[cls.override]}${cls.override === 'audit' ? ` (${Math.round(cls.auditSampleRate * 100)} %)` : ''} (class override).${escalates}`;
  const otherwise = cls.defaultLane === 'audit' ? `${LANE_WORDS.audit} (${Math.round(cls.auditSampleRate * 100)} %)` : LANE_WORDS.review;
  if (cls.factors.length >= 2) return `Always waits for a human's approval: ${cls.factors.length} risk factors always hold.${escalates}`;
  if (cls.factors.length + cls.conditionalFactors.length < 2) return `Never needs approval by the two-factor rule: ${otherwise}.${escalates}`;
  return `Waits for a human's approval when two or more risk factors hold; otherwise ${otherwise}.${escalates}`;
}

/** Each risk factor the class can raise, and when. */
export function factorWords(cls: ActionClass): string[] {
  return [
    ...cls.factors.map((f) => `${FACTOR_LABELS[f]}: always`),
    ...cls.conditionalFactors.map((cf) => `${FACTOR_LABELS[cf.factor]}: when ${allOf(cf.when)}${cf.note ? ` (${cf.note})` : ''}`),
  ];
}

/** Who may decide and how many must agree, including the rules that depend on the action. */
export function rightsWords(cls: ActionClass): string[] {
  const who = (groups: readonly string[]) => (groups.length ? `only ${groupList(groups)}` : 'any approver');
  const out = [`Who decides: ${who(cls.deciders)}.`];
  for (const c of cls.conditionalDeciders) out.push(`When ${allOf(c.when)}: ${who(c.deciders)}${c.note ? ` (${c.note})` : ''}.`);
  out.push(cls.approvals > 1 ? `${cls.approvals} different people must approve the same action.` : 'One approval is enough.');
  for (const c of cls.conditionalApprovals) out.push(`When ${allOf(c.when)}: ${c.approvals} different people must approve${c.note ? ` (${c.note})` : ''}.`);
  if (cls.ownerGroup) out.push(`Escalations go to ${cls.ownerGroup}.`);
  if (cls.reviewers.length) out.push(`Reviews and audits: ${who(cls.reviewers)}.`);
  return out;
}

/** Each factor as a short phrase a person reads in a list ("2 of 5 risk factors: hard to undo, …"). */
const FACTOR_WORDS: Record<RiskFactor, string> = {
  irreversible: 'hard or impossible to undo',
  policy_legal: 'needs a policy or legal judgement',
  outside_lane: 'changes something (more than reading or drafting)',
  weak_ground_truth: 'no reliable way to check the result',
  named_accountability: 'a named person must answer for it',
};

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The factors a request's reasons count, each once, in the order the policy gave them. */
export function countedFactors(reasons: readonly Reason[]): RiskFactor[] {
  return [...new Set(reasons.flatMap((r) => (r.factor ? [r.factor] : [])))];
}

/** "2 of 5 risk factors: hard or impossible to undo, changes something": exactly the factors counted. */
export function riskWords(reasons: readonly Reason[]): string {
  const f = countedFactors(reasons);
  if (f.length === 0) return 'No risk factors';
  return `${f.length} of 5 risk ${f.length === 1 ? 'factor' : 'factors'}: ${f.map((x) => FACTOR_WORDS[x]).join(', ')}`;
}

/** What this action holds that made a condition true: "amount is 480 EUR", "body contains "legal"". */
function hereWords(c: Condition, action: ProposedAction, cls: ActionClass): string {
  const f = field(c.path);
  if (c.op === 'exists') return `${f} is given`;
  if (c.op === 'matches' && typeof c.value === 'string') {
    const v = readPath(action, c.path);
    const re = compilePolicyPattern(c.value);
    if (re.ok && typeof v === 'string') {
      const m = re.re.matcher(v);
      if (m.find()) return `${f} contains "${(m.group() ?? '').slice(0, 80)}"`;
    }
  }
  return `${f} is ${inlineValue(action, cls.display, c.path)}`;
}

function whatHere(conds: readonly Condition[], action: ProposedAction, cls: ActionClass): string {
  const single = conds.length === 1 && ['gt', 'gte', 'lt', 'lte'].includes(conds[0]!.op);
  if (single) return `this one is ${inlineValue(action, cls.display, conds[0]!.path)}`;
  return `here ${conds.map((c) => hereWords(c, action, cls)).join(' and ')}`;
}

/**
 * One reason in plain words, from the policy data: "Refunds over 100 are expensive to claw back; this one is 480 EUR".
 * Without the class (its hub never answered) the words come from the factor alone; a condition that no longer holds
 * under today's policy falls back to the recorded text, so a reason is never made up.
 */
export function reasonWords(r: Reason, cls: ActionClass | null, action: ProposedAction, className: string): string {
  switch (r.kind) {
    case 'factor':
      return `${cap(FACTOR_WORDS[r.factor!])}: true of every ${className} action`;
    case 'conditional_factor': {
      const cf = cls?.conditionalFactors.find((x) => x.factor === r.factor && x.when.every((c) => conditionHolds(c, action)));
      if (!cls || !cf) return `${cap(FACTOR_WORDS[r.factor!])}, because of what this action holds`;
      return cf.note ? `${cap(cf.note)}; ${whatHere(cf.when, action, cls)}` : `${cap(FACTOR_WORDS[cf.factor])} when ${allOf(cf.when)}; ${whatHere(cf.when, action, cls)}`;
    }
    case 'escalation':
      if (r.detail === 'The agent asked to escalate') return 'The agent asked for a person to take this over';
      if (cls && cls.escalateWhen.length && cls.escalateWhen.every((c) => conditionHolds(c, action)))
        return `The policy hands these to a person when ${allOf(cls.escalateWhen)}; ${whatHere(cls.escalateWhen, action, cls)}`;
      return 'The policy hands this kind of action to a person';
    case 'override':
      return r.detail.endsWith('approval') ? 'Always sent for approval, whatever its risk (a class override)' : 'Released without approval by a class override';
    case 'unknown_class':
      return 'No policy describes this kind of action, so a person must approve it (unknown classes fail closed)';
    case 'sampled':
      return cls ? `Picked at random for a human check: about ${Math.round(cls.auditSampleRate * 100)} % of these are` : 'Picked at random for a human check';
  }
}
