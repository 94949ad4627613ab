// Who handles an escalation now, as the hub recorded it (POST /v1/ownership, synced to every console): "Owned by X
// since …", or that nobody has taken the case yet. Only on open escalations; a closed one shows its decision instead.
import type { QueueItem, SourceIdentity } from '../../shared/contract.js';
import { SafeText } from '../common/SafeText.js';
import { isOpenEscalation } from '../decide/actions.js';
import { ago, formatTime, useClock } from '../state/clock.js';

export function OwnerLine({ item, identity }: { item: QueueItem; identity: SourceIdentity | null }) {
  const now = useClock((s) => s.now);
  if (!isOpenEscalation(item)) return null;
  const owner = item.request.owner ?? null;
  if (!owner) return <p className="owner-line muted">Nobody owns this case yet.</p>;
  return (
    <p className="owner-line" role="status">
      Owned by {identity?.id === owner.userId ? 'you' : <SafeText text={owner.handle} />} since {formatTime(owner.since)} <span className="muted">({ago(owner.since, now)})</span>
    </p>
  );
}
