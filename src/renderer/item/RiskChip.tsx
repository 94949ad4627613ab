// The risk on the item header as words, not an unlabelled number: "Risk 2 of 5", "Escalation", "Unknown class".
// The count is of the factors the reasons list (an escalation's recorded rank of 5 is not a count of anything).
import type { ApprovalRequest } from '../../shared/domain.js';
import { countedFactors, riskWords } from '../../shared/policy-words.js';

export function RiskChip({ request: r }: { request: ApprovalRequest }) {
  const n = countedFactors(r.reasons).length;
  if (r.control === 'escalation')
    return (
      <span className="chip risk-escalation" title={riskWords(r.reasons)}>
        Escalation
      </span>
    );
  if (r.reasons.some((x) => x.kind === 'unknown_class'))
    return (
      <span className="chip risk risk-5" title="No policy describes this class: it needs approval">
        Unknown class
      </span>
    );
  return (
    <span className={`chip risk risk-${Math.min(n, 5)}`} title={riskWords(r.reasons)}>
      Risk {n} of 5
    </span>
  );
}
