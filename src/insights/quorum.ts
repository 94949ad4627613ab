// The two-person rule's evidence (#10): per class with a quorum, how often a later approver changed or rejected what the
// first approved, and the extra wait from the first approval to the final decision. Read from the `quorum_facts` view
// (hub migration 6); a store without that view gets no quorum figures rather than wrong ones.
import type Database from 'better-sqlite3';
import { DAY_MS, dayNumber } from '../shared/insights/format.js';
import type { InsightsQuery, QuorumFigures } from '../shared/insights/schemas.js';
import { quantiles } from './quantile.js';

/** The columns of `quorum_facts`, in order (raw rows are read positionally). */
const QUORUM_FACT_COLUMNS = 'source, action_class, status, created_at_ms, decided_at_ms, votes_json, verdict, decided_by_id';
type QuorumRow = [string, string, string, number, number | null, string, string | null, string | null];
type VoteFacts = { userId: string; at: string; actionHash: string };

const FINAL = new Set(['approved', 'rejected', 'escalated']);
const hasView = new WeakMap<Database.Database, boolean>();

export function quorumFigures(db: Database.Database, q: InsightsQuery): QuorumFigures[] | undefined {
  let present = hasView.get(db);
  if (present === undefined) hasView.set(db, (present = !!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'view' AND name = 'quorum_facts'").get()));
  if (!present) return undefined;
  const fromMs = dayNumber(q.period.from) * DAY_MS;
  const toMs = (dayNumber(q.period.to) + 1) * DAY_MS;
  const rows = db.prepare(`SELECT ${QUORUM_FACT_COLUMNS} FROM quorum_facts WHERE created_at_ms >= ? AND created_at_ms < ?`).raw(true).all(fromMs, toMs) as QuorumRow[];
  const byClass = new Map<string, { f: QuorumFigures; waits: number[] }>();
  for (const [source, actionClass, status, , decidedAt, votesJson, verdict, decidedById] of rows) {
    if (q.actionClass && q.actionClass !== actionClass) continue;
    if (q.source && q.source !== source) continue;
    let g = byClass.get(actionClass);
    if (!g) byClass.set(actionClass, (g = { f: empty(actionClass), waits: [] }));
    g.f.requests++;
    const votes = JSON.parse(votesJson) as VoteFacts[];
    const first = votes[0];
    if (!first || !FINAL.has(status)) continue;
    g.f.settledAfterFirst++;
    if (status === 'approved') g.f.approved++;
    // A later vote on another action is an edit by someone after the first approval (the first approver's own
    // later edit counts too: what they first approved was changed before it ran).
    if (votes.some((v) => v.actionHash !== first.actionHash)) g.f.secondChanged++;
    else if (verdict === 'reject' && decidedById !== first.userId) g.f.secondRejected++;
    const firstMs = Date.parse(first.at);
    if (decidedAt !== null && Number.isFinite(firstMs) && decidedAt >= firstMs) g.waits.push(decidedAt - firstMs);
  }
  return [...byClass.values()]
    .map(({ f, waits }) => {
      const [medianMs, p90Ms] = quantiles(Float64Array.from(waits), [0.5, 0.9]);
      return {
        ...f,
        changedOrRejectedRate: f.settledAfterFirst ? (f.secondChanged + f.secondRejected) / f.settledAfterFirst : null,
        extraWait: { count: waits.length, medianMs: medianMs ?? null, p90Ms: p90Ms ?? null },
      };
    })
    .sort((a, b) => a.actionClass.localeCompare(b.actionClass));
}

function empty(actionClass: string): QuorumFigures {
  return {
    actionClass,
    requests: 0,
    settledAfterFirst: 0,
    approved: 0,
    secondChanged: 0,
    secondRejected: 0,
    changedOrRejectedRate: null,
    extraWait: { count: 0, medianMs: null, p90Ms: null },
  };
}
