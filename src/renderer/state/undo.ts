// Decisions still inside their undo window, newest last. The core holds each one unsent until its release time;
// this only remembers what to offer on screen. Undo asks the core (item.undo), which refuses once a push began.
import { create } from 'zustand';
import type { QueueItem } from '../../shared/contract.js';
import { visibleText } from '../../shared/hidden-chars.js';
import { api, errorMessage } from '../api/index.js';
import { verdictLabel } from '../decide/verdicts.js';
import { toast } from './app.js';
import { refreshItem, showItem } from './item.js';
import { refreshQueue, selectId } from './queue.js';

export interface Undoable {
  /** The item's id, or `bulk:N` for a bulk step (the toast's key; Undo takes this). */
  itemId: string;
  /** Every item the entry takes back: one, or a bulk step's. */
  itemIds: string[];
  /** "Approved", shown before the item's summary. */
  label: string;
  summary: string;
  /** When the core sends it (ms); the toast counts down to it. */
  releaseAt: number;
  /** Seconds of the window, to state it ("Undo within 5 s"). */
  windowS: number;
}

export const useUndo = create<{ pending: Undoable[]; busy: boolean }>(() => ({ pending: [], busy: false }));
const timers = new Map<string, ReturnType<typeof setTimeout>>();

function drop(itemId: string) {
  clearTimeout(timers.get(itemId));
  timers.delete(itemId);
  useUndo.setState((s) => ({ pending: s.pending.filter((u) => u.itemId !== itemId) }));
}

/** After item.decide answered: offer undo until the core's release time (nothing to offer without a window). */
export function offerUndo(saved: QueueItem, now = Date.now()) {
  const d = saved.localDecision;
  if (!d?.undoable || !d.releaseAt) return;
  const releaseAt = Date.parse(d.releaseAt);
  if (!(releaseAt > now)) return;
  remember(
    {
      itemId: saved.id,
      itemIds: [saved.id],
      label: verdictLabel(saved, d.decision.verdict),
      summary: saved.request.summary,
      releaseAt,
      windowS: Math.max(1, Math.round((releaseAt - Date.parse(d.decision.decidedAt)) / 1000)),
    },
    now,
  );
}

let bulkSeq = 0;
/** After items.decideMany: one entry for the whole step ("Marked fine: 40 items"), undone together. */
export function offerBulkUndo(itemIds: string[], label: string, releaseAt: number, windowS: number, now = Date.now()) {
  if (itemIds.length === 0 || !(releaseAt > now)) return;
  remember({ itemId: `bulk:${++bulkSeq}`, itemIds, label, summary: `${itemIds.length} ${itemIds.length === 1 ? 'item' : 'items'}`, releaseAt, windowS }, now);
}

function remember(entry: Undoable, now: number) {
  drop(entry.itemId);
  // Keep the last three on screen: a fast approver's older windows still close on time in the core regardless.
  useUndo.setState((s) => ({ pending: [...s.pending.slice(-2), entry] }));
  timers.set(
    entry.itemId,
    setTimeout(() => drop(entry.itemId), entry.releaseAt - now),
  );
}

/** A bulk step's undo: every decision of it taken back in one transaction; any that went out already are named. */
async function undoBulk(entry: Undoable): Promise<boolean> {
  const r = await api.invoke('items.undoMany', { ids: entry.itemIds });
  drop(entry.itemId);
  refreshQueue();
  refreshItem();
  const back = `${r.done.length} ${r.done.length === 1 ? 'item is' : 'items are'} back in the queue; nothing was sent`;
  toast(r.skipped.length ? `Undone: ${back}. ${r.skipped.length} could not be: ${r.skipped[0]!.reason}` : `Undone: ${back}.`, r.skipped.length ? 'error' : 'info');
  return r.skipped.length === 0;
}

/** Takes the decision back; the item returns to its lane and is selected again. */
export async function undo(itemId: string): Promise<boolean> {
  if (useUndo.getState().busy) return false;
  useUndo.setState({ busy: true });
  try {
    const entry = useUndo.getState().pending.find((u) => u.itemId === itemId);
    if (entry && entry.itemIds.length > 1) return await undoBulk(entry);
    const item = await api.invoke('item.undo', { id: itemId });
    drop(itemId);
    selectId(item.id);
    refreshQueue();
    refreshItem();
    showItem(item.id);
    toast(`Undone: “${visibleText(item.request.summary)}” is back in the queue; nothing was sent.`, 'info');
    return true;
  } catch (e) {
    drop(itemId);
    toast(`Could not undo: ${errorMessage(e)}`);
    return false;
  } finally {
    useUndo.setState({ busy: false });
  }
}

/** The newest decision still in its window (the `z` key undoes it). */
export function undoLatest() {
  const last = useUndo.getState().pending.at(-1);
  if (last) void undo(last.itemId);
}
