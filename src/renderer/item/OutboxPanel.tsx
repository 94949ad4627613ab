// A decision made here that is still in the outbox with a reason: the source is unreachable, or the source holds it back
// on purpose (a LangGraph interrupt that asks several things takes one answer for all, so it waits for the rest), or it
// was sent and the source is still working on it (a resumed LangGraph run that has not ended: not yet counted).
import type { QueueItem } from '../../shared/contract.js';
import { SafeText } from '../common/SafeText.js';

export function OutboxPanel({ item }: { item: QueueItem }) {
  const local = item.localDecision;
  if (!local || (local.syncState !== 'local' && local.syncState !== 'syncing')) return null;
  const sent = local.answer?.kind === 'running' ? local.answer.reason : null;
  const text = local.error ?? sent;
  if (!text) return null;
  return (
    <section className="panel outbox-waiting" role="status" aria-labelledby="outbox-waiting-title">
      <h3 id="outbox-waiting-title">{sent ? '● Sent: waiting for the agent’s run to finish' : '● Your decision is waiting to be sent'}</h3>
      <p>
        <SafeText text={text} />
      </p>
    </section>
  );
}
