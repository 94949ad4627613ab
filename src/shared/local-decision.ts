// Which local decision states hold an item in Decided. A decision the source did not take as final (it failed, it was
// counted as one vote of a quorum, the approver had no right to it, or it was for an action that has since changed)
// lets the item follow the source's request again: still pending there, it is back in its lane with the answer shown.
import type { SyncState } from './contract.js';

export const RELEASING_STATES = ['failed', 'voted', 'forbidden', 'stale'] as const satisfies readonly SyncState[];

/** True when a local decision in this state keeps its item in Decided (and another decision cannot replace it). */
export function holdsItem(state: SyncState): boolean {
  return !(RELEASING_STATES as readonly string[]).includes(state);
}
