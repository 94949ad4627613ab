// What narrows the list, in plain sight: one chip per filter and the search, each removable, and Clear all.
// Filters stay when the lane changes, so the chips stay too and the lane counts follow them (LaneSidebar).
import { SafeText } from '../common/SafeText.js';
import { useApp } from '../state/app.js';
import { setFilters, useQueue, type QueueFilters } from '../state/queue.js';

export function FilterChips({ typed, onClearSearch, onClearAll }: { typed: string; onClearSearch: () => void; onClearAll: () => void }) {
  const filters = useQueue((s) => s.filters);
  const search = useQueue((s) => s.search);
  const sources = useApp((s) => s.facets.sources);
  const chips: Array<{ key: keyof QueueFilters | 'search'; label: string; value: string }> = [];
  if (filters.sourceId) chips.push({ key: 'sourceId', label: 'Source', value: sources.find((x) => x.id === filters.sourceId)?.name ?? filters.sourceId });
  if (filters.actionClass) chips.push({ key: 'actionClass', label: 'Class', value: filters.actionClass });
  if (filters.agent) chips.push({ key: 'agent', label: 'Agent', value: filters.agent });
  const shownSearch = search.trim() || typed.trim();
  if (shownSearch) chips.push({ key: 'search', label: 'Search', value: `“${shownSearch}”` });
  if (chips.length === 0) return null;
  const remove = (key: keyof QueueFilters | 'search') => (key === 'search' ? onClearSearch() : setFilters({ ...filters, [key]: undefined }));
  return (
    <div className="filter-chips" role="group" aria-label="Active filters">
      {chips.map((c) => (
        <span key={c.key} className="chip filter-chip">
          {c.label}: <SafeText text={c.value} />
          <button type="button" className="link-button" aria-label={`Remove the ${c.label.toLowerCase()} filter`} onClick={() => remove(c.key)}>
            ✕
          </button>
        </span>
      ))}
      <button type="button" className="link-button clear-all" onClick={onClearAll}>
        Clear all
      </button>
    </div>
  );
}
