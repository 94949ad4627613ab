// A decision that did not take effect at its source (the source refused it, or the resumed run failed there): what was
// decided, the source's error text, and whether the item can be answered again. Never shown as synced.
import type { QueueItem } from '../../shared/contract.js';
import { SafeText } from '../common/SafeText.js';
import { VERDICT_LABELS } from '../decide/verdicts.js';
import { formatTime } from '../state/clock.js';

export function DeliveryFailedPanel({ item, canRetry }: { item: QueueItem; canRetry: boolean }) {
  const local = item.localDecision;
  if (!local || local.syncState !== 'failed') return null;
  const d = local.decision;
  return (
    <section className="panel delivery-failed" role="alert" aria-labelledby="delivery-failed-title">
      <h3 id="delivery-failed-title">✕ Your decision did not take effect</h3>
      <p>
        <SafeText text={local.error ?? 'the source did not confirm it'} />
      </p>
      <p className="muted">
        Kept here: {VERDICT_LABELS[d.verdict]} by <SafeText text={d.decidedBy} /> at {formatTime(d.decidedAt)}.{' '}
        {canRetry ? 'The item is still waiting at its source: decide again below.' : 'The item is no longer waiting at its source.'}
      </p>
    </section>
  );
}
