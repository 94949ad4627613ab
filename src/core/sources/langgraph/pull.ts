// Reading the queue from a deployment. Two kinds of pass, both in pages:
// - full snapshot: every interrupted thread (per watched graph/assistant), oldest first; when it completes, interrupts
//   pending last time and not seen again are checked one by one and reported settled (`gone`). It runs first in each
//   session and then every `fullEveryMs`, which is what catches deleted threads.
// - delta: only the threads updated since the last seen point (threads.search sorted by updated_at, newest first,
//   stopping at the first thread older than the mark minus `overlapMs`). A changed thread's new interrupts are reported,
//   and its items that are no longer pending are settled. So a wake costs one small request, not one per 1,000 threads.
import type { Client } from '@langchain/langgraph-sdk';
import { randomUUID } from 'node:crypto';
import { zodIssues } from '../../../shared/zod-issues.js';
import type { PulledItem, PullPage, SourceConfig } from '../source.js';
import { decodeCursor, encodeCursor, type Cursor } from './cursor.js';
import { toSourceError } from './errors.js';
import { assistantIdOf, externalIdOf, partKey, pendingInterrupts, splitExternalId, THREAD_FIELDS, ThreadLike, toPulledItem, type PendingInterrupt } from './map-item.js';
import { settleMissing, type Remembered, type SettleContext } from './settle.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A delta pass usually finds a handful of changed threads: its first page is small, later ones full size. */
const DELTA_FIRST_PAGE = 20;

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
  /** How often a full snapshot replaces a delta pass (deleted threads are only noticed then). */
  fullEveryMs: number;
  /**
   * How far before the mark a delta pass reads again. updated_at is stamped when a write starts, so a thread can
   * commit after a later-stamped one was read; re-reading this window means neither is missed.
   */
  overlapMs: number;
}

const timeOf = (t: ThreadLike): number => Date.parse(t.updated_at ?? t.created_at) || 0;

export class Puller {
  /** The pass in progress: its id and the external ids seen so far. */
  private pass: { id: string; seen: Set<string>; namesLoaded: boolean } | null = null;
  /** A full snapshot completed in this process (until then `stored` is empty, so every item is sent once). */
  private fullDone = false;
  /** The watch found interrupted threads gone that no pass saw change (deleted): the next pass is a full snapshot. */
  private fullDue = false;
  /** Threads with a pending interrupt as the passes so far left them (null until a full snapshot completed). */
  private liveThreads: Set<string> | null = null;
  private readonly lastItems = new Map<string, Remembered>();
  private assistantNames = new Map<string, string>();
  /**
   * Versions the console has stored, per external id. A page counts as stored when the engine comes back with the
   * cursor we returned with it (the store writes a page and its cursor in one transaction). Unchanged items are then
   * not sent again: a quiet poll writes nothing and the engine can back off.
   */
  private readonly stored = new Map<string, number>();
  private lastPage: { cursor: string; items: Array<{ id: string; version: number; gone: boolean }> } | null = null;
  private lastCursor: { raw: string; cursor: Cursor } | null = null;
  private readonly filters: Array<Record<string, string> | undefined>;
  private readonly settle: SettleContext;

  constructor(private readonly deps: PullerDeps) {
    this.filters = watchFilters(deps.config.watch);
    this.settle = {
      client: deps.client,
      config: deps.config,
      log: deps.log,
      lastItems: this.lastItems,
      assistantNames: () => this.assistantNames,
      emitLive: (thread, p, index, out) => this.emitLive(thread, p, index, out),
      isStored: (id, version) => this.stored.get(id) === version,
    };
  }

  async pull(rawCursor: string | null, signal?: AbortSignal): Promise<PullPage> {
    if (this.lastPage && rawCursor === this.lastPage.cursor) {
      for (const it of this.lastPage.items) {
        if (it.gone) this.stored.delete(it.id);
        else this.stored.set(it.id, it.version);
      }
    }
    this.lastPage = null;
    // The cursor we just returned comes back with the next page: reuse it rather than parse its known ids again.
    const mine = this.lastCursor && rawCursor === this.lastCursor.raw ? { ...this.lastCursor.cursor } : null;
    let cursor: Cursor = mine ?? decodeCursor(rawCursor) ?? { v: 2, snap: '', mode: 'full', filter: 0, offset: 0, known: [], marks: [], top: null, fullAt: 0 };
    if (!this.pass || cursor.snap === '' || cursor.snap !== this.pass.id) {
      // A new pass (or the first after a restart, which is always a full snapshot).
      const full = this.fullDue || !this.fullDone || cursor.marks.length !== this.filters.length || Date.now() - cursor.fullAt >= this.deps.fullEveryMs;
      if (full) this.fullDue = false;
      this.pass = { id: randomUUID(), seen: new Set(), namesLoaded: false };
      cursor = { ...cursor, snap: this.pass.id, mode: full ? 'full' : 'delta', filter: 0, offset: 0, top: null };
      if (full) {
        await this.loadAssistantNames(signal);
        // The delta point is read before the snapshot: whatever changes while it pages is read again by the next delta.
        cursor.marks = await this.readMarks(signal);
      }
    }
    return cursor.mode === 'full' ? this.fullPage(cursor, signal) : this.deltaPage(cursor, signal);
  }

