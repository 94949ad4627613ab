// The insights part of the contract (insightsMethods), combined with the core's part in api.ts. They compute on
// the console's local SQLite copy, so insights work offline; the source is only asked for the hash-chained log,
// and only when reachable.
import { join } from 'node:path';
import type { insightsMethods } from '../../shared/insights/contract.js';
import type { SplitsReport } from '../../shared/insights/splits.js';
import type { LogEntry, Reason } from '../../shared/domain.js';
import type { CoreContext } from '../context.js';
import { ConsoleError } from '../errors.js';
import type { Handlers } from '../registry.js';
import { InsightsCache } from '../../insights/cache.js';
import { decisionLog, listDecisions } from '../../insights/decisions.js';
import { exportDecisions } from '../../insights/export.js';
import { discoverSplits } from '../../insights/threshold.js';
import { whatIf } from '../../insights/what-if.js';
import { policyEffects, type ClassChangeAt } from '../../insights/policy-effects.js';
import { versionedFacts } from './version-facts.js';
import type { PolicyEffect } from '../../shared/insights/effects.js';
import { ownsClass, tightenBackNotifications, type ClassOwnership } from '../notify/tighten-back.js';

type InsightsMethodName = keyof typeof insightsMethods;

const LOG_TIMEOUT_MS = 3_000;

export function insightsHandlers(ctx: CoreContext): Handlers<InsightsMethodName> {
  const db = ctx.store.db;
  // The console's copy changes in small steps (sync pages, decisions): re-fold recent days at most every 2 s.
  // A removed source (the demo history) or old requests synced in change old days: re-fold them all at once.
  // Every write goes through this one connection, so total_changes() not moving means nothing changed: no re-fold.
  const totalChanges = db.prepare('SELECT total_changes()').pluck();
  const cache = new InsightsCache(db, { recentMaxAgeMs: 2_000, generation: () => ctx.store.historyWrites, changes: () => totalChanges.get() as number });
  let lastSplits: { key: string; report: SplitsReport } | null = null;
  return {
    'insights.compute': (q) => cache.compute(q),
    'insights.decisions': (q) => listDecisions(db, q),
    'insights.whatIf': (q) => whatIf(db, q),
    'insights.splits': (q) => {
      // A year of decisions takes seconds to read: the same question over the same data is answered from memory.
      const key = `${totalChanges.get() as number}:${ctx.store.historyWrites}:${JSON.stringify(q)}`;
      if (lastSplits?.key !== key) lastSplits = { key, report: discoverSplits(db, q) };
      return lastSplits.report;
    },
    'insights.policyEffects': async ({ windowDays, thresholds }) => {
      const { changes, unavailable, owners } = await classChanges(ctx);
      const effects = policyEffects(versionedFacts(db), changes, { windowDays, thresholds });
      notifyOwners(ctx, effects, owners);
      return { effects, unavailable };
    },
    'insights.log': async ({ requestId }) => {
      const { log: fetched, reasons } = await fetchSourceLog(ctx, requestId);
      const log = decisionLog(db, requestId, fetched ? () => fetched : undefined, { unreachable: fetched === undefined, reasons });
      if (!log) throw new ConsoleError('not_found', `No request ${requestId}`);
      return log;
    },
    'insights.export': async (input) => {
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const f = input.filter;
      const file = join(ctx.appInfo().dataDir, 'exports', `decisions-${f.period.from}_${f.period.to}-${stamp}.${input.format}`);
      return exportDecisions(db, input, file);
    },
  };
}

/**
 * The source's log for a request (entries when it has one and answers, null when it keeps none, undefined when
 * unreachable) and the reasons recorded on the console's own copy of the request (shown offline too).
 */
async function fetchSourceLog(ctx: CoreContext, requestId: string): Promise<{ log: { entries: LogEntry[] } | null | undefined; reasons?: Reason[] }> {
  const item = ctx.store.db.prepare(`SELECT id, source_id AS sourceId, external_id AS externalId FROM items WHERE request_id = ? LIMIT 1`).get(requestId) as
    { id: string; sourceId: string; externalId: string } | undefined;
  if (!item) return { log: null };
  const reasons = ctx.store.getItem(item.id)?.request.reasons;
  const source = ctx.engine.runner(item.sourceId)?.source;
  if (!source?.log) return { log: null, reasons };
  try {
    const r = await source.log(item.externalId, AbortSignal.timeout(LOG_TIMEOUT_MS));
    return { log: { entries: r.entries }, reasons };
  } catch {
    return { log: undefined, reasons }; // offline: the rest of the log still shows, the chain is "not checked"
  }
}

/** Versions read per source, newest first: enough for a year of changes, bounded so a busy policy stays quick. */
const MAX_VERSIONS = 30;

/** Every class each reachable hub's policy versions changed (newest first), and the hubs that could not be asked. */
async function classChanges(
  ctx: CoreContext,
): Promise<{ changes: ClassChangeAt[]; unavailable: Array<{ sourceId: string; name: string; error: string }>; owners: Map<string, ClassOwnership> }> {
  const changes: ClassChangeAt[] = [];
  const owners = new Map<string, ClassOwnership>();
  const unavailable: Array<{ sourceId: string; name: string; error: string }> = [];
  for (const row of ctx.store.listSources().filter((s) => !s.synthetic)) {
    const source = ctx.engine.runner(row.id)?.source;
    if (!source?.policy || !source.policyDiff) continue;
    try {
      const signal = AbortSignal.timeout(LOG_TIMEOUT_MS * 2);
      const policy = await source.policy(signal);
      if (!policy) continue;
      for (const c of policy.classes) owners.set(`${row.id}\u0000${c.name}`, { owner: c.owner, ownerGroup: c.ownerGroup });
      const versions = [...policy.versions]
        .reverse()
        .filter((v) => v.version > 1)
        .slice(0, MAX_VERSIONS);
      for (const v of versions) {
        for (const c of await source.policyDiff(v.version - 1, v.version, signal))
          changes.push({ sourceId: row.id, sourceName: row.name, version: v.version, at: v.at, author: v.author, rationale: v.rationale, actionClass: c.name, kind: c.kind });
      }
    } catch (e) {
      unavailable.push({ sourceId: row.id, name: row.name, error: (e as Error).message.slice(0, 300) });
    }
  }
  return { changes, unavailable, owners };
}

const RAISED_KEY = 'tightenBackRaised';

/** "Tighten back?" flags on classes this console's person owns become one notification each, remembered as raised. */
function notifyOwners(ctx: CoreContext, effects: PolicyEffect[], owners: Map<string, ClassOwnership>): void {
  if (!ctx.notify) return;
  const raised = new Set(ctx.store.getSetting<string[]>(RAISED_KEY) ?? []);
  const isOwner = (e: PolicyEffect) => ownsClass(ctx.store.identityOf(e.sourceId), owners.get(`${e.sourceId}\u0000${e.actionClass}`));
  const due = tightenBackNotifications(effects, isOwner, raised, ctx.settings().notifications);
  if (due.raised.length === 0) return;
  ctx.store.setSetting(RAISED_KEY, [...raised, ...due.raised].slice(-500));
  for (const n of due.notifications) ctx.notify(n);
}
