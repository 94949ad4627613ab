// Why this item needs a human: the risk factors (and overrides or escalation) the policy found true.
import { FACTOR_LABELS, type Reason } from '../../shared/domain.js';
import { SafeText } from '../common/SafeText.js';

const KIND_LABELS: Record<Reason['kind'], string> = {
  factor: 'Always true for this class',
  conditional_factor: 'True for these arguments',
  override: 'Policy override',
  escalation: 'Escalation',
  unknown_class: 'Unknown action class (fails closed)',
  sampled: 'Sampled for audit',
};

export function Reasons({ reasons }: { reasons: Reason[] }) {
  if (reasons.length === 0) return <p className="muted">The source gave no reasons.</p>;
  return (
    <ul className="reasons">
      {reasons.map((r, i) => (
        <li key={i}>
          <span className="reason-title">{r.factor ? FACTOR_LABELS[r.factor] : KIND_LABELS[r.kind]}</span>
          <span className="reason-kind">{KIND_LABELS[r.kind]}</span>
          {r.detail ? (
            <span className="reason-detail">
              <SafeText text={r.detail} />
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
