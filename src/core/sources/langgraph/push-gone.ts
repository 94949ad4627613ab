// A decision for an item that is no longer pending: our own earlier push (a duplicate, judged by how its run ended),
// someone else's answer (a visible conflict with their decision as the winner), or a deleted thread.
import type { Decision } from '../../../shared/domain.js';
import type { PushResult } from '../source.js';
import { deliveryOfStatus, stillRunning } from './delivery.js';
import { toSourceError } from './errors.js';
import type { ThreadLike } from './map-item.js';
import { resolveInterrupt } from './resolution.js';
import type { PushDeps } from './push.js';

export async function goneResult(
  deps: PushDeps,
  thread: ThreadLike | null,
  threadId: string,
  key: string,
  e: { decision: Decision },
  soleInterrupt: boolean,
  threadState: string,
  signal?: AbortSignal,
): Promise<PushResult> {
  if (!thread) {
    return {
      decisionId: e.decision.id,
      status: 'conflict',
      reason: `the LangGraph thread ${threadId} no longer exists`,
      winner: {
        id: `langgraph:deleted:${threadId}:${key}`,
        requestId: e.decision.requestId,
        verdict: 'ignore',
        editedAction: null,
        feedback: 'The thread was deleted at the LangGraph deployment before this decision arrived.',
        decidedBy: 'langgraph',
        decidedAt: new Date().toISOString(),
        changed: false,
        patch: [],
      },
    };
  }
  let resolution;
  try {
    resolution = await resolveInterrupt(deps.client, { threadId, key, parsed: null, requestId: e.decision.requestId, proposed: null, soleInterrupt, threadState }, signal);
  } catch (err) {
    throw toSourceError(err, deps.config.url, `read the runs of thread ${threadId}`);
  }
  if (resolution.ownDecisionId === e.decision.id) {
    // Our earlier push resumed it: it counts only if that run ended well.
    const delivery = deliveryOfStatus(resolution.runStatus ?? undefined);
    if (delivery.state === 'failed') return { decisionId: e.decision.id, status: 'failed', reason: `${delivery.error} (run ${resolution.runId})` };
    if (delivery.state === 'running') return { decisionId: e.decision.id, status: 'running', reason: stillRunning(resolution.runId ?? 'unknown', threadId) };
    return { decisionId: e.decision.id, status: 'duplicate', reason: `already resumed by run ${resolution.runId}` };
  }
  return {
    decisionId: e.decision.id,
    status: 'conflict',
    winner: resolution.decision,
    reason: `resumed elsewhere before this decision arrived (${threadState}${resolution.runId ? `, run ${resolution.runId}` : ''})`,
  };
}
