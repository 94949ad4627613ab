// Items that were pending and are not any more: each is checked against its thread before it is called settled
// (paging can skip a thread, a busy thread's interrupt list is stale), and a settled item carries the answer when it can
// be read from the thread's runs, or its failed delivery when our resume's run errored.
import type { Client } from '@langchain/langgraph-sdk';
import type { PulledItem, SourceConfig } from '../source.js';
import { deliveryOfStatus } from './delivery.js';
import { isNotFound, toSourceError } from './errors.js';
import {
  externalIdOf,
  findPart,
  pendingInterrupts,
  pendingOf,
  reanswerableItem,
  settledItem,
  splitExternalId,
  splitPartKey,
  ThreadLike,
  toPulledItem,
  type PendingInterrupt,
} from './map-item.js';
import { failedAskOf } from './reopen.js';
import { resolveInterrupt } from './resolution.js';

/** The last mapped form of a pending item and the interrupt it is part of. */
export type Remembered = { item: PulledItem; p: PendingInterrupt; index: number };

export interface SettleContext {
  client: Client;
  config: SourceConfig;
  log: (message: string, detail?: unknown) => void;
  /** Items as last pulled, to report one settled without asking the server again. */
  lastItems: Map<string, Remembered>;
  assistantNames: () => Map<string, string>;
  /** Reports an item found still pending (skipped by paging). */
  emitLive: (thread: ThreadLike, p: PendingInterrupt, index: number, out: PulledItem[]) => void;
  /** The console already holds this exact version (so it is not sent again). */
  isStored: (externalId: string, version: number) => boolean;
}

/**
 * Settles `missing` (external ids). `inHand`: threads the caller has just read (a delta pass), so they are not read
 * again. Returns the settled (and still-live) items and the ids to judge again on a later pass (thread busy or unreadable).
 */
export async function settleMissing(
  ctx: SettleContext,
  missing: string[],
  signal?: AbortSignal,
  inHand?: Map<string, ThreadLike>,
): Promise<{ items: PulledItem[]; deferred: string[] }> {
  const byThread = new Map<string, string[]>();
  for (const id of missing) {
    const ids = splitExternalId(id);
    if (!ids) continue;
    byThread.set(ids.threadId, [...(byThread.get(ids.threadId) ?? []), ids.interruptId]);
  }
  const out: PulledItem[] = [];
  const deferred: string[] = [];
  for (const [threadId, interruptIds] of byThread) {
    let thread: ThreadLike | null = inHand?.get(threadId) ?? null;
    if (!thread) {
      try {
        thread = ThreadLike.parse(await ctx.client.threads.get(threadId, { signal }));
      } catch (e) {
        if (!isNotFound(e)) {
          const err = toSourceError(e, ctx.config.url, `read thread ${threadId}`);
          if (err.name === 'SourceUnreachableError') throw err;
          ctx.log(`could not read thread ${threadId}`, err.message);
          deferred.push(...interruptIds.map((i) => externalIdOf(threadId, i)));
          continue;
        }
      }
    }
    if (thread?.status === 'busy') {
      // A run is in flight (perhaps our own resume): its interrupts list is stale until it ends. Judge next pass.
      deferred.push(...interruptIds.map((i) => externalIdOf(threadId, i)));
      continue;
    }
    const pending = thread ? pendingInterrupts(thread) : [];
    const threadState = thread ? `thread status "${thread.status ?? 'unknown'}"` : 'thread deleted';
    for (const key of interruptIds) {
      const externalId = externalIdOf(threadId, key);
      const still = thread && findPart(pending, key);
      if (thread && still) {
        ctx.emitLive(thread, still.p, still.index, out); // skipped by paging, still waiting
        continue;
      }
      const last = ctx.lastItems.get(externalId) ?? (thread ? await fromHistory(ctx, thread, key, signal) : null);
      const base = last?.item;
      if (!last || !base) {
        ctx.log(`item ${externalId} disappeared and its thread is gone; the console keeps its last copy`);
        continue;
      }
      if (thread?.status === 'error') {
        // The answer crashed the step that asked: still answerable (reopen.ts). Judged again on later passes.
        let ask;
        try {
          ask = await failedAskOf(ctx.client, thread, splitPartKey(key).interruptId, signal);
        } catch (e) {
          const err = toSourceError(e, ctx.config.url, `read the state of thread ${threadId}`);
          if (err.name === 'SourceUnreachableError') throw err;
          ctx.log(`could not read the state of thread ${threadId}`, err.message);
          deferred.push(externalId);
          continue;
        }
        if (ask) {
          const item = reanswerableItem(base, Date.parse(thread.updated_at ?? '') || 0, ask.error);
          if (!ctx.isStored(externalId, item.request.version)) out.push(item);
          deferred.push(externalId);
          continue;
        }
      }
      let decision = null;
      let failure: string | undefined;
      if (thread) {
        const r = await resolveInterrupt(
          ctx.client,
          { threadId, key, parsed: last.p.parsed, requestId: base.request.id, proposed: base.request.action, soleInterrupt: pending.length === 0, threadState },
          signal,
        ).catch((e) => {
          const err = toSourceError(e, ctx.config.url, `read the runs of thread ${threadId}`);
          if (err.name === 'SourceUnreachableError') throw err;
          return null;
        });
        decision = r?.decision ?? null;
        const delivery = deliveryOfStatus(r?.runStatus ?? undefined);
        if (r?.runId && delivery.state === 'failed') failure = delivery.error;
      }
      const version = thread ? Date.parse(thread.updated_at ?? '') || Date.now() : Date.now();
      out.push(settledItem(base, decision, version, true, failure));
      ctx.lastItems.delete(externalId);
    }
  }
  return { items: out, deferred };
}

/** After a restart we no longer hold the item: find the interrupt's value in the thread's recent checkpoints. */
async function fromHistory(ctx: SettleContext, thread: ThreadLike, key: string, signal?: AbortSignal): Promise<Remembered | null> {
  try {
    const states = await ctx.client.threads.getHistory(thread.thread_id, { limit: 20, signal });
    for (const s of states) {
      for (const task of s.tasks ?? []) {
        const asked = (task.interrupts ?? []).map((i) => pendingOf(thread.thread_id, task.id, i.id ?? '', i.value, (i as { response_schema?: unknown }).response_schema));
        const found = findPart(asked, key);
        if (!found) continue;
        return { item: toPulledItem(thread, found.p, found.index, { config: ctx.config, assistantNames: ctx.assistantNames() }), p: found.p, index: found.index };
      }
    }
  } catch (e) {
    const err = toSourceError(e, ctx.config.url, `read the history of thread ${thread.thread_id}`);
    if (err.name === 'SourceUnreachableError') throw err;
    ctx.log(`could not read the history of thread ${thread.thread_id}`, err.message);
  }
  return null;
}
