// Bulk triage's selection (Reviews and Audit samples only): which rows are picked, in list order, with their summaries
// for the compact list. Picking never decides anything; the bulk bar's buttons do, through items.decideMany, and the
// core checks the same rule (src/shared/bulk-triage.ts) for every item.
import { create } from 'zustand';
import type { View } from '../../shared/contract.js';
import { BULK_MAX, type BulkVerdict } from '../../shared/bulk-triage.js';
import { api, errorMessage } from '../api/index.js';
import { toast } from './app.js';
import { refreshItem } from './item.js';
import { cache, leaveDecided, listQuery, refreshQueue, useQueue } from './queue.js';
import { offerBulkUndo } from './undo.js';

interface Picked {
  id: string;
  summary: string;
}

interface SelectionState {
  picked: Picked[];
  /** The index of the last row toggled: a shift-click selects from here. */
  anchor: number | null;
  busy: boolean;
}

export const useSelection = create<SelectionState>(() => ({ picked: [], anchor: null, busy: false }));

/** The lanes of actions that already ran: the only ones with bulk triage. */
export const bulkLane = (lane: View): boolean => lane === 'reviews' || lane === 'audit';

const isPicked = (s: SelectionState, id: string): boolean => s.picked.some((p) => p.id === id);

export function clearSelection() {
  if (useSelection.getState().picked.length || useSelection.getState().anchor !== null) useSelection.setState({ picked: [], anchor: null });
}

// Another lane, filter or search is another list: what was picked from the old one is dropped, not carried along.
useQueue.subscribe((s, prev) => {
  if (s.lane !== prev.lane || s.filters !== prev.filters || s.search !== prev.search) clearSelection();
});

function add(list: Picked[], more: Picked[]): Picked[] {
  const have = new Set(list.map((p) => p.id));
  const out = [...list, ...more.filter((p) => !have.has(p.id))];
  if (out.length > BULK_MAX) toast(`At most ${BULK_MAX.toLocaleString()} items can be marked in one step: the first ${BULK_MAX.toLocaleString()} are selected.`, 'info');
  return out.slice(0, BULK_MAX);
}

/** Ctrl/⌘-click or `x`: picks or unpicks one row. */
export function toggle(id: string) {
  const at = cache.indexOf(id);
  const row = cache.get(at);
  if (!row) return;
  const s = useSelection.getState();
  useSelection.setState({
    picked: isPicked(s, id) ? s.picked.filter((p) => p.id !== id) : add(s.picked, [{ id, summary: row.summary }]),
    anchor: at,
  });
}

/** Shift-click: every row from the anchor (or the focused row) to this one, fetched when not on hand. */
export async function pickRange(id: string) {
  const to = cache.indexOf(id);
  if (to < 0) return;
  const q = useQueue.getState();
  const from = useSelection.getState().anchor ?? (q.selectedId ? cache.indexOf(q.selectedId) : to);
  const [lo, hi] = from <= to ? [from, to] : [to, from];
  const count = Math.min(hi - lo + 1, BULK_MAX);
  let rows: Picked[] = [];
  for (let i = lo; i < lo + count; i++) {
    const r = cache.get(i);
    if (!r) break;
    rows.push({ id: r.id, summary: r.summary });
  }
  if (rows.length < count) {
    try {
      rows = (await api.invoke('queue.list', listQuery(lo, count))).items.map((r) => ({ id: r.id, summary: r.summary }));
    } catch (e) {
      toast(`Could not select those rows: ${errorMessage(e)}`);
      return;
    }
  }
  useSelection.setState((s) => ({ picked: add(s.picked, rows), anchor: to }));
}

/** "Select all matching": every row of this lane under the current filters and search (up to BULK_MAX). */
export async function pickAllMatching() {
  try {
    const { items } = await api.invoke('queue.list', listQuery(0, BULK_MAX));
    useSelection.setState((s) => ({
      picked: add(
        s.picked,
        items.map((r) => ({ id: r.id, summary: r.summary })),
      ),
    }));
  } catch (e) {
    toast(`Could not select them: ${errorMessage(e)}`);
  }
}

const LABELS: Record<BulkVerdict, string> = { approve: 'Marked fine', reject: 'Flagged a problem' };

/** Marks every picked row in one step; the step is held for undo like a single decision, and undone as one. */
export async function markPicked(verdict: BulkVerdict, feedback?: string) {
  const { picked, busy } = useSelection.getState();
  if (busy || picked.length === 0) return;
  useSelection.setState({ busy: true });
  performance.mark('countersign:bulk:start');
  try {
    const ids = picked.map((p) => p.id);
    const r = await api.invoke('items.decideMany', { ids, verdict, ...(feedback ? { feedback } : {}) });
    performance.mark('countersign:bulk:persisted');
    useSelection.setState({ picked: [], anchor: null });
    leaveDecided(new Set(r.done.map((d) => d.id)));
    refreshQueue();
    refreshItem();
    const release = r.done.map((d) => (d.releaseAt ? Date.parse(d.releaseAt) : 0)).reduce((a, b) => Math.min(a, b), Infinity);
    if (Number.isFinite(release) && release > 0) {
      const windowS = Math.max(1, Math.round((release - Date.now()) / 1000));
      offerBulkUndo(
        r.done.map((d) => d.id),
        LABELS[verdict],
        release,
        windowS,
      );
    }
    if (r.skipped.length) toast(`${r.skipped.length} of ${ids.length} not marked: ${r.skipped[0]!.reason}`);
  } catch (e) {
    toast(`Nothing was marked: ${errorMessage(e)}`);
  } finally {
    useSelection.setState({ busy: false });
  }
}
