// Decisions -> resumes. One run per thread per push batch, with a resume map keyed by interrupt id, so answering some
// interrupts of a thread leaves the others pending. An interrupt that asks several things at once (the LangChain
// middleware's action requests, `interrupt([a, b])`) takes one answer for all of them: its decisions are gathered and
// sent together, and until every part has one, the decisions made so far are held (they stay in the outbox).
import type { Client } from '@langchain/langgraph-sdk';
import type { Decision } from '../../../shared/domain.js';
import type { PushResult, SourceConfig } from '../source.js';
import { followRun, stillRunning, type Delivery } from './delivery.js';
import { httpStatusOf, isNotFound, toSourceError } from './errors.js';
import { partView, resumeValueFor } from './interrupt-value.js';
import {
  assistantIdOf,
  externalIdOf,
  findPart,
  graphIdOf,
  partKey,
  pendingInterrupts,
  reanswerableItem,
  settledItem,
  splitExternalId,
  splitPartKey,
  ThreadLike,
  toPulledItem,
  type PendingInterrupt,
} from './map-item.js';
import { goneResult } from './push-gone.js';
import { failedAskIn, reopenFor, type Reopened } from './reopen.js';
import { activeOwnRuns, RUN_METADATA_KEY } from './resolution.js';

export interface PushDeps {
  client: Client;
  config: SourceConfig;
  /** How long to wait for a run already in flight on the thread (e.g. our own resume of a sibling interrupt). */
  busyWaitMs: number;
  /** How long a push follows the resumed run before leaving its decisions queued (judged on the next push). */
  deliveryWaitMs: number;
  /**
   * Decisions held back for an incomplete interrupt, by external id. The outbox keeps them too (so a restart loses
   * nothing); this only lets a group complete when its decisions arrive in different push batches.
   */
  held: Map<string, Decision>;
}

type Entry = { decision: Decision; externalId: string; index: number };
type Mark = { decision_id: string; decided_by: string; interrupt?: string };
/** The decisions for one pending interrupt: part index -> decision, and which batch entries they came from. */
type Group = { p: PendingInterrupt; decisions: Array<Decision | undefined>; entries: Array<{ i: number; part: number }> };

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

/**
 * A run in flight on the thread: when it is our own resume carrying some of these decisions, say so at once (`ours`:
 * decision id -> run id); anyone else's (or ours for a sibling interrupt) we let finish before judging the interrupts.
 */
async function settle(deps: PushDeps, threadId: string, entries: Entry[], signal?: AbortSignal): Promise<{ thread: ThreadLike | null; ours?: Map<string, string> }> {
  const deadline = Date.now() + deps.busyWaitMs;
  let thread = await readThread(deps, threadId, signal);
  if (thread?.status === 'busy') {
    let ours: Map<string, string>;
    try {
      ours = await activeOwnRuns(deps.client, threadId, signal);
    } catch (e) {
      throw toSourceError(e, deps.config.url, `list the runs of thread ${threadId}`);
    }
    if (entries.some((e) => ours.has(e.decision.id))) return { thread, ours };
  }
  while (thread && thread.status === 'busy' && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    thread = await readThread(deps, threadId, signal);
  }
  if (thread?.status === 'busy') throw new Error(`LangGraph thread ${threadId} is still running; the decision stays queued and is retried`);
  return { thread };
}

const partName = (p: PendingInterrupt, part: number) => `#${part + 1} ${partView(p.parsed, part).action.name}`;

