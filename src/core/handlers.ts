// The core's part of the contract (contract.coreMethods), implemented over the store, the sync engine and the
// secret store. Each handler receives input already validated with contract.methods[m].input.
import type { CoreMethodName } from '../shared/contract.js';
import { decideMany, undoMany } from './bulk.js';
import { decide, undo } from './decide.js';
import { createLogCheck } from './log-check.js';
import { createClassOf } from './policy/class-of.js';
import { ConsoleError } from './errors.js';
import type { CoreContext } from './context.js';
import type { Handlers } from './registry.js';
import { writeSettings } from './settings.js';
import { sourceHandlers } from './sources-handlers.js';

export function coreHandlers(ctx: CoreContext): Handlers<CoreMethodName> {
  const logs = createLogCheck(ctx);
  const classOf = createClassOf(ctx);
  return {
    ...sourceHandlers(ctx),
    'app.info': () => ctx.appInfo(),
    'queue.list': (q) => ctx.store.list(q),
    'queue.counts': (filter) => ctx.store.counts(filter),
    'queue.position': ({ id, ...q }) => ({ index: ctx.store.position(q, id) }),
    'queue.facets': () => ctx.store.facets(),

    'item.get': async ({ id }) => {
      const item = ctx.store.getItem(id);
      if (!item) throw new ConsoleError('not_found', `No item ${id}`);
      const [log, policy] = await Promise.all([logs.fetchLog(item), classOf(item)]);
      return { item, ...log, identity: ctx.store.identityOf(item.sourceId), policyClass: policy.cls, policyVersionNow: policy.versionNow };
    },

    'item.decide': async (input) => {
      const found = ctx.store.getItem(input.id);
      // The UI disables Approve on an altered log; the core refuses too, for callers that do not go through the UI.
      if (found) await logs.refuseApprovalOnAlteredLog(found, input.verdict);
      const item = decide(ctx.store, input, ctx.settings().approverName, ctx.engine.timing.undoWindowMs);
      ctx.engine.wake(item.sourceId);
      ctx.changed();
      return item;
    },

    'item.undo': ({ id }) => {
      const item = undo(ctx.store, id);
      ctx.changed();
      return item;
    },

    'items.decideMany': (input) => {
      logs.refuseApprovalOnKnownAlteredLogs(input.ids, input.verdict);
      const result = decideMany(ctx.store, input, ctx.settings().approverName, ctx.engine.timing.undoWindowMs);
      for (const id of new Set(result.done.map((d) => ctx.store.getItem(d.id)?.sourceId))) if (id) ctx.engine.wake(id);
      ctx.changed();
      return result;
    },
    'items.undoMany': ({ ids }) => {
      const result = undoMany(ctx.store, ids);
      ctx.changed();
      return result;
    },

    'sync.status': () => ctx.engine.status(),
    'sync.now': () => {
      ctx.engine.recheckIdentities();
      return { ok: true as const };
    },

    'settings.get': () => ctx.settings(),
    'settings.set': (patch) => {
      const next = writeSettings(ctx.store, ctx.settings(), patch);
      ctx.setSettings(next);
      return next;
    },
  };
}
