// The core's part of the contract (contract.coreMethods), implemented over the store, the sync engine and the
// secret store. Each handler receives input already validated with contract.methods[m].input.
import { randomBytes } from 'node:crypto';
import type { CoreMethodName, SourceView } from '../shared/contract.js';
import { SourceInput } from '../shared/contract.js';
import { decide, undo } from './decide.js';
import { createLogCheck } from './log-check.js';
import { createClassOf } from './policy/class-of.js';
import { ConsoleError } from './errors.js';
import type { CoreContext } from './context.js';
import type { Handlers } from './registry.js';
import { sourceTokenKey } from './secrets/secret-store.js';
import { writeSettings } from './settings.js';
import type { SourceRow } from './store/store.js';

function sourceView(ctx: CoreContext, s: SourceRow, hasToken: boolean): SourceView {
  const r = ctx.engine.runner(s.id);
  return {
    id: s.id,
    kind: s.kind,
    name: s.name,
    url: s.url,
    hasToken,
    watch: s.watch,
    embedded: s.embedded,
    identity: s.identity ?? null,
    status: r
      ? { state: r.state, lastSyncAt: r.lastSyncAt, error: r.error }
      : { state: s.synthetic ? 'online' : 'offline', lastSyncAt: null, error: s.synthetic ? null : 'not running' },
  };
}

export function coreHandlers(ctx: CoreContext): Handlers<CoreMethodName> {
  const logs = createLogCheck(ctx);
  const classOf = createClassOf(ctx);
  return {
    'app.info': () => ctx.appInfo(),
    'queue.list': (q) => ctx.store.list(q),
    'queue.counts': () => ctx.store.counts(),
    'queue.facets': () => ctx.store.facets(),

    'item.get': async ({ id }) => {
      const item = ctx.store.getItem(id);
      if (!item) throw new ConsoleError('not_found', `No item ${id}`);
      const [log, policyClass] = await Promise.all([logs.fetchLog(item), classOf(item)]);
      return { item, ...log, identity: ctx.store.identityOf(item.sourceId), policyClass };
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

    'sources.list': async () => {
      const rows = ctx.store.listSources();
      return Promise.all(rows.map(async (s) => sourceView(ctx, s, !!(await ctx.secrets.get(sourceTokenKey(s.id))))));
    },

    'sources.add': async (raw) => {
      const input = SourceInput.parse(raw);
      const id = `${input.kind}-${randomBytes(5).toString('hex')}`;
      if (input.token) await ctx.secrets.set(sourceTokenKey(id), input.token);
      const row: SourceRow = {
        id,
        kind: input.kind,
        name: input.name,
        url: input.url,
        watch: input.watch,
        embedded: false,
        synthetic: false,
        createdAt: new Date().toISOString(),
        identity: null,
      };
      try {
        await ctx.startSource(row, input.token);
      } catch (err) {
        await ctx.secrets.delete(sourceTokenKey(id));
        throw new ConsoleError('invalid_input', (err as Error).message);
      }
      ctx.store.addSource(row);
      ctx.changed();
      return sourceView(ctx, row, !!input.token);
    },

    'sources.remove': async ({ id }) => {
      const src = ctx.store.getSource(id);
      if (!src) throw new ConsoleError('not_found', `No source ${id}`);
      await ctx.engine.remove(src.id);
      ctx.store.removeSource(src.id);
      await ctx.secrets.delete(sourceTokenKey(src.id));
      ctx.changed();
      return { ok: true as const };
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