  private async search(query: { filter: number; limit: number; offset: number; delta: boolean }, signal?: AbortSignal): Promise<unknown[]> {
    try {
      return await this.deps.client.threads.search({
        ...(query.delta ? { sortBy: 'updated_at', sortOrder: 'desc' } : { status: 'interrupted', sortBy: 'created_at', sortOrder: 'asc' }),
        metadata: this.filters[query.filter],
        limit: query.limit,
        offset: query.offset,
        select: [...THREAD_FIELDS],
        signal,
      });
    } catch (e) {
      throw toSourceError(e, this.deps.config.url, query.delta ? 'list updated threads' : 'list interrupted threads');
    }
  }

  private parse(raw: unknown): ThreadLike | null {
    const parsed = ThreadLike.safeParse(raw);
    if (parsed.success) return parsed.data;
    // One malformed thread never blocks the others.
    this.deps.log('skipped a thread LangGraph returned in a shape we cannot read', zodIssues(parsed.error, { max: 3 }));
    return null;
  }

  private async fullPage(cursor: Cursor, signal?: AbortSignal): Promise<PullPage> {
    const items: PulledItem[] = [];
    const threads = await this.search({ filter: cursor.filter, limit: this.deps.pageSize, offset: cursor.offset, delta: false }, signal);
    for (const raw of threads) {
      const thread = this.parse(raw);
      if (thread) for (const p of pendingInterrupts(thread)) for (let i = 0; i < p.parts; i++) this.emitLive(thread, p, i, items);
    }
    const pageFull = threads.length >= this.deps.pageSize;
    cursor = pageFull ? { ...cursor, offset: cursor.offset + this.deps.pageSize } : { ...cursor, filter: cursor.filter + 1, offset: 0 };
    if (cursor.filter < this.filters.length) return this.page(items, cursor, true);

    // Snapshot complete: settle what disappeared, then remember this snapshot as the known set.
    const seen = this.pass!.seen;
    const settled = await settleMissing(
      this.settle,
      cursor.known.filter((id) => !seen.has(id)),
      signal,
    );
    items.push(...settled.items);
    this.liveThreads = new Set([...seen].map((id) => splitExternalId(id)?.threadId ?? id));
    this.pass = null;
    this.fullDone = true;
    return this.page(items, { ...cursor, snap: '', filter: 0, offset: 0, known: [...seen, ...settled.deferred], fullAt: Date.now() }, false);
  }

