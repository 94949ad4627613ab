// Making a decision: the row leaves at once (optimistic), the Node side writes it locally and answers,
// and a failure puts the item back with the reason. Performance marks let the benchmark time the path.
import type { QueueItem } from '../../shared/contract.js';
import type { ProposedAction, Verdict } from '../../shared/domain.js';
import { api, errorMessage } from '../api/index.js';
import { toast } from '../state/app.js';
import { forgetItem, prefetchItems, showItem } from '../state/item.js';
import { cache, removeOptimistically, useQueue } from '../state/queue.js';
import { offerUndo } from '../state/undo.js';

export async function decide(item: QueueItem, verdict: Verdict, opts: { editedAction?: ProposedAction | null; feedback?: string } = {}) {
  performance.mark('countersign:decide:start');
  // Send first: the Node side writes the decision while this thread moves the queue on, instead of after it.
  const saving = api.invoke('item.decide', {
    id: item.id,
    verdict,
    ...(opts.editedAction ? { editedAction: opts.editedAction } : {}),
    ...(opts.feedback !== undefined ? { feedback: opts.feedback } : {}),
  });
  const finish = removeOptimistically(item.id);
  forgetItem(item.id);
  const nextId = useQueue.getState().selectedId;
  showItem(nextId);
  performance.mark('countersign:decide:next-shown');
  // Keep one step ahead for the approver who works straight down the lane.
  const at = nextId ? cache.indexOf(nextId) : -1;
  if (at >= 0) prefetchItems([cache.get(at + 1)?.id]);
  try {
    const saved = await saving;
    performance.mark('countersign:decide:persisted');
    forgetItem(saved.id);
    finish(true);
    offerUndo(saved);
  } catch (e) {
    finish(false);
    showItem(item.id);
    toast(`Decision not saved: ${errorMessage(e)}`);
  }
}
