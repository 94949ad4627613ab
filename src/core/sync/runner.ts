// One source's sync loop: pull every page since the cursor, push the outbox, then sleep until woken
// (SSE, a local decision, sync.now) or until the poll/backoff timer fires. One loop per source keeps
// pulls and pushes of that source in order without locks.
import type { Store, IngestResult } from '../store/store.js';
import { SourceRateLimitedError, SourceUnreachableError, type PullPage, type Source } from '../sources/source.js';
import { backoffDelay } from './backoff.js';
import { pushProposals } from './push-proposals.js';

/** A source asking for more than this is tried again after it anyway: the console must not go quiet for hours. */
const MAX_RATE_LIMIT_WAIT_MS = 10 * 60_000;

export type SourceState = 'online' | 'offline' | 'error' | 'connecting' | 'rate_limited';

export interface SyncTiming {
  /** Poll interval for a source without watch(), right after a change; it doubles while nothing changes. */
  pollMinMs: number;
  pollMaxMs: number;
  /** With watch(): a safety pull this often even if the stream stays quiet. */
  watchSafetyPollMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  pushBatchSize: number;
  /** Stop pulling pages after this many in one round, so a huge catch-up cannot starve pushes. */
  maxPagesPerRound: number;
  /** How long a new local decision is held in the outbox, unsent, so the approver can undo it (0: sent at once). */
  undoWindowMs: number;
}

/** Decisions sent whose run is still going at the source are judged again this often (or sooner, on a wake). */
const RUNNING_RECHECK_MS = 5_000;

/** How often a source is asked again who we are there. */
const IDENTITY_REFRESH_MS = 5 * 60_000;

export const DEFAULT_TIMING: SyncTiming = {
  pollMinMs: 2_000,
  pollMaxMs: 60_000,
  watchSafetyPollMs: 60_000,
  backoffBaseMs: 500,
  backoffMaxMs: 10_000,
  pushBatchSize: 500,
  maxPagesPerRound: 200,
  undoWindowMs: 5_000,
};

export interface RunnerHooks {
  onIngest(sourceId: string, result: IngestResult): void;
  onPushed(sourceId: string): void;
  onState(sourceId: string): void;
  logError(sourceId: string, message: string): void;
  /** The source named a different identity (or groups) than before: rows were re-derived. */
  onIdentity?(sourceId: string): void;
}

export class SourceRunner {
  state: SourceState = 'connecting';
  error: string | null = null;
  /** Set by a 429: the next sleep is what the source's Retry-After asked. */
  private rateLimitWaitMs: number | null = null;
  lastSyncAt: string | null = null;
  private stopped = false;
  private woken = false;
  private wakeResolve: (() => void) | null = null;
  private stopWatch: (() => void) | null = null;
  private streamOnline: boolean | null = null;
  private failures = 0;
  /** The last push round's decisions that reached the source but did not take effect there: shown on the source while online. */
  private deliveryError: string | null = null;
  /** When the source last told us who we are there (0: not yet this session). */
  private identityAt = 0;
  private pollMs: number;
  /** Outbox decisions the source held back on the last push (waiting for others to be sent with): no reason to retry soon. */
  private held = 0;
  /** Of those, decisions already sent whose run at the source had not ended: asked about again on a slow timer. */
  private running = 0;
  private loopDone: Promise<void> | null = null;
  private abort = new AbortController();

  constructor(
    readonly source: Source,
    private readonly store: Store,
    private readonly hooks: RunnerHooks,
    private readonly timing: SyncTiming = DEFAULT_TIMING,
  ) {
    this.pollMs = timing.pollMinMs;
  }

  get id(): string {
    return this.source.config.id;
  }

