// Why an item needs a human (or why it ran without one), in plain words generated from the policy data
// (src/shared/policy-words.ts): "Refunds over 100 are expensive to claw back; this one is 480 EUR". The Policy view
// has each rule as written.
import type { ActionClass, ApprovalRequest } from '../../shared/domain.js';
import { countedFactors, reasonWords, riskWords } from '../../shared/policy-words.js';
import { SafeText } from '../common/SafeText.js';
import { releasedRuleNote } from './item-words.js';

/** The heading of the reasons panel, true to the item's lane: only approvals and escalations needed a person. */
export function reasonsHeading(r: ApprovalRequest): string {
  if (r.control === 'approval') return 'Why it needs a human';
  if (r.control === 'escalation') return 'Why a person owns this';
  return 'Why it ran without approval';
}

export function Reasons({ request: r, cls }: { request: ApprovalRequest; cls: ActionClass | null }) {
  const counted = countedFactors(r.reasons).length;
  const released = releasedRuleNote(r);
  const unknown = r.reasons.some((x) => x.kind === 'unknown_class');
  return (
    <>
      <p className="risk-words">
        {unknown ? 'Risk unknown: no policy describes this class' : riskWords(r.reasons)}
        {released ? <span className="muted"> · {released}</span> : null}
        {r.control === 'approval' && counted < 2 && !unknown && !r.reasons.some((x) => x.kind === 'override') ? (
          <span className="muted"> · sent for approval by the source</span>
        ) : null}
      </p>
      {r.reasons.length === 0 ? (
        <p className="muted">The source gave no reasons.</p>
      ) : (
        <ul className="reasons">
          {r.reasons.map((x, i) => (
            <li key={i}>
              <SafeText text={reasonWords(x, cls, r.action, r.actionClass)} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
