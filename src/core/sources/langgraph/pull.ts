// Reading the queue from a deployment: every interrupted thread (filtered by the watched graphs/assistants), in pages,
// oldest first. A pull is a snapshot; when one completes, interrupts that were pending last time and are not any more
// are checked one by one and reported settled (`gone`, with the answer when it can be read).
import type { Client } from '@langchain/langgraph-sdk';
import { randomUUID } from 'node:crypto';
import { zodIssues } from '../../../shared/zod-issues.js';
import type { PulledItem, PullPage, SourceConfig } from '../source.js';
import { decodeCursor, encodeCursor, type Cursor } from './cursor.js';
import { deliveryOfStatus } from './delivery.js';
import { isNotFound, toSourceError } from './errors.js';
import {
  externalIdOf,
  findPart,
  partKey,
  pendingInterrupts,
  pendingOf,
  settledItem,
  splitExternalId,
  THREAD_FIELDS,
  ThreadLike,
  toPulledItem,
  type PendingInterrupt,
} from './map-item.js';
import { resolveInterrupt } from './resolution.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Watch entries: assistant ids are UUIDs, anything else is a graph id. Empty = every thread. */
export function watchFilters(watch: string[]): Array<Record<string, string> | undefined> {
  const unique = [...new Set(watch.map((w) => w.trim()).filter(Boolean))];
  if (unique.length === 0) return [undefined];
  return unique.map((w): Record<string, string> => (UUID.test(w) ? { assistant_id: w } : { graph_id: w }));
}

export interface PullerDeps {
  client: Client;
  config: SourceConfig;
  pageSize: number;
  log: (message: string, detail?: unknown) => void;
}

export class Puller {
  /** The snapshot in progress: its id and the external ids seen so far. */
  private snapshot: { id: string; seen: Set<string> } | null = null;
  /** Last mapped form of every pending item (and the interrupt it is part of), to report it settled without asking the server again. */
  private readonly lastItems = new Map<string, { item: PulledItem; p: PendingInterrupt; index: number }>();
  private assistantNames = new Map<string, string>();
  /**
   * Versions the console has stored, per external id. A page counts as stored when the engine comes back with the
   * cursor we returned with it (the store writes a page and its cursor in one transaction). Unchanged items are then
   * not sent again: a quiet poll writes nothing and the engine can back off.
   */
  private readonly stored = new Map<string, number>();
  private lastPage: { cursor: string; items: Array<{ id: string; version: number; gone: boolean }> } | null = null;
  private readonly filters: Array<Record<string, string> | undefined>;

  constructor(private readonly deps: PullerDeps) {
    this.filters = watchFilters(deps.config.watch);
  }

  async pull(rawCursor: string | null, signal?: AbortSignal): Promise<PullPage> {
    if (this.lastPage && rawCursor === this.lastPage.cursor) {
      for (const it of this.lastPage.items) {
        if (it.gone) this.stored.delete(it.id);
        else this.stored.set(it.id, it.version);
      }
    }
    this.lastPage = null;
    const previous = decodeCursor(rawCursor);
    let cursor: Cursor = previous ?? { v: 1, snap: '', filter: 0, offset: 0, known: [] };
    if (!this.snapshot || cursor.snap === '' || cursor.snap !== this.snapshot.id) {
      // A new snapshot (or the first after a restart): begin at the first page, keep what the last complete one knew.
      this.snapshot = { id: randomUUID(), seen: new Set() };
      cursor = { ...cursor, snap: this.snapshot.id, filter: 0, offset: 0 };
      await this.loadAssistantNames(signal);
    }
    const items: PulledItem[] = [];
    const filter = this.filters[cursor.filter];
    let threads: unknown[];
    try {
      threads = await this.deps.client.threads.search({
        status: 'interrupted',
        metadata: filter,
        limit: this.deps.pageSize,
        offset: cursor.offset,
        sortBy: 'created_at',
        sortOrder: 'asc',
        select: [...THREAD_FIELDS],
        signal,
      });
    } catch (e) {
      throw toSourceError(e, this.deps.config.url, 'list interrupted threads');
    }
    for (const raw of threads) {
      const parsed = ThreadLike.safeParse(raw);
      if (!parsed.success) {
        // One malformed thread never blocks the others.
        this.deps.log('skipped a thread LangGraph returned in a shape we cannot read', zodIssues(parsed.error, { max: 3 }));
        continue;
      }
      for (const p of pendingInterrupts(parsed.data)) for (let i = 0; i < p.parts; i++) this.emitLive(parsed.data, p, i, items);
    }
    const pageFull = threads.length >= this.deps.pageSize;
    cursor = pageFull ? { ...cursor, offset: cursor.offset + this.deps.pageSize } : { ...cursor, filter: cursor.filter + 1, offset: 0 };
    if (cursor.filter < this.filters.length) return this.page(items, encodeCursor(cursor), true);

    // Snapshot complete: settle what disappeared, then remember this snapshot as the known set.
    const seen = this.snapshot.seen;
    const missing = cursor.known.filter((id) => !seen.has(id));
    const settled = await this.settleMissing(missing, signal);
    items.push(...settled.items);
    const known = [...seen, ...settled.deferred];
    this.snapshot = null;
    return this.page(items, encodeCursor({ v: 1, snap: '', filter: 0, offset: 0, known }), false);
  }

  private page(items: PulledItem[], cursor: string, hasMore: boolean): PullPage {
    this.lastPage = { cursor, items: items.map((i) => ({ id: i.externalId, version: i.request.version, gone: !!i.gone })) };
    return { items, cursor, hasMore };
  }

