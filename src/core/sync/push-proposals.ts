// Sends a source's policy proposals after its decisions, one at a time, oldest first. An answer settles a proposal
// (applied with the version it made, or refused with the source's reason); no answer (unreachable) leaves it in the
// outbox and fails the round like a decision push, so the runner backs off and tries again with the same id.
import type { Store } from '../store/store.js';
import type { Source } from '../sources/source.js';

export async function pushProposals(source: Source, store: Store, signal: AbortSignal): Promise<number> {
  const outbox = store.proposals.outbox(source.config.id);
  for (const p of outbox) {
    if (signal.aborted) return 0;
    if (!source.propose) {
      store.proposals.settle(p.id, { status: 'refused', code: 'unsupported', reason: `${source.config.name} has no policy to change` });
      continue;
    }
    store.proposals.markSyncing(p.id);
    try {
      store.proposals.settle(p.id, await source.propose(p, signal));
    } catch (err) {
      store.proposals.markFailed(p.id, (err as Error).message);
      throw err;
    }
  }
  return outbox.length;
}
