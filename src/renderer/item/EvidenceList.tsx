import type { Evidence } from '../../shared/domain.js';
import { ExternalLink } from '../common/ExternalLink.js';
import { SafeText } from '../common/SafeText.js';

/** The agent's evidence: titled texts and links (links open only when http(s)). */
export function EvidenceList({ evidence }: { evidence: Evidence[] }) {
  if (evidence.length === 0) return <p className="muted">No evidence attached.</p>;
  return (
    <ul className="evidence">
      {evidence.map((e, i) => (
        <li key={i}>
          <div className="evidence-title">
            {e.url ? (
              <ExternalLink url={e.url}>
                <SafeText text={e.title || e.url} />
              </ExternalLink>
            ) : (
              <SafeText text={e.title} />
            )}
          </div>
          {e.text ? (
            <div className="evidence-text">
              <SafeText text={e.text} />
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
