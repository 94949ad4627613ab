// The item in the detail pane, with a small cache so the next item shows the moment a decision is made.
import { create } from 'zustand';
import type { ItemDetail } from '../../shared/contract.js';
import { api, errorMessage } from '../api/index.js';

interface ItemState {
  id: string | null;
  detail: ItemDetail | null;
  error: string | null;
}

export const useItem = create<ItemState>(() => ({ id: null, detail: null, error: null }));

const details = new Map<string, ItemDetail>();
/** Cached details that may be out of date: still shown at once, then replaced by a fresh fetch. */
const stale = new Set<string>();
/** Fetches under way, with the change generation they started in: one that began before a change answers old data. */
const inFlight = new Map<string, { p: Promise<ItemDetail>; gen: number }>();
let generation = 0;
const MAX = 40;

function fetchDetail(id: string): Promise<ItemDetail> {
  const running = inFlight.get(id);
  if (running && running.gen === generation) return running.p;
  const gen = generation;
  const p = api.invoke('item.get', { id }).then((d) => {
    // An answer from before the latest change is shown, but stays stale so the next look fetches again.
    if (gen !== generation) return d;
    details.set(id, d);
    stale.delete(id);
    if (details.size > MAX) details.delete(details.keys().next().value!);
    return d;
  });
  p.finally(() => inFlight.get(id)?.p === p && inFlight.delete(id)).catch(() => {});
  inFlight.set(id, { p, gen });
  return p;
}

/** Show this item: at once from the cache when we have it, then fresh from the Node side. */
export function showItem(id: string | null) {
  if (id === useItem.getState().id && useItem.getState().detail) return;
  const cached = id ? details.get(id) : undefined;
  useItem.setState({ id, detail: cached ?? null, error: null });
  if (!id || (cached && !stale.has(id))) return;
  const gen = generation;
  fetchDetail(id).then(
    (d) => useItem.getState().id === id && gen === generation && useItem.setState({ detail: d, error: null }),
    (e) => useItem.getState().id === id && useItem.setState({ error: errorMessage(e) }),
  );
}

/** Warm the cache for items the approver is likely to open next. */
export function prefetchItems(ids: Array<string | undefined>) {
  for (const id of ids) if (id && (!details.has(id) || stale.has(id))) fetchDetail(id).catch(() => {});
}

/** Something changed on the Node side: cached details may be old; reload the open one now, others when shown. */
export function refreshItem() {
  generation++;
  for (const id of details.keys()) stale.add(id);
  const id = useItem.getState().id;
  if (!id) return;
  const gen = generation;
  fetchDetail(id).then(
    // Only the newest answer is shown: an older fetch finishing later must not put old data back.
    (d) => useItem.getState().id === id && gen === generation && useItem.setState({ detail: d }),
    () => {},
  );
}

export function forgetItem(id: string) {
  details.delete(id);
  stale.delete(id);
}
