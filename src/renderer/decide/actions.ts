// What the keys and buttons do to the item on screen; one place so both behave the same.
import type { QueueItem } from '../../shared/contract.js';
import type { Verdict } from '../../shared/domain.js';
import { toast } from '../state/app.js';
import { useItem } from '../state/item.js';
import { openDialog } from '../state/ui.js';
import { canDecide, decide, isExpired } from './decide.js';

function current(): QueueItem | null {
  return useItem.getState().detail?.item ?? null;
}

export function allows(item: QueueItem, v: Verdict): boolean {
  if (!canDecide(item) || !item.allowedVerdicts.includes(v)) return false;
  if ((v === 'approve' || v === 'approve_with_edits') && isExpired(item)) return false;
  return true;
}

function guard(v: Verdict): QueueItem | null {
  const item = current();
  if (!item) return null;
  if (allows(item, v)) return item;
  if ((v === 'approve' || v === 'approve_with_edits') && isExpired(item)) toast('This item has expired: it cannot be approved.', 'info');
  else if (canDecide(item)) toast('This source does not accept that decision for this item.', 'info');
  return null;
}

export function approveCurrent() {
  const item = guard('approve');
  if (item) void decide(item, 'approve');
}
export function editCurrent() {
  if (guard('approve_with_edits')) openDialog('edit');
}
export function rejectCurrent() {
  if (guard('reject')) openDialog('reject');
}
export function escalateCurrent() {
  if (guard('escalate')) openDialog('escalate');
}
