// The policy part of the contract (policyMethods): each source's policy as the source says it is now, and proposals.
// Read live (a policy is small and changes rarely); an unreachable source says so and shows the copy it last showed,
// marked with when, so the what-if can still start from the real policy offline. A proposal is written locally
// first and sent by the source's runner like a decision (src/core/sync/push-proposals.ts).
import { randomUUID } from 'node:crypto';
import { mayChangePolicy } from '../../shared/policy-proposal.js';
import type { policyMethods, SourcePolicy } from '../../shared/policy-view/contract.js';
import type { CoreContext } from '../context.js';
import { ConsoleError } from '../errors.js';
import type { Handlers } from '../registry.js';

const POLICY_TIMEOUT_MS = 5_000;

export function policyHandlers(ctx: CoreContext): Handlers<keyof typeof policyMethods> {
  const proposals = ctx.store.proposals;
  const mayChange = (sourceId: string): boolean | null => {
    const me = ctx.store.identityOf(sourceId);
    return me ? mayChangePolicy(me).ok : null;
  };
  return {
    'policy.get': async () => {
      const rows = ctx.store.listSources().filter((s) => !s.synthetic);
      const sources = await Promise.all(
        rows.map(async (row): Promise<SourcePolicy> => {
          const empty = { sourceId: row.id, name: row.name, version: 0, verified: null, classes: [], versions: [], cachedAt: null, mayChange: mayChange(row.id) };
          const source = ctx.engine.runner(row.id)?.source;
          if (!source?.policy) return { ...empty, state: 'unsupported', error: null };
          try {
            const p = await source.policy(AbortSignal.timeout(POLICY_TIMEOUT_MS));
            if (!p) return { ...empty, state: 'unsupported', error: null };
            proposals.savePolicy(row.id, p);
            return { ...empty, ...p, state: 'ok', error: null };
          } catch (e) {
            const saved = proposals.savedPolicy(row.id);
            const copy = saved ? { version: saved.version, verified: saved.verified, classes: saved.classes, versions: saved.versions, cachedAt: saved.readAt } : {};
            return { ...empty, ...copy, state: 'unreachable', error: (e as Error).message.slice(0, 500) };
          }
        }),
      );
      return { sources };
    },

    'policy.propose': (input) => {
      const row = ctx.store.listSources().find((s) => s.id === input.sourceId && !s.synthetic);
      if (!row) throw new ConsoleError('not_found', `No source ${input.sourceId}`);
      const runner = ctx.engine.runner(row.id);
      if (!runner?.source.propose) throw new ConsoleError('invalid_input', `${row.name} has no policy this console can change`);
      // Known not to be allowed: refuse now instead of queueing what the hub will refuse. Unknown (never reached): the hub decides.
      const me = ctx.store.identityOf(row.id);
      const may = me ? mayChangePolicy(me) : null;
      if (may && !may.ok) throw new ConsoleError('forbidden', may.message);
      const view = proposals.add(
        row.id,
        { id: `p-${randomUUID()}`, baseVersion: input.baseVersion, actionClass: input.actionClass, rationale: input.rationale, evidence: input.evidence },
        me?.handle ?? null,
      );
      runner.wake();
      ctx.changed();
      return view;
    },

    'policy.proposals': () => ({ proposals: proposals.list() }),
  };
}
