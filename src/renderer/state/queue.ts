// The queue window: which lane and filters are applied, the rows around the viewport, and the selection.
// Rows live in a PageCache outside React; `version` bumps tell the list to re-read it.
import { create } from 'zustand';
import type { QueueCounts, QueueItemSummary, View } from '../../shared/contract.js';
import { api, errorMessage } from '../api/index.js';
import { PAGE_SIZE, PageCache } from '../queue/page-cache.js';

export interface QueueFilters {
  sourceId?: string;
  actionClass?: string;
  agent?: string;
}

interface QueueState {
  /** A lane, or the Waiting for me view. */
  lane: View;
  filters: QueueFilters;
  /** The applied (debounced) search. */
  search: string;
  total: number | null;
  version: number;
  selectedId: string | null;
  selectedIndex: number;
  error: string | null;
  loading: boolean;
  /** The lane counts under the active filters and search (null: none active, the plain counts apply). */
  filteredCounts: QueueCounts | null;
  /** Bumped by clearAll(), so the search box empties its own text too. */
  cleared: number;
}

export const cache = new PageCache();
let generation = 1;
/** Bumped by every optimistic removal: page answers asked for before it are stale by one row. */
let epoch = 0;
let pendingDecides = 0;
let skippedWhileDeciding = false;
let visible: [number, number] = [0, 40];
/** Bumped by every new query (not by refreshes), so a late answer for an old query is dropped. */
let queryGen = 0;

export const useQueue = create<QueueState>(() => ({
  lane: 'approvals',
  filters: {},
  search: '',
  total: null,
  version: 0,
  selectedId: null,
  selectedIndex: 0,
  error: null,
  loading: true,
  filteredCounts: null,
  cleared: 0,
}));

/** Any filter or search in force (the lane list and chips say so). */
export function filtered(s: Pick<QueueState, 'filters' | 'search'> = useQueue.getState()): boolean {
  return !!(s.filters.sourceId || s.filters.actionClass || s.filters.agent || s.search.trim());
}

function query(offset: number) {
  const { lane, filters, search } = useQueue.getState();
  return {
    lane,
    ...(filters.sourceId ? { sourceId: filters.sourceId } : {}),
    ...(filters.actionClass ? { actionClass: filters.actionClass } : {}),
    ...(filters.agent ? { agent: filters.agent } : {}),
    ...(search.trim() ? { search: search.trim() } : {}),
    offset,
    limit: PAGE_SIZE,
  };
}

/** The list's query (lane, filters, search) for any range: bulk triage picks ranges and "all matching" with it. */
export function listQuery(offset: number, limit: number) {
  return { ...query(offset), limit };
}

async function fetchPage(page: number) {
  const gen = generation;
  const ep = epoch;
  cache.markInFlight(page, gen);
  try {
    const res = await api.invoke('queue.list', query(page * PAGE_SIZE));
    if (gen !== generation || ep !== epoch) {
      cache.fetchFailed(page, gen);
      if (gen === generation) ensureRange(visible[0], visible[1]);
      return;
    }
    cache.store(page, gen, res.items);
    afterRows(res.total);
  } catch (e) {
    cache.fetchFailed(page, gen);
    if (gen === generation) useQueue.setState({ error: errorMessage(e), loading: false });
  }
}

/** Keep the selection on the same item when rows move (new urgent items arrive above it). */
function afterRows(total: number) {
  const s = useQueue.getState();
  let { selectedId, selectedIndex } = s;
  if (selectedId) {
    const at = cache.indexOf(selectedId);
    if (at >= 0) selectedIndex = at;
  } else if (total > 0) {
    const first = cache.get(Math.min(selectedIndex, total - 1));
    if (first) selectedId = first.id;
  }
  useQueue.setState({ total, selectedId, selectedIndex: Math.min(selectedIndex, Math.max(0, total - 1)), error: null, loading: false, version: s.version + 1 });
  if (keeping) findKept();
}

/** The list calls this with its visible range (plus overscan). */
export function ensureRange(start: number, end: number) {
  visible = [start, end];
  if (pendingDecides > 0) {
    // The server has not written the decision yet: a fetch now could bring the row back. Catch up once it has.
    skippedWhileDeciding = true;
    return;
  }
  const total = useQueue.getState().total;
  const last = total === null ? end : Math.min(end, Math.max(0, total - 1));
  for (const p of cache.pagesToFetch(start, last, generation)) void fetchPage(p);
}

function filterOf() {
  const { lane: _lane, offset: _offset, limit: _limit, ...f } = query(0);
  return f;
}

let countsTimer: ReturnType<typeof setTimeout> | undefined;
/** After the list's own answer, so counting under a search never delays the rows the approver is waiting for. */
const COUNTS_DELAY_MS = 400;

/** Lane counts that match the list: asked again under the filters whenever they or the data change. */
function loadFilteredCounts() {
  clearTimeout(countsTimer);
  if (!filtered()) {
    if (useQueue.getState().filteredCounts) useQueue.setState({ filteredCounts: null });
    return;
  }
  const gen = queryGen;
  countsTimer = setTimeout(() => {
    if (gen !== queryGen) return;
    api.invoke('queue.counts', filterOf()).then(
      (c) => gen === queryGen && useQueue.setState({ filteredCounts: c }),
      () => {},
    );
  }, COUNTS_DELAY_MS);
}

