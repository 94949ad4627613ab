// One SQL WHERE clause for a DecisionFilter, shared by the decision list, the export and the "see the decisions" links,
// so a link selects exactly the rows its figure counted (same definitions as partials.ts).
import { DAY_MS, dayNumber } from '../shared/insights/format.js';
import type { DecisionFilter } from '../shared/insights/schemas.js';

const EDITED = `(verdict IN ('approve','approve_with_edits') AND (changed = 1 OR (changed IS NULL AND verdict = 'approve_with_edits')))`;
/** A decided row a human edited or rejected (threshold discovery reads it per row). */
export const CHANGED_SQL = `(verdict = 'reject' OR ${EDITED})`;
const ONLY: Record<DecisionFilter['only'], string | null> = {
  all: null,
  decided: `verdict IN ('approve','approve_with_edits','reject')`,
  changed: CHANGED_SQL,
  failed: `outcome_status IN ('failed','rolled_back')`,
};

export function filterWhere(f: DecisionFilter): { where: string; params: unknown[] } {
  const parts = ['created_at_ms >= ?', 'created_at_ms < ?'];
  const params: unknown[] = [dayNumber(f.period.from) * DAY_MS, (dayNumber(f.period.to) + 1) * DAY_MS];
  const equals = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    parts.push(`${column} = ?`);
    params.push(value);
  };
  equals('action_class', f.actionClass);
  equals('control', f.control);
  equals('source', f.source);
  equals('agent', f.agent);
  const only = ONLY[f.only];
  if (only) parts.push(only);
  return { where: parts.join(' AND '), params };
}
