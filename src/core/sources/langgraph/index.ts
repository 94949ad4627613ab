// The LangGraph deployment source: interrupted threads become queue items; decisions resume the threads with the
// answer the graph expects. watch() probes the most recently updated thread once a second (watch.ts) and wakes the
// engine when it moves; the pull then reads only the threads updated since its last pass, with a full snapshot of
// every interrupted thread at the start and every `fullEveryMs` (pull.ts).
import type { PullPage, PushResult, Source, SourceConfig } from '../source.js';
import type { Decision } from '../../../shared/domain.js';
import { createLangGraphClient } from './client.js';
import { Puller } from './pull.js';
import { pushDecisions } from './push.js';
import { watchDeployment } from './watch.js';

export interface LangGraphSourceOptions {
  /** Threads per search request (the LangGraph API allows up to 1000). */
  pageSize?: number;
  /** Per-request timeout. */
  timeoutMs?: number;
  /** How long a push waits for a run already in flight on the same thread before leaving the decision queued. */
  busyWaitMs?: number;
  /** How long a push follows a resumed run to its end before leaving the decision queued. */
  deliveryWaitMs?: number;
  /** Replaces fetch (tests and the benchmark count requests with it). Same name as the registry's SourceDeps. */
  fetchImpl?: typeof fetch;
  /** How often watch() asks for the most recently updated thread (0 = no watch: the engine polls with backoff). */
  watchIntervalMs?: number;
  /** How often a full snapshot of every interrupted thread replaces the delta pass (it notices deleted threads). */
  fullEveryMs?: number;
  /** Every how many quiet watch ticks the interrupted threads are counted, to notice deleted ones sooner (default 30). */
  deletedCheckEvery?: number;
  /** How far before its last seen point a delta pass reads again (writes stamped earlier can commit later). */
  overlapMs?: number;
  /** Where the source reports what it skipped and why (same name as the registry's SourceDeps). */
  logError?: (message: string) => void;
}

export function createLangGraphSource(config: SourceConfig, options: LangGraphSourceOptions = {}): Source {
  const client = createLangGraphClient(config, { fetch: options.fetchImpl, timeoutMs: options.timeoutMs });
  const logError = options.logError ?? ((m: string) => console.warn(`[langgraph ${config.name}] ${m}`));
  const log = (message: string, detail?: unknown) => logError(detail === undefined ? message : `${message}: ${safeJson(detail)}`);
  // The API's largest page: a 10,000-thread snapshot is 10 searches, each of which sorts every thread server-side.
  const pageSize = Math.min(1000, Math.max(1, options.pageSize ?? 1000));
  const puller = new Puller({ client, config, pageSize, log, fullEveryMs: options.fullEveryMs ?? 5 * 60_000, overlapMs: options.overlapMs ?? 5_000 });
  const held = new Map<string, Decision>();
  const watchIntervalMs = options.watchIntervalMs ?? 1_000;
  let closed = false;
  const open = () => {
    if (closed) throw new Error(`LangGraph source ${config.name} is closed`);
  };
  return {
    config,
    async pull(cursor: string | null, signal?: AbortSignal): Promise<PullPage> {
      open();
      return puller.pull(cursor, signal);
    },
    async push(batch: Array<{ decision: Decision; externalId: string }>, signal?: AbortSignal): Promise<PushResult[]> {
      open();
      return pushDecisions({ client, config, busyWaitMs: options.busyWaitMs ?? 10_000, deliveryWaitMs: options.deliveryWaitMs ?? 20_000, held }, batch, signal);
    },
    ...(watchIntervalMs > 0
      ? {
          watch: (onWake: () => void, onState: (online: boolean, error?: string) => void) =>
            watchDeployment({ client, intervalMs: watchIntervalMs, onWake, onState, check: (signal) => puller.threadsMissing(signal), checkEvery: options.deletedCheckEvery }),
        }
      : {}),
    close() {
      closed = true;
    },
  };
}

function safeJson(v: unknown): string {
  try {
    return (JSON.stringify(v) ?? String(v)).slice(0, 2000);
  } catch {
    return String(v).slice(0, 2000);
  }
}
