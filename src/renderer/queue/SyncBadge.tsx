import type { SyncState } from '../../shared/contract.js';

const LABELS: Record<SyncState, string> = {
  local: 'saved here, waiting to sync',
  syncing: 'syncing',
  synced: 'synced',
  conflict: 'conflict: decided elsewhere first',
  failed: 'did not take effect at the source',
  voted: 'your approval is counted; the request waits for more approvals',
  forbidden: 'not applied: you are not a decider for this request',
  stale: 'not applied: the action changed before your decision arrived',
};
const SHORT: Record<SyncState, string> = {
  local: '● waiting to sync',
  syncing: '↻ syncing',
  synced: '✓ synced',
  conflict: '⚡ conflict',
  failed: '✕ not delivered',
  voted: '✓ vote counted',
  forbidden: '⛔ not yours',
  stale: '⚡ stale',
};

/** Where a decision is on its way to the source (text and symbol, not colour alone). */
export function SyncBadge({ state }: { state: SyncState | null | undefined }) {
  if (!state) return null;
  return (
    <span className={`badge sync sync-${state}`} title={LABELS[state]}>
      {SHORT[state]}
    </span>
  );
}
