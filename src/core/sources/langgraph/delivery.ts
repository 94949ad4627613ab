// Did a resume take effect? runs.create only says the server queued the run; the graph may still crash on the answer
// (a tool whose backend is down, a middleware refusing the resume's shape). So we follow the run to its end (join) and
// read its status: only `success` (or a new interrupt, also `success`) counts as delivered.
import type { Client } from '@langchain/langgraph-sdk';
import { z } from 'zod';
import { parseJsonOrNull } from '../../../shared/parse-json.js';

export type Delivery = { state: 'delivered' } | { state: 'failed'; error: string } | { state: 'running' };

/** What a decision whose run has not ended is shown with: sent, not yet counted. */
export const stillRunning = (runId: string, threadId: string) =>
  `sent: LangGraph run ${runId} on thread ${threadId} is still going; the decision counts once it ends well (and is shown as failed if it does not)`;

/** What join returns for a run that raised: the API server's serialized error, sometimes serialized twice. */
const JoinError = z.object({ __error__: z.object({ error: z.string().optional(), message: z.string().optional() }).loose() }).loose();
const ErrorText = z.object({ error: z.string().optional(), message: z.string() }).loose();

const ENDED_BADLY: Record<string, string> = {
  error: 'the resumed run ended with an error',
  timeout: 'the resumed run timed out at the deployment',
  interrupted: 'the resumed run was cancelled at the deployment',
};

function errorText(raw: unknown): string | null {
  const parsed = JoinError.safeParse(raw);
  if (!parsed.success) return null;
  const { error, message } = parsed.data.__error__;
  // langgraph-api 1.5 wraps the serialized {error, message} once more inside message.
  const inner = parseJsonOrNull(message ?? null, ErrorText);
  const name = inner?.error ?? error;
  const text = inner?.message ?? message ?? 'no message';
  return (name && name !== 'Error' ? `${name}: ${text}` : text).slice(0, 2000);
}

/** The end state of a run already known to have ended (its status in a run listing), for a push that comes back later. */
export function deliveryOfStatus(status: string | undefined): Delivery {
  if (status === 'success') return { state: 'delivered' };
  if (status === 'pending' || status === 'running' || status === undefined) return { state: 'running' };
  return { state: 'failed', error: ENDED_BADLY[status] ?? `the resumed run ended with status "${status}"` };
}

/** Waits up to `waitMs` for the run to end. Errors talking to the server are thrown for the caller to sort. */
export async function followRun(client: Client, threadId: string, runId: string, waitMs: number, signal?: AbortSignal): Promise<Delivery> {
  const timeout = AbortSignal.timeout(waitMs);
  let joined: unknown;
  try {
    joined = await client.runs.join(threadId, runId, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  } catch (e) {
    if (timeout.aborted && !signal?.aborted) return { state: 'running' };
    throw e;
  }
  const error = errorText(joined);
  const run = await client.runs.get(threadId, runId, { signal });
  const delivery = deliveryOfStatus(run.status);
  if (delivery.state === 'failed' && error) return { state: 'failed', error };
  return delivery;
}
