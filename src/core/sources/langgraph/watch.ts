// A cheap "something changed" signal for a deployment that has no push channel: once a second, ask for the one most
// recently updated thread (one search request, two fields). When its id or updated_at moves (a new interrupt, a resume,
// a deleted thread's neighbour), wake the engine, which pulls. So a new interrupt appears within about a second while an
// idle source costs one small request per second, instead of a full snapshot every poll. A deleted thread moves no
// updated_at: every `checkEvery` ticks of quiet (the mark unchanged since the tick before) it asks `check` too, which
// counts the interrupted threads (pull.ts threadsMissing) and wakes the engine for a full snapshot when some are gone.
import type { Client } from '@langchain/langgraph-sdk';
import { z } from 'zod';

const Top = z.array(z.object({ thread_id: z.string(), updated_at: z.string().optional() }).loose()).catch([]);

export interface WatchOptions {
  client: Client;
  intervalMs: number;
  onWake: () => void;
  onState: (online: boolean, error?: string) => void;
  /** Whether the deployment lost threads no pass saw change (true: wake). Its failures are ignored: the probe judges. */
  check?: (signal: AbortSignal) => Promise<boolean>;
  /** Quiet ticks between two checks. */
  checkEvery?: number;
}

export function watchDeployment({ client, intervalMs, onWake, onState, check, checkEvery = 30 }: WatchOptions): () => void {
  let stopped = false;
  let last: string | null = null;
  let quiet = 0;
  let online: boolean | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const abort = new AbortController();
  const tick = async () => {
    try {
      const [top] = Top.parse(await client.threads.search({ limit: 1, sortBy: 'updated_at', sortOrder: 'desc', select: ['thread_id', 'updated_at'], signal: abort.signal }));
      const mark = top ? `${top.thread_id}@${top.updated_at ?? ''}` : '';
      if (online !== true) onState((online = true));
      const moved = last !== null && mark !== last;
      if (moved) onWake();
      quiet = moved || last === null ? 0 : quiet + 1;
      last = mark;
      if (check && quiet > 0 && quiet % checkEvery === 0 && (await check(abort.signal).catch(() => false))) onWake();
    } catch (e) {
      if (stopped) return;
      // The runner's pull decides offline vs error; this only says the signal is gone (so it polls meanwhile).
      if (online !== false) onState((online = false), e instanceof Error ? e.message : String(e));
      last = null;
    }
    if (!stopped) timer = setTimeout(() => void tick(), intervalMs);
  };
  void tick();
  return () => {
    stopped = true;
    abort.abort();
    if (timer) clearTimeout(timer);
  };
}
