// The recommendation rule: relax / keep / tighten / not enough data, with the evidence and thresholds it rests on.
// Approval lane: relax when enough decisions show a change rate whose 95% upper bound is under the threshold
// and enough reported outcomes show few failures; otherwise keep. Review/audit lanes (released work):
// tighten when the change rate's 95% lower bound is over the threshold or released actions fail too often.
// Never a verdict without enough data: then say how much more is needed.
import type { Control } from '../domain.js';
import { pct } from './format.js';
import type { DecisionFilter, LaneFigures, Period, Recommendation, Thresholds } from './schemas.js';

export type FiguresWithoutRecommendation = Omit<LaneFigures, 'recommendation'>;

export function recommend(f: FiguresWithoutRecommendation, t: Thresholds, period: Period, source?: string): Recommendation {
  const base: DecisionFilter = { period, actionClass: f.actionClass, control: f.control, only: 'decided', ...(source ? { source } : {}) };
  const changeLine = f.changeCi
    ? `Change rate ${pct(f.changeRate)} (${f.changed} of ${f.decided} decisions edited or rejected; 95% Wilson interval ${pct(f.changeCi.low)}–${pct(f.changeCi.high)})`
    : `No human decisions in this period`;
  const failLine = f.outcomes.failureCi
    ? `Post-release failures ${pct(f.outcomes.failureRate)} (${f.outcomes.failed + f.outcomes.rolledBack} of ${f.outcomes.reported} reported outcomes failed or rolled back)`
    : `No outcomes reported after release`;
  const min = t.minDecisions;
  const needDecisions = Math.max(0, min - f.decided);
  const needOutcomes = Math.max(0, min - f.outcomes.reported);
  const thresholdsLine = `Thresholds: at least ${min} decisions, change-rate upper bound ≤ ${pct(t.maxChangeRateUpper)}, failure rate ≤ ${pct(t.maxFailureRate)}`;
  const make = (kind: Recommendation['kind'], headline: string, evidence: string[], only: DecisionFilter['only'], needs: Recommendation['needs'] = null): Recommendation => ({
    kind,
    headline,
    evidence: [...evidence, thresholdsLine],
    needs,
    filter: { ...base, only },
  });
  const failureHigh = f.outcomes.reported >= min && (f.outcomes.failureRate ?? 0) > t.maxFailureRate;

  if (isBlocking(f.control)) {
    if (needDecisions > 0) {
      return make('not_enough_data', `Not enough data: needs ${needDecisions} more decision${needDecisions === 1 ? '' : 's'}`, [changeLine], 'decided', {
        decisions: needDecisions,
        outcomes: needOutcomes,
      });
    }
    if (f.control === 'escalation') {
      return make('keep', 'Keep: escalation is the agent handing the case to a person', [changeLine, failLine], 'decided');
    }
    const upper = f.changeCi!.high;
    if (upper > t.maxChangeRateUpper) {
      return make(
        'keep',
        `Keep approval: humans change ${pct(f.changeRate)} of these actions`,
        [changeLine, `Upper bound ${pct(upper)} is above ${pct(t.maxChangeRateUpper)}`],
        'changed',
      );
    }
    if (needOutcomes > 0) {
      return make(
        'not_enough_data',
        `Not enough data: change rate is low, needs ${needOutcomes} more reported outcome${needOutcomes === 1 ? '' : 's'} to judge failures`,
        [changeLine, failLine],
        'decided',
        { decisions: 0, outcomes: needOutcomes },
      );
    }
    if (failureHigh) {
      return make(
        'keep',
        `Keep approval: ${pct(f.outcomes.failureRate)} of released actions fail`,
        [changeLine, failLine, `Failure rate is above ${pct(t.maxFailureRate)}`],
        'failed',
      );
    }
    return make(
      'relax',
      'Relax: approval rarely changes anything here; move this class to its review or audit lane',
      [
        changeLine,
        `Upper bound ${pct(upper)} is at or under ${pct(t.maxChangeRateUpper)}`,
        failLine,
        `Failure rate is at or under ${pct(t.maxFailureRate)}`,
        `${f.heldHours.toFixed(1)} hours of agent work were held for approval`,
      ],
      'decided',
    );
  }

  // Review and audit lanes: the work was released; the humans looked afterwards.
  const changedOften = f.decided >= min && f.changeCi !== null && f.changeCi.low > t.maxChangeRateUpper;
  if (changedOften) {
    return make(
      'tighten',
      `Tighten: reviewers change ${pct(f.changeRate)} of released ${f.control} items; consider approval first`,
      [changeLine, `Lower bound ${pct(f.changeCi!.low)} is above ${pct(t.maxChangeRateUpper)}`, failLine],
      'changed',
    );
  }
  if (failureHigh) {
    return make(
      'tighten',
      `Tighten: ${pct(f.outcomes.failureRate)} of released actions fail; consider approval first`,
      [changeLine, failLine, `Failure rate is above ${pct(t.maxFailureRate)}`],
      'failed',
    );
  }
  if (needDecisions > 0 || needOutcomes > 0) {
    const parts = [
      needDecisions > 0 ? `${needDecisions} more reviewed decision${needDecisions === 1 ? '' : 's'}` : '',
      needOutcomes > 0 ? `${needOutcomes} more reported outcome${needOutcomes === 1 ? '' : 's'}` : '',
    ].filter(Boolean);
    return make('not_enough_data', `Not enough data: needs ${parts.join(' and ')}`, [changeLine, failLine], 'decided', { decisions: needDecisions, outcomes: needOutcomes });
  }
  return make('keep', `Keep the ${f.control} lane: reviews rarely change anything and released actions hold up`, [changeLine, failLine], 'decided');
}

/** Lanes where the agent waits for the human. */
function isBlocking(c: Control): boolean {
  return c === 'approval' || c === 'escalation';
}
