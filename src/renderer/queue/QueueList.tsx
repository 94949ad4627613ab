// The virtualised queue: only rows near the viewport exist in the DOM, and only their pages are fetched.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { VIEW_LABELS } from '../../shared/contract.js';
import { clearAll, ensureRange, filtered, rowAt, useQueue } from '../state/queue.js';
import { setView, useApp } from '../state/app.js';
import { LANE_EXPLANATIONS } from './lane-words.js';
import { formatCount } from '../state/clock.js';
import { PlaceholderRow, QueueRow } from './QueueRow.js';
import { BulkBar } from './BulkBar.js';
import { bulkLane, useSelection } from '../state/selection.js';

const ROW_HEIGHT = 58;

export function QueueList() {
  const total = useQueue((s) => s.total);
  const lane = useQueue((s) => s.lane);
  const search = useQueue((s) => s.search);
  const selectedId = useQueue((s) => s.selectedId);
  const selectedIndex = useQueue((s) => s.selectedIndex);
  const loading = useQueue((s) => s.loading);
  const error = useQueue((s) => s.error);
  const isFiltered = useQueue((s) => filtered(s));
  useQueue((s) => s.version); // re-render when rows land
  const picked = useSelection((s) => s.picked);
  const pickedIds = bulkLane(lane) ? new Set(picked.map((p) => p.id)) : null;
  const parentRef = useRef<HTMLDivElement>(null);

  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (total) ensureRange(Math.max(0, first - 30), last + 30);
  }, [first, last, total]);

  // Keyboard moves keep the selected row in view.
  useEffect(() => {
    if (total) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a selection change scrolls; the virtualizer and total change on every scroll and page
  }, [selectedIndex]);

  return (
    <div className="queue-list-wrap">
      <div className="queue-summary" aria-live="polite">
        {error ? (
          <span className="error-text">Could not load the queue: {error}</span>
        ) : total === null ? (
          'Loading…'
        ) : (
          <>
            {formatCount(total)} {total === 1 ? 'item' : 'items'} in {VIEW_LABELS[lane]}
            {search ? ` matching “${search}”` : ''}
            {isFiltered ? ' (filtered)' : ''}
          </>
        )}
      </div>
      <p className="lane-explain muted small">{LANE_EXPLANATIONS[lane]}</p>
      <BulkBar />
      {/* Outside the listbox: it may hold a button, and a listbox may only hold options. */}
      {total === 0 && !loading ? <EmptyList /> : null}
      <div
        ref={parentRef}
        className="queue-list"
        role="listbox"
        aria-label={`${VIEW_LABELS[lane]} queue`}
        aria-activedescendant={selectedId ? `row-${selectedId}` : undefined}
        tabIndex={0}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
          {items.map((v) => {
            const row = rowAt(v.index);
            return (
              <div
                key={row?.id ?? `slot-${v.index}`}
                className="row-slot"
                style={{ position: 'absolute', top: 0, left: 0, width: '100%', height: ROW_HEIGHT, transform: `translateY(${v.start}px)` }}
              >
                {row ? <QueueRow row={row} selected={row.id === selectedId} picked={pickedIds ? pickedIds.has(row.id) : undefined} /> : <PlaceholderRow />}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

/** An empty list under filters says so, with how many the lane holds without them and a way out. */
function EmptyList() {
  const lane = useQueue((s) => s.lane);
  const isFiltered = useQueue((s) => filtered(s));
  const all = useApp((s) => s.counts?.[lane] ?? null);
  // No source at all: nothing can ever arrive, so say where to add one instead of "nothing waiting".
  const noSources = useApp((s) => s.sync !== null && s.sync.sources.length === 0);
  if (noSources)
    return (
      <div className="empty">
        No sources yet, so nothing can arrive here. Add a Countersign hub or a LangGraph deployment in Settings.{' '}
        <button type="button" onClick={() => setView('settings')}>
          Open Settings
        </button>
      </div>
    );
  if (!isFiltered) return <div className="empty">Nothing waiting in {VIEW_LABELS[lane]}. New items appear here as agents submit them.</div>;
  return (
    <div className="empty">
      Nothing in {VIEW_LABELS[lane]} matches the filters{all ? ` (${formatCount(all)} without them)` : ''}.{' '}
      <button type="button" onClick={clearAll}>
        Clear filters
      </button>
    </div>
  );
}
