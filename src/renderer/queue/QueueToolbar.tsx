// Search (full text on the Node side, on every key) and the source / action class / agent filters.
import { useEffect, useRef, useState } from 'react';
import { visibleText } from '../../shared/hidden-chars.js';
import { useApp } from '../state/app.js';
import { clearAll, setFilters, setSearch, useQueue } from '../state/queue.js';
import { FilterChips } from './FilterChips.js';

/**
 * Search as you type without a debounce: a key sends its text at once when no search is under way; keys typed while
 * one is under way wait for it, and only the latest text is sent next (the ones between are stale, never asked).
 */
function useLatestSearch() {
  const running = useRef(false);
  const next = useRef<string | null>(null);
  const send = (v: string) => {
    running.current = true;
    void setSearch(v).finally(() => {
      running.current = false;
      const n = next.current;
      next.current = null;
      if (n !== null) send(n);
    });
  };
  return {
    search: (v: string) => {
      if (running.current) next.current = v;
      else send(v);
    },
    /** Clear all: a text still waiting to be sent is dropped with it. */
    drop: () => {
      next.current = null;
    },
  };
}

export function QueueToolbar() {
  const facets = useApp((s) => s.facets);
  const filters = useQueue((s) => s.filters);
  const applied = useQueue((s) => s.search);
  const [text, setText] = useState(applied);
  const latest = useLatestSearch();

  // Clear all (a chip, the empty list) empties the box too, and drops a search still waiting to be sent.
  const cleared = useQueue((s) => s.cleared);
  useEffect(() => {
    latest.drop();
    if (cleared) setText('');
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a Clear all resets the box; latest is stable in what it does
  }, [cleared]);
  const onSearch = (v: string) => {
    setText(v);
    latest.search(v);
  };

  return (
    <div className="queue-toolbar">
      <div className="search-box" role="search">
        <input
          id="queue-search"
          type="search"
          placeholder="Search summaries, actions, evidence  ( / )"
          aria-label="Search the queue"
          value={text}
          maxLength={500}
          onChange={(e) => onSearch(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              if (text) onSearch('');
              (e.target as HTMLInputElement).blur();
            } else if (e.key === 'Enter') {
              latest.search(text);
              (e.target as HTMLInputElement).blur();
            }
          }}
        />
      </div>
      <div className="filters">
        <select aria-label="Filter by source" value={filters.sourceId ?? ''} onChange={(e) => setFilters({ ...filters, sourceId: e.target.value || undefined })}>
          <option value="">All sources</option>
          {facets.sources.map((s) => (
            <option key={s.id} value={s.id}>
              {visibleText(s.name)}
            </option>
          ))}
        </select>
        <select aria-label="Filter by action class" value={filters.actionClass ?? ''} onChange={(e) => setFilters({ ...filters, actionClass: e.target.value || undefined })}>
          <option value="">All action classes</option>
          {facets.actionClasses.map((c) => (
            <option key={c} value={c}>
              {visibleText(c)}
            </option>
          ))}
        </select>
        <select aria-label="Filter by agent" value={filters.agent ?? ''} onChange={(e) => setFilters({ ...filters, agent: e.target.value || undefined })}>
          <option value="">All agents</option>
          {facets.agents.map((a) => (
            <option key={a} value={a}>
              {visibleText(a)}
            </option>
          ))}
        </select>
      </div>
      <FilterChips
        typed={text}
        onClearSearch={() => {
          latest.drop();
          setText('');
          void setSearch('');
        }}
        onClearAll={clearAll}
      />
    </div>
  );
}
