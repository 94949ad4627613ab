// Connects the stores to the Node side: the first load, pushed events, and a full reload after a reconnect.
import { api, client, errorMessage } from '../api/index.js';
import { raise } from '../notifications/notify.js';
import { setView, toast, useApp } from './app.js';
import { prefetchItems, refreshItem, showItem, useItem } from './item.js';
import { cache, ensureRange, refreshQueue, selectId, setLane, useQueue } from './queue.js';
import { offerUndo } from './undo.js';

async function loadAll() {
  const results = await Promise.allSettled([
    api.invoke('app.info', {}).then((info) => useApp.setState({ info })),
    api.invoke('settings.get', {}).then((settings) => useApp.setState({ settings })),
    api.invoke('queue.counts', {}).then((counts) => useApp.setState({ counts })),
    api.invoke('sync.status', {}).then((sync) => useApp.setState({ sync })),
    loadFacets(),
  ]);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) toast(`Could not load the console: ${errorMessage(failed.reason)}`);
  void offerHeldUndos();
}

/**
 * After a reload (or a reconnect) the decisions still in their undo window get their Undo back: the core holds them
 * whatever the page does, so the page only has to find them (the newest decided items not sent yet).
 */
async function offerHeldUndos() {
  try {
    const { items } = await api.invoke('queue.list', { lane: 'decided', limit: 20 });
    for (const row of items.filter((r) => r.syncState === 'local')) {
      const { item } = await api.invoke('item.get', { id: row.id });
      offerUndo(item);
    }
  } catch {
    // Best effort: the decided item still offers "Undo this decision".
  }
}

function loadFacets() {
  return api.invoke('queue.facets', {}).then((facets) => useApp.setState({ facets }));
}

/** Open one item wherever it is (a notification click, a deep link). */
async function openItem(id: string) {
  setView('queue');
  try {
    const d = await api.invoke('item.get', { id });
    setLane(d.item.lane);
    selectId(id);
    showItem(id);
  } catch (e) {
    toast(`Could not open that item: ${errorMessage(e)}`);
  }
}

// Many changes can arrive in a burst (a catch-up pull): refresh at most a few times a second.
function throttle(fn: () => void, ms: number) {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = 0;
  return () => {
    const wait = last + ms - Date.now();
    if (wait <= 0 && !timer) {
      last = Date.now();
      fn();
    } else if (!timer)
      timer = setTimeout(
        () => {
          timer = null;
          last = Date.now();
          fn();
        },
        Math.max(0, wait),
      );
  };
}

export function wire() {
  useApp.setState({ link: client.initialState, missingToken: client.missingToken });
  const onChanged = throttle(() => {
    refreshQueue();
    refreshItem();
  }, 250);
  // New sources, classes or agents are rare; the facet query scans the whole store, so ask seldom.
  const onFacets = throttle(() => void loadFacets().catch(() => {}), 10_000);
  api.on('queue.changed', (counts) => {
    useApp.setState({ counts });
    onChanged();
    onFacets();
  });
  api.on('sync.status', (sync) => useApp.setState({ sync }));
  api.on('notify', (p) => {
    if (useApp.getState().settings?.notifications.enabled === false) return;
    raise(p, (id) => void openItem(id));
  });
  api.on('item.open', ({ id }) => void openItem(id));

  let wasLost = false;
  client.onLinkState((link) => {
    useApp.setState({ link });
    if (link === 'lost') wasLost = true;
    if (link === 'open' && wasLost) {
      wasLost = false;
      void loadAll();
      refreshQueue();
      refreshItem();
    }
  });

  // The open item follows the selection; its neighbours are fetched ahead.
  useQueue.subscribe((s, prev) => {
    if (s.selectedId === prev.selectedId) return;
    if (s.selectedId !== useItem.getState().id) showItem(s.selectedId);
    const at = s.selectedId ? cache.indexOf(s.selectedId) : -1;
    if (at >= 0) prefetchItems([cache.get(at + 1)?.id, cache.get(at - 1)?.id]);
  });
  // A new item starts at its top, not at the previous item's scroll offset.
  useItem.subscribe((s, prev) => {
    if (s.id !== prev.id) document.querySelector('.detail-pane')?.scrollTo({ top: 0 });
  });
  useApp.subscribe((s, prev) => {
    if (s.counts !== prev.counts) document.title = s.counts && s.counts.approvals > 0 ? `(${s.counts.approvals}) Countersign` : 'Countersign';
  });

  void loadAll();
  ensureRange(0, 40);
}
