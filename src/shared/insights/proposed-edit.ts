// A recommendation as a policy edit (#13 item 3): the class's real current definition with the change already made,
// so the what-if replays it and an authorised person can apply it. Relax moves the class (or, split at a threshold,
// only its actions at or under it) out of approval; tighten moves it (or only its actions over the threshold) into
// approval. Everything else in the definition stays as it was.
import type { ActionClass, Condition, RiskFactor } from '../domain.js';
import { RiskFactor as RiskFactors } from '../domain.js';

export interface ThresholdSplit {
  /** A dot path into the action, e.g. `args.amount`. */
  path: string;
  threshold: number;
}

export type ProposedEdit = { ok: true; cls: ActionClass; summary: string } | { ok: false; reason: string };

export function proposedEdit(cls: ActionClass, kind: 'relax' | 'tighten', split?: ThresholdSplit): ProposedEdit {
  if (!split) {
    if (kind === 'relax') return { ok: true, cls: { ...cls, override: cls.defaultLane }, summary: `Move ${cls.name} to its ${cls.defaultLane} lane (class override).` };
    return { ok: true, cls: { ...cls, override: 'approval' }, summary: `Require approval for every ${cls.name} action (class override).` };
  }
  if (!split.path.trim() || !Number.isFinite(split.threshold)) return { ok: false, reason: 'A split needs an argument path and a number.' };
  const over: Condition = { path: split.path.trim(), op: 'gt', value: split.threshold };
  const note = `split at ${split.threshold} from the evidence`;
  if (kind === 'relax') {
    if (cls.override === 'approval') return { ok: false, reason: `${cls.name} is forced to approval by its override: relax the whole class, or edit its factors.` };
    // At or under the threshold only one risk factor remains, so the two-factor rule sends it to the default lane;
    // over it every factor holds exactly as before.
    const [kept, ...moved] = cls.factors;
    return {
      ok: true,
      cls: {
        ...cls,
        factors: kept ? [kept] : [],
        conditionalFactors: [...moved.map((factor) => ({ factor, when: [over], note })), ...cls.conditionalFactors.map((cf) => ({ ...cf, when: [...cf.when, over] }))],
      },
      summary: `${cls.name} at or under ${split.threshold} (${over.path}) goes to its ${cls.defaultLane} lane; over it, approval as before.`,
    };
  }
  // Tighten: over the threshold at least two factors hold, so approval is required there.
  const missing = Math.max(0, 2 - cls.factors.length);
  const extra: RiskFactor[] = RiskFactors.options.filter((f) => !cls.factors.includes(f)).slice(0, missing);
  return {
    ok: true,
    cls: {
      ...cls,
      override: cls.override === 'approval' ? 'approval' : null,
      conditionalFactors: [...cls.conditionalFactors, ...extra.map((factor) => ({ factor, when: [over], note }))],
    },
    summary: `${cls.name} over ${split.threshold} (${over.path}) needs approval; at or under it, the ${cls.defaultLane} lane as before.`,
  };
}

/** Numeric argument paths the class's conditions already use (the first is the likely split), e.g. `args.amount`. */
export function numericPaths(cls: ActionClass): string[] {
  const all = [
    ...cls.conditionalFactors.flatMap((c) => c.when),
    ...cls.escalateWhen,
    ...cls.conditionalDeciders.flatMap((c) => c.when),
    ...cls.conditionalApprovals.flatMap((c) => c.when),
  ];
  return [...new Set(all.filter((c) => ['gt', 'gte', 'lt', 'lte'].includes(c.op)).map((c) => c.path))];
}
