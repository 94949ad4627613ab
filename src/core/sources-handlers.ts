// Settings' sources: list, add, edit, test the connection, rotate a hub token, remove. Tokens are write-only for the
// renderer: it sends one, and only ever learns that one is stored (docs/security.md).
import { randomBytes } from 'node:crypto';
import { getMe, HubError, rotateOwnToken } from '../hub-client/index.js';
import type { CoreMethodName, SourceTest, SourceView } from '../shared/contract.js';
import { SourceInput } from '../shared/contract.js';
import type { CoreContext } from './context.js';
import { ConsoleError } from './errors.js';
import type { Handlers } from './registry.js';
import { sourceTokenKey } from './secrets/secret-store.js';
import type { SourceRow } from './store/store.js';

type SourceMethod = Extract<CoreMethodName, `sources.${string}`>;

/** How long a connection test waits for the source before it says so. */
const TEST_TIMEOUT_MS = 15_000;

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

/** A source Settings may change: one the user added (the embedded hub and the demo's are the console's own). */
function editable(ctx: CoreContext, id: string): SourceRow {
  const src = ctx.store.getSource(id);
  if (!src) throw new ConsoleError('not_found', `No source ${id}`);
  if (src.embedded || src.synthetic) throw new ConsoleError('invalid_input', `${src.name} is this console's own source: it cannot be edited`);
  return src;
}

/** The source restarted with its stored row and this token (after an edit or a rotation). */
async function restart(ctx: CoreContext, row: SourceRow, token: string | undefined): Promise<void> {
  await ctx.engine.remove(row.id);
  await ctx.startSource(row, token);
}

function words(e: unknown): string {
  if (e instanceof HubError) return e.message;
  if ((e as Error).name === 'TimeoutError' || (e as Error).name === 'AbortError') return `no answer within ${TEST_TIMEOUT_MS / 1000} s`;
  return (e as Error).message;
}

export function sourceHandlers(ctx: CoreContext): Handlers<SourceMethod> {
  const tokenOf = (id: string) => ctx.secrets.get(sourceTokenKey(id));
  return {
    'sources.list': async () => {
      const rows = ctx.store.listSources();
      return Promise.all(rows.map(async (s) => sourceView(ctx, s, !!(await tokenOf(s.id)))));
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

    'sources.update': async (input) => {
      const src = editable(ctx, input.id);
      const next: SourceRow = { ...src, name: input.name ?? src.name, url: input.url ?? src.url, watch: input.watch ?? src.watch };
      // Decisions waiting to be sent belong to the address they were made against: never send them somewhere else.
      const waiting = ctx.store.outboxCount(src.id);
      if (next.url !== src.url && waiting > 0) {
        throw new ConsoleError(
          'conflict',
          `${waiting} decision${waiting === 1 ? ' is' : 's are'} still waiting to be sent to ${src.url}: let them sync (or undo them) before moving this source`,
        );
      }
      const oldToken = await tokenOf(src.id);
      const token = input.token ?? oldToken;
      try {
        await restart(ctx, next, token ?? undefined);
      } catch (err) {
        await ctx.startSource(src, oldToken ?? undefined).catch(() => undefined);
        throw new ConsoleError('invalid_input', (err as Error).message);
      }
      if (input.token) await ctx.secrets.set(sourceTokenKey(src.id), input.token);
      ctx.store.updateSource(src.id, next);
      ctx.changed();
      return sourceView(ctx, ctx.store.getSource(src.id) ?? next, !!token);
    },

    'sources.test': async ({ id }): Promise<SourceTest> => {
      const src = ctx.store.getSource(id);
      if (!src) throw new ConsoleError('not_found', `No source ${id}`);
      const checkedAt = () => new Date().toISOString();
      const signal = AbortSignal.timeout(TEST_TIMEOUT_MS);
      if (src.kind !== 'hub') {
        // A LangGraph deployment has no identities: a read of one page says whether it answers with this key.
        const probe = ctx.makeSource(src, (await tokenOf(id)) ?? undefined);
        try {
          const page = await probe.pull(null, signal);
          return {
            ok: true,
            detail: `${src.url} answered: ${page.items.length} interrupted thread${page.items.length === 1 ? '' : 's'} waiting`,
            identity: null,
            checkedAt: checkedAt(),
          };
        } catch (e) {
          return { ok: false, detail: `${src.url} did not answer: ${words(e)}`, identity: null, checkedAt: checkedAt() };
        }
      }
      const token = await tokenOf(id);
      if (!token) return { ok: false, detail: 'no token is stored for this hub: add one', identity: null, checkedAt: checkedAt() };
      try {
        const me = await getMe({ url: src.url, token }, { signal });
        const identity = { id: me.id, handle: me.handle, displayName: me.displayName, groups: me.groups, role: me.role, expiresAt: me.expiresAt, checkedAt: checkedAt() };
        const groups = me.groups.length ? `, groups ${me.groups.join(', ')}` : '';
        const expiry = me.expiresAt ? `; the token expires ${me.expiresAt}` : '';
        return { ok: true, detail: `Connected to ${src.url} as ${me.handle} (${me.role}${groups})${expiry}`, identity, checkedAt: identity.checkedAt };
      } catch (e) {
        return { ok: false, detail: `${src.url}: ${words(e)}`, identity: null, checkedAt: checkedAt() };
      }
    },

    'sources.rotateToken': async ({ id }) => {
      const src = editable(ctx, id);
      if (src.kind !== 'hub') throw new ConsoleError('invalid_input', `${src.name} is not a hub: its key is rotated where it was issued`);
      const token = await tokenOf(id);
      if (!token) throw new ConsoleError('invalid_input', 'no token is stored for this hub: add one first');
      let rotated: { token: string };
      try {
        rotated = await rotateOwnToken({ url: src.url, token }, { signal: AbortSignal.timeout(TEST_TIMEOUT_MS) });
      } catch (e) {
        // An error answer means nothing changed there; no answer at all leaves it open whether the hub rotated it.
        if (e instanceof HubError) throw new ConsoleError('conflict', `the hub refused to rotate the token (the old one still works): ${words(e)}`);
        throw new ConsoleError(
          'conflict',
          `no answer from the hub while rotating the token (${words(e)}): if the hub rotated it, this console's token no longer works; test the connection, and if it is refused ask an admin for a new token`,
        );
      }
      // The hub has revoked the old token: keep the new one before anything else can fail.
      await ctx.secrets.set(sourceTokenKey(id), rotated.token);
      await restart(ctx, src, rotated.token);
      ctx.changed();
      return sourceView(ctx, src, true);
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
  };
}
