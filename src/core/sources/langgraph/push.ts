// Sending decisions: resume each thread once, with a resume map {interruptId: HumanResponse} covering every decision
// for that thread in the batch. Before resuming we read the thread: an interrupt that is no longer pending is either our
// own earlier push (duplicate) or someone else's answer (a visible conflict with their decision as the winner).
import type { Client } from '@langchain/langgraph-sdk';
import type { Decision } from '../../../shared/domain.js';
import type { PushResult, SourceConfig } from '../source.js';
import { httpStatusOf, isNotFound, toSourceError } from './errors.js';
import { resumeValueFor } from './human-interrupt.js';
import { assistantIdOf, graphIdOf, pendingInterrupts, settledItem, splitExternalId, ThreadLike, toPulledItem, type PendingInterrupt } from './map-item.js';
import { resolveInterrupt, RUN_METADATA_KEY } from './resolution.js';
import { deliveryOfStatus, followRun, type Delivery } from './delivery.js';

export interface PushDeps {
  client: Client;
  config: SourceConfig;
  /** How long to wait for a run already in flight on the thread (e.g. our own resume of a sibling interrupt). */
  busyWaitMs: number;
  /** How long a push follows the resumed run before leaving its decisions queued (judged on the next push). */
  deliveryWaitMs: number;
}

type Entry = { decision: Decision; externalId: string; index: number };

const XXH3_HEX = /^[0-9a-f]{32}$/;

export async function pushDecisions(deps: PushDeps, batch: Array<{ decision: Decision; externalId: string }>, signal?: AbortSignal): Promise<PushResult[]> {
  const results = new Array<PushResult>(batch.length);
  const byThread = new Map<string, Entry[]>();
  batch.forEach((b, index) => {
    const ids = splitExternalId(b.externalId);
    if (!ids) {
      results[index] = { decisionId: b.decision.id, status: 'rejected', reason: `not a LangGraph item id: ${b.externalId.slice(0, 200)}` };
      return;
    }
    const list = byThread.get(ids.threadId) ?? [];
    list.push({ ...b, index });
    byThread.set(ids.threadId, list);
  });
  for (const [threadId, entries] of byThread) {
    const threadResults = await pushThread(deps, threadId, entries, signal);
    entries.forEach((e, i) => (results[e.index] = threadResults[i]!));
  }
  return results;
}

async function readThread(deps: PushDeps, threadId: string, signal?: AbortSignal): Promise<ThreadLike | null> {
  try {
    return ThreadLike.parse(await deps.client.threads.get(threadId, { signal }));
  } catch (e) {
    if (isNotFound(e)) return null;
    if (e instanceof Error && e.name === 'ZodError') throw new Error(`LangGraph returned a thread we cannot read: ${e.message}`);
    throw toSourceError(e, deps.config.url, `read thread ${threadId}`);
  }
}

/** A run in flight on the thread (ours for a sibling interrupt, or anyone's): let it finish before judging the interrupts. */
async function settle(deps: PushDeps, threadId: string, signal?: AbortSignal): Promise<ThreadLike | null> {
  const deadline = Date.now() + deps.busyWaitMs;
  let thread = await readThread(deps, threadId, signal);
  while (thread && thread.status === 'busy' && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    thread = await readThread(deps, threadId, signal);
  }
  if (thread?.status === 'busy') throw new Error(`LangGraph thread ${threadId} is still running; the decision stays queued and is retried`);
  return thread;
}

