// An answer that crashed the very step that asked for it (the resumed node raised: a tool whose backend is down, a
// middleware refusing the answer's shape) took no effect, and the question is still the graph's next step. LangGraph
// would replay the stored answer on any later run, so the thread is stuck in `error`. Such an item stays answerable:
// the new decision first copies the errored checkpoint without its pending writes (updateState `__copy__`, LangGraph's
// fork), runs the step again up to its interrupt() (as every resume does), checks the graph asked the same thing, and
// then resumes that new interrupt. An error in a later step (the tools ran, then the model failed) is not re-answerable:
// the answer was used, so the item stays failed.
import type { Client } from '@langchain/langgraph-sdk';
import { z } from 'zod';
import { parseJsonOrNull } from '../../../shared/parse-json.js';
import { followRun } from './delivery.js';
import { toSourceError } from './errors.js';
import type { PushDeps } from './push.js';
import { assistantIdOf, graphIdOf, pendingOf, ThreadLike, type PendingInterrupt } from './map-item.js';
import { incarnationOf } from './resolution.js';

const StateLike = z
  .object({
    checkpoint: z.object({ checkpoint_id: z.string() }).loose().nullish(),
    tasks: z
      .array(
        z
          .object({
            id: z.string(),
            name: z.string(),
            error: z.string().nullish(),
            interrupts: z.array(z.object({ id: z.string().optional(), value: z.unknown().optional() }).loose()).nullish(),
          })
          .loose(),
      )
      .catch([]),
  })
  .loose();
type StateLike = z.infer<typeof StateLike>;

/** The errored step that asked `interruptId` (the interrupt as last asked): where it is and the error text. */
export interface FailedAsk {
  checkpointId: string;
  taskName: string;
  /** Which interrupt of that task's interrupts it was. */
  position: number;
  value: unknown;
  error: string;
  /** The decision our newest run for this question carried (a retried push of it is judged, not sent again). */
  lastDecisionId: string | null;
}

const ErrorText = z.object({ message: z.string(), name: z.string().optional() }).loose();
const errorText = (raw: string): string => {
  const e = parseJsonOrNull(raw, ErrorText);
  return (e ? (e.name && e.name !== 'Error' ? `${e.name}: ${e.message}` : e.message) : raw).slice(0, 2000);
};

async function stateOf(client: Client, threadId: string, signal?: AbortSignal): Promise<StateLike> {
  return StateLike.parse(await client.threads.getState(threadId, undefined, { signal }));
}

/**
 * For an item of an errored thread (its interrupt id as the console knows it): the errored step that last asked it,
 * following our own earlier re-asks (recorded in our runs' marks), or null when the error is not in that step.
 */
export async function failedAskOf(client: Client, thread: ThreadLike, interruptId: string, signal?: AbortSignal): Promise<FailedAsk | null> {
  if (thread.status !== 'error') return null;
  const state = await stateOf(client, thread.thread_id, signal);
  const checkpointId = state.checkpoint?.checkpoint_id;
  const errored = state.tasks.filter((t) => t.error && t.interrupts?.length);
  if (!checkpointId || errored.length === 0) return null;
  const asked = await incarnationOf(client, thread.thread_id, interruptId, signal);
  for (const t of errored) {
    const position = (t.interrupts ?? []).findIndex((i) => i.id === asked.interruptId);
    if (position >= 0) return { checkpointId, taskName: t.name, position, value: t.interrupts![position]!.value, error: errorText(t.error!), lastDecisionId: asked.decisionId };
  }
  return null;
}

/**
 * Runs the errored step again from a copy of its checkpoint, up to its interrupt. Returns the interrupt it asked now,
 * or why it cannot be answered (the step failed before asking, or asked something else). Throws on transport errors.
 */
async function reopen(
  client: Client,
  thread: ThreadLike,
  ask: FailedAsk,
  waitMs: number,
  signal?: AbortSignal,
): Promise<{ pending: PendingInterrupt; thread: ThreadLike } | { refused: string }> {
  const threadId = thread.thread_id;
  await client.threads.updateState(threadId, { values: null, asNode: '__copy__', checkpointId: ask.checkpointId, signal });
  const { run_id: runId } = await client.runs.create(threadId, assistantIdOf(thread) ?? graphIdOf(thread), { input: null, multitaskStrategy: 'reject', signal });
  const asked = await followRun(client, threadId, runId, waitMs, signal);
  if (asked.state === 'running') throw new Error(`LangGraph run ${runId} asking thread ${threadId} again is still running; the decision stays queued`);
  if (asked.state === 'failed') return { refused: `asking the agent again failed before it reached the question: ${asked.error}` };
  const again = ThreadLike.parse(await client.threads.get(threadId, { signal }));
  const state = await stateOf(client, threadId, signal);
  const task = state.tasks.find((t) => t.name === ask.taskName && (t.interrupts?.length ?? 0) > ask.position);
  const intr = task?.interrupts?.[ask.position];
  if (!task || !intr?.id) return { refused: 'asked again, the agent did not stop at the same question; decide the new request instead' };
  if (JSON.stringify(intr.value) !== JSON.stringify(ask.value)) return { refused: 'asked again, the agent asked something different; decide the new request instead' };
  return { pending: pendingOf(threadId, task.id, intr.id, intr.value, intr['response_schema']), thread: again };
}

export type Reopened = { pending: PendingInterrupt; thread: ThreadLike } | { refused: string } | { missing: string } | null;

/**
 * The push's side: null when the thread's error is not in the step that asked (the answer was used: not re-answerable);
 * `missing` when fewer than all parts of the question have a decision (`decided`), so nothing is asked yet.
 */
export async function reopenFor(deps: PushDeps, thread: ThreadLike, interruptId: string, decisions: { ids: string[]; parts: number }, signal?: AbortSignal): Promise<Reopened> {
  const ask = await failedAskIn(deps, thread, interruptId, signal);
  // A retried push of the decision that failed is judged by its run (push-gone.ts), never sent again.
  if (!ask || (ask.lastDecisionId && decisions.ids.includes(ask.lastDecisionId))) return null;
  const decided = decisions.parts;
  const parts = pendingOf(thread.thread_id, '', interruptId, ask.value).parts;
  if (decided < parts)
    return { missing: `waiting for the other requests of this interrupt: ${parts - decided} of ${parts} still to decide again; nothing is sent until each has a decision` };
  try {
    return await reopen(deps.client, thread, ask, deps.deliveryWaitMs, signal);
  } catch (e) {
    throw toSourceError(e, deps.config.url, `ask thread ${thread.thread_id} again`);
  }
}

export async function failedAskIn(deps: PushDeps, thread: ThreadLike, interruptId: string, signal?: AbortSignal): Promise<FailedAsk | null> {
  try {
    return await failedAskOf(deps.client, thread, interruptId, signal);
  } catch (e) {
    throw toSourceError(e, deps.config.url, `read the state of thread ${thread.thread_id}`);
  }
}
