// A policy class in the words a person reads, not the policy file's syntax: "amount is over 1,000" instead of
// `args.amount gt 1000`. Used by the console's Policy view; the rule itself stays in policy.ts and decision-rights.ts.
import { FACTOR_LABELS, type ActionClass, type Condition } from './domain.js';
import { groupList } from './decision-rights.js';

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
