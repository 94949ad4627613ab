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
  itemId: string;
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
  const entry: Undoable = {
    itemId: saved.id,
    label: verdictLabel(saved, d.decision.verdict),
    summary: saved.request.summary,
    releaseAt,
    windowS: Math.max(1, Math.round((releaseAt - Date.parse(d.decision.decidedAt)) / 1000)),
  };
  drop(saved.id);
  // Keep the last three on screen: a fast approver's older windows still close on time in the core regardless.
  useUndo.setState((s) => ({ pending: [...s.pending.slice(-2), entry] }));
  timers.set(
    saved.id,
    setTimeout(() => drop(saved.id), releaseAt - now),
  );
}

/** Takes the decision back; the item returns to its lane and is selected again. */
export async function undo(itemId: string): Promise<boolean> {
  if (useUndo.getState().busy) return false;
  useUndo.setState({ busy: true });
  try {
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
