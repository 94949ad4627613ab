// What makes the hub live: agents' long-polls wake when their request changes, and SSE clients hear that the
// feed moved. Bursts are coalesced to one SSE message per event-loop turn, carrying the latest cursor.
import type { ServerResponse } from 'node:http';
import { EVERY_REQUEST, type ChangeListener } from '../store/request-rules.js';

const PING_MS = 15_000;

export class Live {
  private waiters = new Map<string, Set<() => void>>();
  private clients = new Set<ServerResponse>();
  private latest = 0;
  private scheduled = false;
  private ping: NodeJS.Timeout;
  private unsubscribe: () => void;
  /** Aborted by close(): every long-poll answers at once instead of waiting again until its own deadline. */
  private readonly closing = new AbortController();

  /** `cursor`: the feed position at start; `subscribe`: the storage's change listener (this replica's and, on a shared database, every other's). */
  constructor(cursor: number, subscribe: (l: ChangeListener) => () => void) {
    this.latest = cursor;
    this.unsubscribe = subscribe((e) => {
      if (e.cursor > this.latest) this.latest = e.cursor;
      if (e.requestId === EVERY_REQUEST) for (const set of [...this.waiters.values()]) for (const wake of [...set]) wake();
      else for (const wake of [...(this.waiters.get(e.requestId) ?? [])]) wake();
      this.scheduleBroadcast();
    });
    this.ping = setInterval(() => this.writeAll(': ping\n\n'), PING_MS);
    this.ping.unref();
  }

  get closed(): boolean {
    return this.closing.signal.aborted;
  }

  /** Resolves when the request changes or after `ms`, whichever is first; also on `signal` abort and on close(). */
  waitFor(requestId: string, ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (this.closed) return resolve();
      let set = this.waiters.get(requestId);
      if (!set) this.waiters.set(requestId, (set = new Set()));
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.closing.signal.removeEventListener('abort', done);
        set.delete(done);
        if (set.size === 0) this.waiters.delete(requestId);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      signal?.addEventListener('abort', done);
      this.closing.signal.addEventListener('abort', done);
      set.add(done);
    });
  }

  addClient(res: ServerResponse): void {
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
    res.write(`event: changes\ndata: ${JSON.stringify({ cursor: this.latest })}\n\n`);
  }

  clientCount(): number {
    return this.clients.size;
  }

  close(): void {
    clearInterval(this.ping);
    this.unsubscribe();
    for (const c of this.clients) c.end();
    this.clients.clear();
    this.closing.abort();
  }

  private scheduleBroadcast(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.writeAll(`event: changes\ndata: ${JSON.stringify({ cursor: this.latest })}\n\n`);
    });
  }

  private writeAll(chunk: string): void {
    for (const c of this.clients) if (!c.writableEnded) c.write(chunk);
  }
}
