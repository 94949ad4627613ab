// items.decideMany / items.undoMany: bulk triage over the same checks as one decision (decide.ts), in one durable
// transaction. The bulk rule (src/shared/bulk-triage.ts) is checked for every item before anything is written, so a
// caller that skips the UI cannot slip an approval into a bulk step.
import type { BulkDecideInput, BulkResult } from '../shared/bulk-triage.js';
import { bulkRefusal } from '../shared/bulk-triage.js';
import { decide, undo } from './decide.js';
import { ConsoleError } from './errors.js';
import type { Store } from './store/store.js';

export function decideMany(store: Store, input: BulkDecideInput, fallbackName: string, holdMs: number): BulkResult {
  if (input.verdict === 'reject' && !input.feedback?.trim())
    throw new ConsoleError('invalid_input', 'Flagging a problem needs a note saying what went wrong', [{ path: 'feedback', message: 'required to flag' }]);
  const ids = [...new Set(input.ids)];
  for (const id of ids) {
    const item = store.getItem(id);
    if (!item) throw new ConsoleError('not_found', `No item ${id}`);
    const why = bulkRefusal(item.request);
    if (why) throw new ConsoleError('forbidden', `“${item.request.summary.slice(0, 80)}” cannot be decided in bulk: ${why}. Nothing was marked.`);
  }
  const now = new Date();
  const result: BulkResult = { done: [], skipped: [] };
  store.batch(() => {
    for (const id of ids) {
      try {
        const item = decide(store, { id, verdict: input.verdict, ...(input.feedback ? { feedback: input.feedback } : {}) }, fallbackName, holdMs, now);
        result.done.push({ id, releaseAt: item.localDecision?.releaseAt ?? null });
      } catch (e) {
        // Decided meanwhile (here or at the source), gone, not yours: the rest still go; the answer names each one.
        if (!(e instanceof ConsoleError)) throw e;
        result.skipped.push({ id, reason: e.message });
      }
    }
  });
  return result;
}

export function undoMany(store: Store, ids: string[]): BulkResult {
  const result: BulkResult = { done: [], skipped: [] };
  store.batch(() => {
    for (const id of new Set(ids)) {
      try {
        undo(store, id);
        result.done.push({ id, releaseAt: null });
      } catch (e) {
        if (!(e instanceof ConsoleError)) throw e;
        result.skipped.push({ id, reason: e.message });
      }
    }
  });
  return result;
}
