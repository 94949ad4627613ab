// The policy part of the contract (policyMethods): each source's policy as the source says it is now. Read live
// (a policy is small and changes rarely); an unreachable source says so instead of showing a stale copy as current.
import type { policyMethods, SourcePolicy } from '../../shared/policy-view/contract.js';
import type { CoreContext } from '../context.js';
import type { Handlers } from '../registry.js';

const POLICY_TIMEOUT_MS = 5_000;

export function policyHandlers(ctx: CoreContext): Handlers<keyof typeof policyMethods> {
  return {
    'policy.get': async () => {
      const rows = ctx.store.listSources().filter((s) => !s.synthetic);
      const sources = await Promise.all(
        rows.map(async (row): Promise<SourcePolicy> => {
          const empty = { sourceId: row.id, name: row.name, version: 0, verified: null, classes: [], versions: [] };
          const source = ctx.engine.runner(row.id)?.source;
          if (!source?.policy) return { ...empty, state: 'unsupported', error: null };
          try {
            const p = await source.policy(AbortSignal.timeout(POLICY_TIMEOUT_MS));
            return p ? { ...empty, ...p, state: 'ok', error: null } : { ...empty, state: 'unsupported', error: null };
          } catch (e) {
            return { ...empty, state: 'unreachable', error: (e as Error).message.slice(0, 500) };
          }
        }),
      );
      return { sources };
    },
  };
}
