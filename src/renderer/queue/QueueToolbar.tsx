// Search (debounced, full text on the Node side) and the source / action class / agent filters.
import { useEffect, useRef, useState } from 'react';
import { visibleText } from '../../shared/hidden-chars.js';
import { useApp } from '../state/app.js';
import { clearAll, setFilters, setSearch, useQueue } from '../state/queue.js';
import { FilterChips } from './FilterChips.js';

const DEBOUNCE_MS = 120;

export function QueueToolbar() {
  const facets = useApp((s) => s.facets);
  const filters = useQueue((s) => s.filters);
  const applied = useQueue((s) => s.search);
  const [text, setText] = useState(applied);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);
  // Clear all (a chip, the empty list) empties the box too, and drops a search still waiting for its debounce.
  const cleared = useQueue((s) => s.cleared);
  useEffect(() => {
    clearTimeout(timer.current);
    if (cleared) setText('');
  }, [cleared]);
  const onSearch = (v: string) => {
    setText(v);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setSearch(v), DEBOUNCE_MS);
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
              clearTimeout(timer.current);
              setSearch(text);
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
          clearTimeout(timer.current);
          setText('');
          setSearch('');
        }}
        onClearAll={clearAll}
      />
    </div>
  );
}