async function pushThread(deps: PushDeps, threadId: string, entries: Entry[], signal?: AbortSignal): Promise<PushResult[]> {
  const { thread, ours } = await settle(deps, threadId, entries, signal);
  if (ours) {
    // Our resume is still going: its decisions are sent, not judged yet; others on this thread wait for it to end.
    return entries.map(({ decision: d }) => {
      const runId = ours.get(d.id);
      if (runId) return { decisionId: d.id, status: 'running', reason: stillRunning(runId, threadId) };
      return { decisionId: d.id, status: 'held', reason: `waiting for the run in flight on thread ${threadId} to end before this decision is sent` };
    });
  }
  const results: Array<PushResult | undefined> = entries.map(() => undefined);
  const pending = thread ? pendingInterrupts(thread) : [];
  const threadState = thread ? `thread status "${thread.status ?? 'unknown'}"` : 'thread deleted';

  const groups = new Map<string, Group>();
  const reopened = new Map<string, Reopened>();
  for (const [i, e] of entries.entries()) {
    const key = splitExternalId(e.externalId)!.interruptId;
    let found = thread ? findPart(pending, key) : null;
    if (!found && thread?.status === 'error') {
      // The last answer crashed the step that asked: ask again, then answer the question as asked now.
      const { interruptId } = splitPartKey(key);
      if (!reopened.has(interruptId)) {
        // Only once every part has a decision: asking again gives the question a new id the held ones would miss.
        const mine = entries.filter((x) => x.externalId.startsWith(`${threadId}:${interruptId}`));
        const decided = new Set(mine.map((x) => x.externalId));
        for (const id of deps.held.keys()) if (id.startsWith(`${threadId}:${interruptId}`)) decided.add(id);
        reopened.set(interruptId, await reopenFor(deps, thread, interruptId, { ids: mine.map((x) => x.decision.id), parts: decided.size }, signal));
      }
      const r = reopened.get(interruptId)!;
      if (r && 'refused' in r) {
        results[i] = { decisionId: e.decision.id, status: 'rejected', reason: r.refused };
        continue;
      }
      if (r && 'missing' in r) {
        deps.held.set(e.externalId, e.decision);
        results[i] = { decisionId: e.decision.id, status: 'held', reason: r.missing };
        continue;
      }
      if (r) found = findPart([{ ...r.pending, interruptId, resumeId: r.pending.interruptId }], key);
    }
    if (!found) {
      deps.held.delete(e.externalId);
      results[i] = await goneResult(deps, thread, threadId, key, e, pending.length === 0, threadState, signal);
      continue;
    }
    const g = groups.get(found.p.interruptId) ?? { p: found.p, decisions: new Array<Decision | undefined>(found.p.parts), entries: [] };
    g.decisions[found.index] = e.decision;
    g.entries.push({ i, part: found.index });
    groups.set(found.p.interruptId, g);
  }

  const resume: Record<string, unknown> = {};
  const mark: Record<string, Mark> = {};
  const toResume: Group[] = [];
  for (const g of groups.values()) {
    const idOf = (part: number) => externalIdOf(threadId, partKey(g.p.interruptId, part, g.p.parts));
    for (let part = 0; part < g.p.parts; part++) g.decisions[part] ??= deps.held.get(idOf(part));
    const hold = (reason: string) => {
      for (const { i, part } of g.entries) {
        deps.held.set(idOf(part), g.decisions[part]!);
        results[i] = { decisionId: g.decisions[part]!.id, status: 'held', reason };
      }
    };
    const missing = g.decisions.flatMap((d, part) => (d ? [] : [part]));
    if (missing.length > 0) {
      hold(
        `waiting for the other requests of this interrupt: ${missing.length} of ${g.p.parts} still to decide (${missing.map((m) => partName(g.p, m)).join(', ')}); nothing is sent until each has a decision`,
      );
      continue;
    }
    const answer = resumeValueFor(g.p.parsed, g.decisions as Decision[]);
    if ('refused' in answer) {
      // The refused decision fails (its item goes back to the approver); its siblings wait for a new one.
      deps.held.delete(idOf(answer.index));
      g.decisions[answer.index] = undefined;
      const refused = g.entries.find((x) => x.part === answer.index);
      g.entries = g.entries.filter((x) => x !== refused);
      if (refused) results[refused.i] = { decisionId: entries[refused.i]!.decision.id, status: 'rejected', reason: answer.refused };
      hold(`waiting for a new decision on ${partName(g.p, answer.index)} of this interrupt (the last one was refused: ${answer.refused})`);
      continue;
    }
    resume[g.p.resumeId ?? g.p.interruptId] = answer.value;
    const asked = g.p.resumeId ? { interrupt: g.p.resumeId } : {};
    g.decisions.forEach((d, part) => (mark[partKey(g.p.interruptId, part, g.p.parts)] = { decision_id: d!.id, decided_by: d!.decidedBy, ...asked }));
    toResume.push(g);
  }

  if (toResume.length > 0 && thread) {
    // A resume map needs LangGraph's interrupt ids; a server without them gets a plain resume, only when unambiguous.
    const useMap = toResume.every((g) => XXH3_HEX.test(g.p.resumeId ?? g.p.interruptId));
    if (!useMap && (toResume.length > 1 || pending.length > 1)) {
      for (const g of toResume) {
        for (const { i } of g.entries) {
          results[i] = {
            decisionId: entries[i]!.decision.id,
            status: 'rejected',
            reason: 'this LangGraph server gives no interrupt ids, so one of several interrupts cannot be answered alone',
          };
        }
      }
    } else {
      const delivery = await resumeThread(deps, thread, useMap ? resume : Object.values(resume)[0], mark, signal);
      for (const g of toResume) for (let part = 0; part < g.p.parts; part++) deps.held.delete(externalIdOf(threadId, partKey(g.p.interruptId, part, g.p.parts)));
      if (delivery.state === 'running') {
        for (const g of toResume)
          for (const { i } of g.entries) results[i] = { decisionId: entries[i]!.decision.id, status: 'running', reason: stillRunning(delivery.runId, threadId) };
        return results.map((r, i) => r ?? { decisionId: entries[i]!.decision.id, status: 'rejected', reason: 'not processed' });
      }
      const after = delivery.state === 'failed' ? await readThread(deps, threadId, signal) : null;
      const stillPending = after ? pendingInterrupts(after) : [];
      for (const g of toResume) {
        for (const { i, part } of g.entries) {
          const d = entries[i]!.decision;
          const item = toPulledItem(thread, g.p, part, { config: deps.config });
          if (delivery.state === 'delivered') {
            // One step past the pending snapshot; the pull that sees the thread move on reports a later version still.
            results[i] = { decisionId: d.id, status: 'accepted', request: settledItem(item, d, 0, false).request };
            continue;
          }
          // Failed: if the interrupt still waits, or the answer crashed the step that asked (reopen.ts), the approver can
          // answer again; otherwise the answer was used and the thread is stuck in a later error.
          const again = after ? findPart(stillPending, partKey(g.p.interruptId, part, g.p.parts)) : null;
          const failedAsk = !again && after ? await failedAskIn(deps, after, g.p.interruptId, signal) : null;
          const request =
            again && after
              ? toPulledItem(after, again.p, again.index, { config: deps.config }).request
              : failedAsk && after
                ? reanswerableItem(item, Date.parse(after.updated_at ?? '') || 0, failedAsk.error).request
                : settledItem(item, d, 0, true, delivery.error).request;
          results[i] = { decisionId: d.id, status: 'failed', reason: delivery.error, request };
        }
      }
    }
  }
  return results.map((r, i) => r ?? { decisionId: entries[i]!.decision.id, status: 'rejected', reason: 'not processed' });
}

/** Creates the resume run and follows it to its end (or `deliveryWaitMs`). Throws (decisions stay queued) when it could not be sent. */
async function resumeThread(
  deps: PushDeps,
  thread: ThreadLike,
  resume: unknown,
  mark: Record<string, Mark>,
  signal?: AbortSignal,
): Promise<Exclude<Delivery, { state: 'running' }> | { state: 'running'; runId: string }> {
  const threadId = thread.thread_id;
  const assistantId = assistantIdOf(thread) ?? graphIdOf(thread);
  let runId: string;
  try {
    ({ run_id: runId } = await deps.client.runs.create(threadId, assistantId, {
      command: { resume },
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
  // Still running: sent, not judged; the decisions stay in the outbox and the next push finds our run (by its metadata).
  if (delivery.state === 'running') return { state: 'running', runId };
  return delivery;
}
