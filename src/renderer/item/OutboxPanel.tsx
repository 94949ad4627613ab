// A decision made here that is still in the outbox with a reason: the source is unreachable, or the source holds it back
// on purpose (a LangGraph interrupt that asks several things takes one answer for all, so it waits for the rest).
import type { QueueItem } from '../../shared/contract.js';
import { SafeText } from '../common/SafeText.js';

export function OutboxPanel({ item }: { item: QueueItem }) {
  const local = item.localDecision;
  if (!local || (local.syncState !== 'local' && local.syncState !== 'syncing') || !local.error) return null;
  return (
    <section className="panel outbox-waiting" role="status" aria-labelledby="outbox-waiting-title">
      <h3 id="outbox-waiting-title">● Your decision is waiting to be sent</h3>
      <p>
        <SafeText text={local.error} />
      </p>
    </section>
  );
}
