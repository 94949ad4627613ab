// The sync engine: one SourceRunner per configured source, and the console-wide sync status.
import type { SyncStatus } from '../../shared/contract.js';
import type { Store } from '../store/store.js';
import type { Source } from '../sources/source.js';
import { DEFAULT_TIMING, SourceRunner, type RunnerHooks, type SyncTiming } from './runner.js';

export class SyncEngine {
  private readonly runners = new Map<string, SourceRunner>();

  constructor(
    private readonly store: Store,
    private readonly hooks: RunnerHooks,
    readonly timing: SyncTiming = DEFAULT_TIMING,
  ) {}

  add(source: Source): void {
    const r = new SourceRunner(source, this.store, this.hooks, this.timing);
    this.runners.set(source.config.id, r);
    r.start();
  }

  async remove(id: string): Promise<void> {
    const r = this.runners.get(id);
    this.runners.delete(id);
    await r?.stop();
  }

  has(id: string): boolean {
    return this.runners.has(id);
  }

  runner(id: string): SourceRunner | undefined {
    return this.runners.get(id);
  }

  wake(id?: string): void {
    if (id) this.runners.get(id)?.wake();
    else for (const r of this.runners.values()) r.wake();
  }

  /** Every source asks again who we are there, then syncs (sync.now). */
  recheckIdentities(): void {
    for (const r of this.runners.values()) r.recheckIdentity();
  }

  status(): SyncStatus {
    const sources = [...this.runners.values()].map((r) => ({
      id: r.id,
      name: r.source.config.name,
      state: r.state,
      lastSyncAt: r.lastSyncAt,
      error: r.error,
    }));
    return {
      online: !sources.some((s) => s.state === 'offline' || s.state === 'error'),
      outbox: this.store.outboxCount(),
      held: this.store.heldCount(),
      sources,
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.runners.keys()].map((id) => this.remove(id)));
  }
}