async function pushThread(deps: PushDeps, threadId: string, entries: Entry[], signal?: AbortSignal): Promise<PushResult[]> {
  const thread = await settle(deps, threadId, signal);
  const results: Array<PushResult | undefined> = entries.map(() => undefined);
  const pending = thread ? pendingInterrupts(thread) : [];
  const threadState = thread ? `thread status "${thread.status ?? 'unknown'}"` : 'thread deleted';
  const resume: Record<string, unknown> = {};
  const mark: Record<string, { decision_id: string; decided_by: string }> = {};
  const toResume: Array<{ i: number; p: PendingInterrupt }> = [];

  for (const [i, e] of entries.entries()) {
    const interruptId = splitExternalId(e.externalId)!.interruptId;
    const p = pending.find((x) => x.interruptId === interruptId);
    if (!p || !thread) {
      results[i] = await goneResult(deps, thread, threadId, interruptId, e, pending.length === 0, threadState, signal);
      continue;
    }
    const answer = resumeValueFor(p.parsed, e.decision);
    if ('refused' in answer) {
      results[i] = { decisionId: e.decision.id, status: 'rejected', reason: answer.refused };
      continue;
    }
    resume[interruptId] = answer.value;
    mark[interruptId] = { decision_id: e.decision.id, decided_by: e.decision.decidedBy };
    toResume.push({ i, p });
  }

  if (toResume.length > 0 && thread) {
    // A resume map needs LangGraph's interrupt ids; a server without them gets a plain resume, only when unambiguous.
    const useMap = toResume.every(({ p }) => XXH3_HEX.test(p.interruptId));
    if (!useMap && (toResume.length > 1 || pending.length > 1)) {
      for (const { i } of toResume) {
        results[i] = {
          decisionId: entries[i]!.decision.id,
          status: 'rejected',
          reason: 'this LangGraph server gives no interrupt ids, so one of several interrupts cannot be answered alone',
        };
      }
    } else {
      const command = { resume: useMap ? resume : Object.values(resume)[0] };
      const assistantId = assistantIdOf(thread) ?? graphIdOf(thread);
      let runId: string;
      try {
        ({ run_id: runId } = await deps.client.runs.create(threadId, assistantId, {
          command,
          metadata: { [RUN_METADATA_KEY]: mark },
          multitaskStrategy: 'reject',
          signal,
        }));
      } catch (e) {
        // 409/422: a run started between our read and our resume. Nothing was sent; the engine retries the batch.
        const status = httpStatusOf(e);
        if (status === 409 || status === 422) throw new Error(`LangGraph thread ${threadId} started another run first; retrying`, { cause: e });
        throw toSourceError(e, deps.config.url, `resume thread ${threadId}`);
      }
      // Queued is not delivered: follow the run to its end before calling any of these decisions synced.
      let delivery: Delivery;
      try {
        delivery = await followRun(deps.client, threadId, runId, deps.deliveryWaitMs, signal);
      } catch (e) {
        throw toSourceError(e, deps.config.url, `follow run ${runId} on thread ${threadId}`);
      }
      // Still running: the decisions stay in the outbox; the next push finds our run (by its metadata) and judges it then.
      if (delivery.state === 'running') throw new Error(`LangGraph run ${runId} on thread ${threadId} is still running; its decisions count once it ends well`);
      const after = delivery.state === 'failed' ? await readThread(deps, threadId, signal) : null;
      const stillPending = after ? pendingInterrupts(after) : [];
      for (const { i, p } of toResume) {
        const d = entries[i]!.decision;
        const item = toPulledItem(thread, p, { config: deps.config });
        if (delivery.state === 'delivered') {
          // One step past the pending snapshot; the pull that sees the thread move on reports a later version still.
          results[i] = { decisionId: d.id, status: 'accepted', request: settledItem(item, d, 0, false).request };
          continue;
        }
        // Failed: if the interrupt still waits, the approver can answer again; otherwise the thread is stuck in its error.
        const again = after && stillPending.find((x) => x.interruptId === p.interruptId);
        const request = again ? toPulledItem(after, again, { config: deps.config }).request : settledItem(item, d, 0, true, delivery.error).request;
        results[i] = { decisionId: d.id, status: 'failed', reason: delivery.error, request };
      }
    }
  }
  return results.map((r, i) => r ?? { decisionId: entries[i]!.decision.id, status: 'rejected', reason: 'not processed' });
}

async function goneResult(
  deps: PushDeps,
  thread: ThreadLike | null,
  threadId: string,
  interruptId: string,
  e: Entry,
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
        id: `langgraph:deleted:${threadId}:${interruptId}`,
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
    resolution = await resolveInterrupt(deps.client, { threadId, interruptId, requestId: e.decision.requestId, proposed: null, soleInterrupt, threadState }, signal);
  } catch (err) {
    throw toSourceError(err, deps.config.url, `read the runs of thread ${threadId}`);
  }
  if (resolution.ownDecisionId === e.decision.id) {
    // Our earlier push resumed it: it counts only if that run ended well.
    const delivery = deliveryOfStatus(resolution.runStatus ?? undefined);
    if (delivery.state === 'failed') return { decisionId: e.decision.id, status: 'failed', reason: `${delivery.error} (run ${resolution.runId})` };
    if (delivery.state === 'running') throw new Error(`LangGraph run ${resolution.runId} on thread ${threadId} is still running; its decision counts once it ends well`);
    return { decisionId: e.decision.id, status: 'duplicate', reason: `already resumed by run ${resolution.runId}` };
  }
  return {
    decisionId: e.decision.id,
    status: 'conflict',
    winner: resolution.decision,
    reason: `resumed elsewhere before this decision arrived (${threadState}${resolution.runId ? `, run ${resolution.runId}` : ''})`,
  };
}
