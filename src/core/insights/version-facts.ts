// The console's reader of a class's facts with the hub policy version that classified each request (#13 item 5):
// the version is on the request the hub sent (items.snapshot_json), the facts are the insight_facts view's, joined
// here by request id over the class's rows only (both reads use the action_class index).
import type Database from 'better-sqlite3';
import { FACT_COLUMNS, type FactRow } from '../../insights/partials.js';
import type { VersionedFacts } from '../../insights/policy-effects.js';

export function versionedFacts(db: Database.Database): VersionedFacts {
  const versions = db
    .prepare(
      `SELECT request_id, json_extract(snapshot_json, '$.request.policyVersion') FROM items WHERE source_id = ? AND action_class = ? AND created_at_ms >= ? AND created_at_ms < ?`,
    )
    .raw(true);
  const facts = db.prepare(`SELECT request_id, ${FACT_COLUMNS} FROM insight_facts WHERE action_class = ? AND created_at_ms >= ? AND created_at_ms < ?`).raw(true);
  return function* (sourceId, actionClass, fromMs, toMs) {
    const byId = new Map<string, number | null>();
    for (const [id, v] of versions.all(sourceId, actionClass, fromMs, toMs) as Array<[string, unknown]>) byId.set(id, typeof v === 'number' && Number.isInteger(v) ? v : null);
    for (const [id, ...row] of facts.all(actionClass, fromMs, toMs) as Array<[string, ...FactRow]>) {
      const v = byId.get(id);
      if (v !== undefined) yield { row: row, policyVersion: v };
    }
  };
}
