// The banner over an item whose action holds hidden or look-alike characters, with where each one stands.
import { findHiddenInValue } from '../../shared/hidden-chars.js';
import type { ProposedAction } from '../../shared/domain.js';

export function HiddenCharsBanner({ action }: { action: ProposedAction }) {
  const found = findHiddenInValue(action);
  if (found.length === 0) return null;
  const where = [...new Set(found.map((f) => (f.pointer || '/') + (f.inKey ? ' (key)' : '')))];
  return (
    <div className="banner warn hidden-chars-banner" role="alert">
      <strong>
        This action contains {found.length} hidden or look-alike {found.length === 1 ? 'character' : 'characters'}.
      </strong>{' '}
      Each is marked ⟦like this⟧ where it stands below. Check that what will run is what you read. In: {where.slice(0, 8).join(', ')}
      {where.length > 8 ? ` and ${where.length - 8} more places` : ''}
    </div>
  );
}