  start(): void {
    if (this.source.watch) {
      this.stopWatch = this.source.watch(
        () => this.wake(),
        (online) => {
          // The stream only prompts a check: a pull right away decides online/offline, so a source whose
          // HTTP works while its stream does not (a proxy buffering SSE) is polled, not flapped to offline.
          const was = this.streamOnline;
          this.streamOnline = online;
          // Repeated failures of a stream that is already down must not bypass the runner's own backoff.
          if (online || was !== false) this.wake();
        },
      );
    }
    this.loopDone = this.loop();
  }

  /** Ask the source again who we are on the next round (sync.now: groups may have changed at the hub). */
  recheckIdentity(): void {
    this.identityAt = 0;
    this.wake();
  }

  wake(): void {
    this.woken = true;
    this.wakeResolve?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    this.stopWatch?.();
    this.wake();
    await this.loopDone?.catch(() => {});
    await this.source.close();
  }

  private setState(state: SourceState, error: string | null = null): void {
    if (state === this.state && error === this.error) return;
    this.state = state;
    this.error = error;
    this.hooks.onState(this.id);
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      this.woken = false;
      let changed = false;
      try {
        await this.checkIdentity();
        changed = await this.pullAll();
        await this.pushOutbox();
        // Policy proposals go after the decisions, like them from an outbox (offline-safe).
        if (await pushProposals(this.source, this.store, this.abort.signal)) this.hooks.onPushed(this.id);
        this.failures = 0;
        this.lastSyncAt = new Date().toISOString();
        // A pull and push that worked mean the source is reachable. If its stream is still down we poll
        // (see nextDelay) until it reconnects.
        this.setState('online', this.deliveryError);
      } catch (err) {
        if (this.stopped) break;
        const msg = (err as Error).message;
        if (err instanceof SourceRateLimitedError) {
          // Reachable, only asking us to slow down: wait exactly what it asked (capped), not the offline backoff.
          this.rateLimitWaitMs = Math.min(err.retryAfterMs, MAX_RATE_LIMIT_WAIT_MS);
          this.setState('rate_limited', `rate limited by the source, retrying in ${Math.ceil(this.rateLimitWaitMs / 1000)} s`);
        } else {
          this.failures++;
          this.setState(err instanceof SourceUnreachableError ? 'offline' : 'error', msg);
          if (!(err instanceof SourceUnreachableError)) this.hooks.logError(this.id, msg);
        }
      }
      if (this.stopped) break;
      if (this.woken) continue;
      await this.sleep(this.nextDelay(changed));
    }
  }

  private nextDelay(changed: boolean): number {
    if (this.rateLimitWaitMs !== null) {
      const wait = this.rateLimitWaitMs;
      this.rateLimitWaitMs = null;
      return wait;
    }
    if (this.failures > 0) return backoffDelay(this.failures - 1, this.timing.backoffBaseMs, this.timing.backoffMaxMs);
    // Held decisions wait for a local decision (which wakes the runner), not for a timer.
    if (this.store.releasedCount(this.id) > this.held) return this.timing.backoffBaseMs;
    const delay = Math.min(this.running > 0 ? RUNNING_RECHECK_MS : Infinity, this.source.watch && this.streamOnline ? this.timing.watchSafetyPollMs : this.nextPoll(changed));
    // A decision in its undo window is sent the moment the window ends, not at the next poll.
    const release = this.store.nextRelease(this.id);
    return release === null ? delay : Math.max(0, Math.min(delay, release - Date.now()));
  }

  private nextPoll(changed: boolean): number {
    this.pollMs = changed ? this.timing.pollMinMs : Math.min(this.timing.pollMaxMs, this.pollMs * 2);
    return this.pollMs;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wakeResolve = () => {
        this.wakeResolve = null;
        done();
      };
    });
  }

  /**
   * Asks the source who we are at the first round and then every IDENTITY_REFRESH_MS (groups change, tokens expire),
   * before pulling, so items are ordered and checked against the person the source will name on our decisions.
   */
  private async checkIdentity(): Promise<void> {
    if (!this.source.whoAmI || (this.identityAt && Date.now() - this.identityAt < IDENTITY_REFRESH_MS)) return;
    let me;
    try {
      me = await this.source.whoAmI(this.abort.signal);
    } catch (err) {
      // Unreachable: the round fails as a pull would. Any other answer (malformed, refused) must not stop the sync:
      // the items then count as anyone's, as from a hub without identities, and we ask again later.
      if (err instanceof SourceUnreachableError || this.stopped) throw err;
      this.identityAt = Date.now();
      this.hooks.logError(this.id, `could not learn who this console is at the source: ${(err as Error).message}`);
      return;
    }
    if (this.stopped) return;
    this.identityAt = Date.now();
    const identity = me ? { ...me, checkedAt: new Date().toISOString() } : null;
    const before = this.store.identityOf(this.id);
    this.store.setSourceIdentity(this.id, identity);
    if (JSON.stringify({ ...before, checkedAt: '' }) !== JSON.stringify({ ...identity, checkedAt: '' })) this.hooks.onIdentity?.(this.id);
  }

  /** Pulls pages until the source says there is no more (catch-up after a long gap happens here, page by page). */
  private async pullAll(): Promise<boolean> {
    let changed = false;
    let next: Promise<PullPage> | null = null;
    for (let page = 0; page < this.timing.maxPagesPerRound && !this.stopped; page++) {
      const res = await (next ?? this.source.pull(this.store.getCursor(this.id), this.abort.signal));
      next = null;
      if (this.stopped) break;
      // Ask for the next page before writing this one, so the source's work (the hub's query, the network)
      // overlaps with ours. Its failure surfaces when it is awaited; until then it must not go unhandled.
      if (res.hasMore && page + 1 < this.timing.maxPagesPerRound) {
        next = this.source.pull(res.cursor, this.abort.signal);
        next.catch(() => {});
      }
      const r = this.store.ingest(this.id, res.items, res.cursor);
      if (r.inserted + r.updated > 0) {
        changed = true;
        this.hooks.onIngest(this.id, r);
      }
      if (!res.hasMore) return changed;
    }
    // More pages remain: come straight back after pushing.
    this.woken = true;
    return changed;
  }

  private async pushOutbox(): Promise<void> {
    this.held = 0;
    this.running = 0;
    while (!this.stopped) {
      const batch = this.store.outbox(this.id, this.timing.pushBatchSize);
      if (batch.length === 0) return;
      const ids = batch.map((b) => b.decision.id);
      this.store.markSyncing(ids);
      let results;
      try {
        results = await this.source.push(
          batch.map((b) => ({ decision: b.decision, externalId: b.externalId, binding: b.binding })),
          this.abort.signal,
        );
      } catch (err) {
        this.store.markPushFailed(ids, (err as Error).message);
        this.hooks.onPushed(this.id);
        throw err;
      }
      this.store.applyPushResults(results);
      const failed = results.filter((r) => r.status === 'failed');
      if (failed.length) this.deliveryError = `${failed.length} decision(s) did not take effect at the source, e.g. ${failed[0]!.reason ?? 'no reason given'}`;
      else if (results.some((r) => r.status === 'accepted')) this.deliveryError = null;
      // Whatever the source did not answer goes back to the outbox for the next round.
      const answered = new Set(results.map((r) => r.decisionId));
      const unanswered = ids.filter((id) => !answered.has(id));
      if (unanswered.length) this.store.markPushFailed(unanswered, 'the source did not answer for this decision');
      this.hooks.onPushed(this.id);
      if (unanswered.length) throw new Error(`${unanswered.length} decision(s) were not answered by the source`);
      // Held decisions (and sent ones whose run is still going) stay first in the outbox: stop once a batch held
      // everything or the whole outbox fit in it.
      const held = results.filter((r) => r.status === 'held' || r.status === 'running').length;
      if (held > 0 && (held === results.length || batch.length < this.timing.pushBatchSize)) {
        this.held = held;
        this.running = results.filter((r) => r.status === 'running').length;
        return;
      }
    }
  }
}
