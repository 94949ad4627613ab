// The policy class an item falls under, for the item card (its display description, description, owner, and the
// words of its reasons). Read from the item's source and kept per source: a fresh copy is used when the source
// answers, the last one when it does not (offline still shows the card), and a stale copy is shown at once while a
// new one is fetched, so opening the next item never waits on the hub for it.
import { findClass } from '../../shared/class-match.js';
import type { QueueItem } from '../../shared/contract.js';
import type { ActionClass } from '../../shared/domain.js';
import type { CoreContext } from '../context.js';

/** The item's class and the source's current policy version (null: the source keeps no versions). */
export interface ClassOfAnswer {
  cls: ActionClass | null;
  versionNow: number | null;
}

const FRESH_MS = 30_000;
const TIMEOUT_MS = 3_000;

export function createClassOf(ctx: Pick<CoreContext, 'engine'>) {
  const known = new Map<string, { classes: ActionClass[]; version: number | null; at: number }>();
  const inFlight = new Map<string, Promise<{ classes: ActionClass[]; version: number | null } | null>>();

  function refresh(sourceId: string): Promise<{ classes: ActionClass[]; version: number | null } | null> {
    let p = inFlight.get(sourceId);
    if (p) return p;
    const source = ctx.engine.runner(sourceId)?.source;
    if (!source?.policy) return Promise.resolve(null);
    p = source
      .policy(AbortSignal.timeout(TIMEOUT_MS))
      .then((answer) => {
        const entry = { classes: answer?.classes ?? [], version: answer?.version || null, at: Date.now() };
        known.set(sourceId, entry);
        return entry;
      })
      .catch(() => known.get(sourceId) ?? null)
      .finally(() => inFlight.delete(sourceId));
    inFlight.set(sourceId, p);
    return p;
  }

  return async function classOf(item: QueueItem): Promise<ClassOfAnswer> {
    const cached = known.get(item.sourceId);
    const policy = cached ?? (await refresh(item.sourceId));
    if (cached && Date.now() - cached.at > FRESH_MS) void refresh(item.sourceId);
    return { cls: policy ? findClass(policy.classes, item.request.actionClass) : null, versionNow: policy?.version ?? null };
  };
}
