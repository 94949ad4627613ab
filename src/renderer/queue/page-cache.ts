// Rows of the queue by index, fetched a page at a time around the viewport and never all at once.
// Pages carry the generation they were fetched for, so a refresh can keep showing old rows until new ones land.
import type { QueueItemSummary } from '../../shared/contract.js';

export const PAGE_SIZE = 100;
/** About 6,000 rows: enough for fast scrolling back and forth, small enough for 100k-item queues. */
const MAX_PAGES = 60;

export class PageCache {
  private rows = new Map<number, QueueItemSummary>();
  private pageGen = new Map<number, number>();
  private inFlight = new Map<number, number>(); // page -> generation being fetched
  private lastUse = new Map<number, number>();
  private useClock = 0;

  get(index: number): QueueItemSummary | undefined {
    return this.rows.get(index);
  }

  indexOf(id: string): number {
    for (const [i, r] of this.rows) if (r.id === id) return i;
    return -1;
  }

  /** Pages overlapping [start, end] that are missing or older than `gen` and not already being fetched for `gen`. */
  pagesToFetch(start: number, end: number, gen: number): number[] {
    const out: number[] = [];
    for (let p = Math.floor(Math.max(0, start) / PAGE_SIZE); p <= Math.floor(Math.max(0, end) / PAGE_SIZE); p++) {
      this.lastUse.set(p, ++this.useClock);
      if (this.pageGen.get(p) !== gen && this.inFlight.get(p) !== gen) out.push(p);
    }
    return out;
  }

  markInFlight(page: number, gen: number) {
    this.inFlight.set(page, gen);
  }

  fetchFailed(page: number, gen: number) {
    if (this.inFlight.get(page) === gen) this.inFlight.delete(page);
  }

  store(page: number, gen: number, items: QueueItemSummary[]) {
    if (this.inFlight.get(page) === gen) this.inFlight.delete(page);
    const base = page * PAGE_SIZE;
    for (let i = 0; i < PAGE_SIZE; i++) {
      const r = items[i];
      if (r) this.rows.set(base + i, r);
      else this.rows.delete(base + i);
    }
    this.pageGen.set(page, gen);
    this.lastUse.set(page, ++this.useClock);
    this.evict();
  }

  /** Forget everything (a new query: old rows would be wrong, not just old). */
  clear() {
    this.rows.clear();
    this.pageGen.clear();
    this.inFlight.clear();
    this.lastUse.clear();
  }

  /** Optimistic removal after a decision: later rows move up by one until the refresh confirms it. */
  removeAt(index: number) {
    const keys = [...this.rows.keys()].filter((k) => k >= index).sort((a, b) => a - b);
    for (const k of keys) {
      const next = this.rows.get(k + 1);
      if (next) this.rows.set(k, next);
      else this.rows.delete(k);
    }
    // Every page from here on is now shifted: let the next look refetch them.
    for (const p of [...this.pageGen.keys()]) if ((p + 1) * PAGE_SIZE > index) this.pageGen.set(p, -1);
  }

  private evict() {
    if (this.pageGen.size <= MAX_PAGES) return;
    const byAge = [...this.pageGen.keys()].sort((a, b) => (this.lastUse.get(a) ?? 0) - (this.lastUse.get(b) ?? 0));
    for (const p of byAge.slice(0, this.pageGen.size - MAX_PAGES)) {
      this.pageGen.delete(p);
      this.lastUse.delete(p);
      for (let i = p * PAGE_SIZE; i < (p + 1) * PAGE_SIZE; i++) this.rows.delete(i);
    }
  }
}