/**
 * A new query: old rows are wrong, so drop them. The selected item stays selected where it is in the new list (a
 * cleared search keeps the approver's place); when it is not in it, the first row is.
 */
function requery(): Promise<void> {
  const keep = useQueue.getState().selectedId;
  generation++;
  const gen = ++queryGen;
  cache.clear();
  useQueue.setState({ total: null, selectedId: keep, selectedIndex: 0, loading: true, version: useQueue.getState().version + 1 });
  keeping = keep ? { id: keep, gen } : null;
  // The first page is asked for here so the caller can wait for it (the search box sends its next text then).
  const first = fetchPage(0);
  ensureRange(0, 40);
  loadFilteredCounts();
  return first;
}

/** The selection a new query tries to keep; asked about only when the first rows do not hold it. */
let keeping: { id: string; gen: number } | null = null;

function findKept() {
  const k = keeping;
  keeping = null;
  if (!k || k.gen !== queryGen || useQueue.getState().selectedId !== k.id || cache.indexOf(k.id) >= 0) return;
  api.invoke('queue.position', { ...query(0), id: k.id }).then(
    ({ index }) => {
      if (k.gen !== queryGen || useQueue.getState().selectedId !== k.id) return;
      if (index === null) {
        const first = cache.get(0);
        useQueue.setState({ selectedId: first?.id ?? null, selectedIndex: 0 });
        return;
      }
      useQueue.setState({ selectedIndex: index });
      ensureRange(Math.max(0, index - 20), index + 40);
    },
    () => {},
  );
}

/** Every filter and the search off at once (the chips' "Clear all", the empty list's "Clear filters"). */
export function clearAll() {
  const s = useQueue.getState();
  if (!filtered(s)) return;
  useQueue.setState({ filters: {}, search: '', cleared: s.cleared + 1 });
  void requery();
}

export function setLane(lane: View) {
  if (useQueue.getState().lane === lane) return;
  useQueue.setState({ lane });
  void requery();
}
export function setFilters(filters: QueueFilters) {
  useQueue.setState({ filters });
  void requery();
}
/** Applies a search; resolves once its first rows have landed (or failed), so typing can send only the latest text. */
export function setSearch(search: string): Promise<void> {
  if (useQueue.getState().search === search) return Promise.resolve();
  useQueue.setState({ search });
  return requery();
}

/** Data changed on the Node side: keep showing current rows, refetch what is in view. */
export function refreshQueue() {
  generation++;
  ensureRange(visible[0], visible[1]);
  loadFilteredCounts();
}

function select(index: number) {
  const { total } = useQueue.getState();
  if (total === null || total === 0) return;
  const i = Math.max(0, Math.min(total - 1, index));
  const row = cache.get(i);
  useQueue.setState({ selectedIndex: i, selectedId: row?.id ?? null });
  if (!row) ensureRange(Math.max(0, i - 20), i + 20);
}

export function selectId(id: string) {
  const at = cache.indexOf(id);
  useQueue.setState({ selectedId: id, ...(at >= 0 ? { selectedIndex: at } : {}) });
}

export function move(delta: number) {
  const s = useQueue.getState();
  const from = s.selectedId ? cache.indexOf(s.selectedId) : -1;
  select((from >= 0 ? from : s.selectedIndex) + delta);
}

export function rowAt(index: number): QueueItemSummary | undefined {
  return cache.get(index);
}

/**
 * Optimistic move after a decision: the decided row leaves the list and the next one is selected at once.
 * Returns a function to call when the Node side has answered (ok or not).
 */
export function removeOptimistically(id: string): (ok: boolean) => void {
  const at = cache.indexOf(id);
  const s = useQueue.getState();
  if (at < 0) return () => refreshQueue();
  epoch++;
  pendingDecides++;
  cache.removeAt(at);
  const total = Math.max(0, (s.total ?? 1) - 1);
  const nextIndex = Math.min(at, Math.max(0, total - 1));
  const next = total > 0 ? cache.get(nextIndex) : undefined;
  useQueue.setState({ total, selectedIndex: nextIndex, selectedId: next?.id ?? null, version: s.version + 1 });
  return (ok: boolean) => {
    pendingDecides--;
    if (!ok) {
      // Put it back: the refresh brings the row, and the approver lands on it again.
      useQueue.setState({ selectedId: id });
      refreshQueue();
    } else if (pendingDecides === 0 && skippedWhileDeciding) {
      // A change arrived while we waited; otherwise the shifted rows are right and queue.changed will refresh them.
      skippedWhileDeciding = false;
      ensureRange(visible[0], visible[1]);
    }
  };
}

/** After a bulk step: when the focused row was among those decided, the row now at its place is focused instead. */
export function leaveDecided(ids: Set<string>) {
  const s = useQueue.getState();
  if (s.selectedId && ids.has(s.selectedId)) useQueue.setState({ selectedId: null });
}