  private emitLive(thread: ThreadLike, p: PendingInterrupt, index: number, items: PulledItem[]) {
    const seen = this.snapshot!.seen;
    const externalId = externalIdOf(thread.thread_id, partKey(p.interruptId, index, p.parts));
    if (seen.has(externalId)) return; // matched by two watch filters (its graph and its assistant)
    seen.add(externalId);
    const item = toPulledItem(thread, p, index, { config: this.deps.config, assistantNames: this.assistantNames });
    this.lastItems.set(externalId, { item, p, index });
    if (this.stored.get(externalId) === item.request.version) return; // the console already holds this exact version
    items.push(item);
  }

  private async loadAssistantNames(signal?: AbortSignal) {
    try {
      const list = await this.deps.client.assistants.search({ limit: 1000, select: ['assistant_id', 'name', 'graph_id'], signal });
      this.assistantNames = new Map(list.filter((a) => a.assistant_id && a.name).map((a) => [a.assistant_id, a.name]));
    } catch (e) {
      const err = toSourceError(e, this.deps.config.url, 'list assistants');
      if (err.name === 'SourceUnreachableError') throw err;
      // A deployment that hides assistants still works: the graph id stands in for the name.
      this.deps.log('could not list assistants; using graph ids as agent names', err.message);
    }
  }

  /**
   * Interrupts pending last snapshot and not seen in this one. Paging by offset can skip an item when another thread
   * leaves the list between pages, so each is checked against its thread before it is called settled.
   */
  private async settleMissing(missing: string[], signal?: AbortSignal): Promise<{ items: PulledItem[]; deferred: string[] }> {
    const byThread = new Map<string, string[]>();
    for (const id of missing) {
      const ids = splitExternalId(id);
      if (!ids) continue;
      byThread.set(ids.threadId, [...(byThread.get(ids.threadId) ?? []), ids.interruptId]);
    }
    const out: PulledItem[] = [];
    const deferred: string[] = [];
    for (const [threadId, interruptIds] of byThread) {
      let thread: ThreadLike | null = null;
      try {
        thread = ThreadLike.parse(await this.deps.client.threads.get(threadId, { signal }));
      } catch (e) {
        if (!isNotFound(e)) {
          const err = toSourceError(e, this.deps.config.url, `read thread ${threadId}`);
          if (err.name === 'SourceUnreachableError') throw err;
          this.deps.log(`could not read thread ${threadId}`, err.message);
          deferred.push(...interruptIds.map((i) => externalIdOf(threadId, i)));
          continue;
        }
      }
      if (thread?.status === 'busy') {
        // A run is in flight (perhaps our own resume): its interrupts list is stale until it ends. Judge next snapshot.
        deferred.push(...interruptIds.map((i) => externalIdOf(threadId, i)));
        continue;
      }
      const pending = thread ? pendingInterrupts(thread) : [];
      const threadState = thread ? `thread status "${thread.status ?? 'unknown'}"` : 'thread deleted';
      for (const key of interruptIds) {
        const externalId = externalIdOf(threadId, key);
        const still = thread && findPart(pending, key);
        if (thread && still) {
          this.emitLive(thread, still.p, still.index, out); // skipped by paging, still waiting
          continue;
        }
        const last = this.lastItems.get(externalId) ?? (thread ? await this.fromHistory(thread, key, signal) : null);
        const base = last?.item;
        if (!last || !base) {
          this.deps.log(`item ${externalId} disappeared and its thread is gone; the console keeps its last copy`);
          continue;
        }
        let decision = null;
        let failure: string | undefined;
        if (thread) {
          const r = await resolveInterrupt(
            this.deps.client,
            { threadId, key, parsed: last.p.parsed, requestId: base.request.id, proposed: base.request.action, soleInterrupt: pending.length === 0, threadState },
            signal,
          ).catch((e) => {
            const err = toSourceError(e, this.deps.config.url, `read the runs of thread ${threadId}`);
            if (err.name === 'SourceUnreachableError') throw err;
            return null;
          });
          decision = r?.decision ?? null;
          const delivery = deliveryOfStatus(r?.runStatus ?? undefined);
          if (r?.runId && delivery.state === 'failed') failure = delivery.error;
        }
        const version = thread ? Date.parse(thread.updated_at ?? '') || Date.now() : Date.now();
        out.push(settledItem(base, decision, version, true, failure));
        this.lastItems.delete(externalId);
      }
    }
    return { items: out, deferred };
  }

  /** After a restart we no longer hold the item: find the interrupt's value in the thread's recent checkpoints. */
  private async fromHistory(thread: ThreadLike, key: string, signal?: AbortSignal): Promise<{ item: PulledItem; p: PendingInterrupt; index: number } | null> {
    try {
      const states = await this.deps.client.threads.getHistory(thread.thread_id, { limit: 20, signal });
      for (const s of states) {
        for (const task of s.tasks ?? []) {
          const asked = (task.interrupts ?? []).map((i) => pendingOf(thread.thread_id, task.id, i.id ?? '', i.value, (i as { response_schema?: unknown }).response_schema));
          const found = findPart(asked, key);
          if (!found) continue;
          return { item: toPulledItem(thread, found.p, found.index, { config: this.deps.config, assistantNames: this.assistantNames }), p: found.p, index: found.index };
        }
      }
    } catch (e) {
      const err = toSourceError(e, this.deps.config.url, `read the history of thread ${thread.thread_id}`);
      if (err.name === 'SourceUnreachableError') throw err;
      this.deps.log(`could not read the history of thread ${thread.thread_id}`, err.message);
    }
    return null;
  }
}