  private async deltaPage(cursor: Cursor, signal?: AbortSignal): Promise<PullPage> {
    const mark = cursor.marks[cursor.filter] ?? null;
    const since = mark ? (Date.parse(mark) || 0) - this.deps.overlapMs : -Infinity;
    const limit = cursor.offset === 0 ? Math.min(this.deps.pageSize, DELTA_FIRST_PAGE) : this.deps.pageSize;
    const threads = await this.search({ filter: cursor.filter, limit, offset: cursor.offset, delta: true }, signal);
    let reachedOld = threads.length < limit;
    let top = cursor.top;
    const changed = new Map<string, ThreadLike>();
    for (const raw of threads) {
      const thread = this.parse(raw);
      if (!thread) continue;
      // Newest first: from the first thread older than the window on, nothing has changed since the last pass.
      if (timeOf(thread) < since) {
        reachedOld = true;
        break;
      }
      if (!top || timeOf(thread) > (Date.parse(top) || 0)) top = thread.updated_at ?? thread.created_at;
      changed.set(thread.thread_id, thread);
    }
    const items: PulledItem[] = [];
    const known = new Set(cursor.known);
    const knownByThread = new Map<string, string[]>();
    for (const id of known) {
      const threadId = splitExternalId(id)?.threadId;
      if (threadId && changed.has(threadId)) knownByThread.set(threadId, [...(knownByThread.get(threadId) ?? []), id]);
    }
    const missing: string[] = [];
    for (const thread of changed.values()) {
      if (thread.status === 'interrupted' && pendingInterrupts(thread).length > 0) this.liveThreads?.add(thread.thread_id);
      else this.liveThreads?.delete(thread.thread_id);
      // A busy thread's interrupt list is stale until its run ends, which moves updated_at again: judged then.
      if (thread.status === 'busy') continue;
      const now = new Set<string>();
      if (thread.status === 'interrupted') {
        await this.namesFor(thread, signal);
        for (const p of pendingInterrupts(thread)) {
          for (let i = 0; i < p.parts; i++) {
            const id = externalIdOf(thread.thread_id, partKey(p.interruptId, i, p.parts));
            now.add(id);
            known.add(id);
            this.emitLive(thread, p, i, items);
          }
        }
      }
      missing.push(...(knownByThread.get(thread.thread_id) ?? []).filter((id) => !now.has(id)));
    }
    const settled = await settleMissing(this.settle, missing, signal, changed);
    items.push(...settled.items);
    const keep = new Set(settled.deferred);
    for (const it of settled.items) if (!it.gone) keep.add(it.externalId);
    for (const id of missing) if (!keep.has(id)) known.delete(id);

    let next: Cursor = { ...cursor, known: [...known] };
    if (!reachedOld) next = { ...next, offset: cursor.offset + limit, top };
    else {
      const marks = [...cursor.marks];
      marks[cursor.filter] = top ?? mark;
      next = { ...next, marks, filter: cursor.filter + 1, offset: 0, top: null };
    }
    if (next.filter < this.filters.length) return this.page(items, next, true);
    this.pass = null;
    return this.page(items, { ...next, snap: '', filter: 0 }, false);
  }

  private page(items: PulledItem[], decoded: Cursor, hasMore: boolean): PullPage {
    const cursor = encodeCursor(decoded);
    this.lastCursor = { raw: cursor, cursor: decoded };
    this.lastPage = { cursor, items: items.map((i) => ({ id: i.externalId, version: i.request.version, gone: !!i.gone })) };
    return { items, cursor, hasMore };
  }

  private emitLive(thread: ThreadLike, p: PendingInterrupt, index: number, items: PulledItem[]) {
    const seen = this.pass!.seen;
    const externalId = externalIdOf(thread.thread_id, partKey(p.interruptId, index, p.parts));
    if (seen.has(externalId)) return; // matched by two watch filters (its graph and its assistant)
    seen.add(externalId);
    const item = toPulledItem(thread, p, index, { config: this.deps.config, assistantNames: this.assistantNames });
    this.lastItems.set(externalId, { item, p, index });
    if (this.stored.get(externalId) === item.request.version) return; // the console already holds this exact version
    items.push(item);
  }

  /**
   * Deleted threads move no updated_at, so no delta pass sees them go. Called by the watch while the deployment is
   * quiet: when it holds fewer interrupted threads than the passes left pending, some were deleted, and the next pass is
   * a full snapshot (which settles their items) instead of waiting up to `fullEveryMs`. One count request per watch
   * entry. With several entries a thread matching two counts twice, so a deletion can go unnoticed until the snapshot.
   */
  async threadsMissing(signal?: AbortSignal): Promise<boolean> {
    if (this.pass || !this.liveThreads) return false;
    const expected = this.liveThreads.size;
    let count = 0;
    for (const metadata of this.filters) count += await this.deps.client.threads.count({ status: 'interrupted', metadata, signal });
    if (this.pass || count >= expected) return false;
    this.fullDue = true;
    return true;
  }

  /** The newest updated_at per watch filter: where the first delta pass after a snapshot starts. */
  private async readMarks(signal?: AbortSignal): Promise<Array<string | null>> {
    const marks: Array<string | null> = [];
    for (const metadata of this.filters) {
      let top: unknown[];
      try {
        top = await this.deps.client.threads.search({ metadata, limit: 1, sortBy: 'updated_at', sortOrder: 'desc', select: ['thread_id', 'created_at', 'updated_at'], signal });
      } catch (e) {
        throw toSourceError(e, this.deps.config.url, 'read the newest thread');
      }
      const t = top[0] ? ThreadLike.pick({ created_at: true, updated_at: true }).safeParse(top[0]) : null;
      marks.push(t?.success ? (t.data.updated_at ?? t.data.created_at) : null);
    }
    return marks;
  }

  /** A delta pass meets an assistant created since the last snapshot: read the names again (once per pass). */
  private async namesFor(thread: ThreadLike, signal?: AbortSignal) {
    const id = assistantIdOf(thread);
    if (!id || this.assistantNames.has(id) || this.pass!.namesLoaded) return;
    this.pass!.namesLoaded = true;
    await this.loadAssistantNames(signal);
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
}
