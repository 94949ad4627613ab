// Calls waiting on the hub, kept so none is duplicated or orphaned.
// Identity: a call is the same call when the same client (by name) calls the same tool of the same upstream with the
// same arguments (canonical JSON); the session and the JSON-RPC id are not part of it, so a client that timed out,
// reconnected or restarted and retries finds its request again.
// - In this process: a retry while the first wait is still running (or within `retryGraceSeconds` after its client
//   gave up) joins that wait: one hub request, one execution, the result to every caller still attached.
// - Across restarts (a SIGKILL too): each submitted request is recorded in the state file until it is answered; a new
//   gateway re-attaches a retry to it, and withdraws what no retry claimed within the grace period.
import { createHash, randomUUID } from 'node:crypto';
import type { CallToolResult, Progress } from '@modelcontextprotocol/sdk/types.js';
import { canonicalJson } from '../shared/log-chain.js';
import type { CallLog } from './call-log.js';
import type { StateFile } from './gateway-state.js';
import type { ApprovalHandleLike } from './wait.js';

export function callIdentity(parts: { agentId: string; upstream: string; tool: string; args: Record<string, unknown> }): string {
  return createHash('sha256').update(canonicalJson(parts), 'utf8').digest('hex');
}

export interface ProgressLike {
  report(message: string): Promise<void>;
  every(ms: number, message: () => string): () => void;
  /** The upstream's own progress, passed on with its values. */
  forward(p: Progress): Promise<void>;
  flush(): Promise<void>;
}

/** What the shared wait gets instead of one client's signal and progress. */
export interface SharedCall {
  /** Aborted when no caller is left after the grace period, or on shutdown. */
  signal: AbortSignal;
  /** Progress to every caller attached now. */
  progress: ProgressLike;
  /** Before running an approved call: true once a caller is attached (at once if one is), false when none came back in time. */
  waitForCaller(): Promise<boolean>;
}

interface Live {
  ac: AbortController;
  callers: Set<ProgressLike>;
  timer: NodeJS.Timeout | null;
  waiters: Array<(ok: boolean) => void>;
  result: Promise<CallToolResult>;
}

/** Is the gateway process that recorded a call still running? (A reused pid errs on the side of leaving it alone.) */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class PendingCalls {
  private readonly live = new Map<string, Live>();
  private readonly instance = randomUUID();

  constructor(
    private readonly state: StateFile,
    private readonly graceMs: number,
    private readonly shutdown: AbortSignal,
    private readonly log: CallLog,
  ) {}

  /** Our own record of this call, or one a dead gateway left (taken over); never a live other gateway's. */
  recorded(identity: string) {
    const e = this.state.state.pending[identity];
    if (!e || e.instance === this.instance) return e;
    return alive(e.pid) ? undefined : e;
  }

  record(identity: string, e: { requestId: string | null; idempotencyKey: string; tool: string; givenUp?: boolean }): void {
    this.state.state.pending[identity] = { givenUp: false, running: false, ...e, since: new Date().toISOString(), pid: process.pid, instance: this.instance };
    this.save();
  }

  /**
   * This gateway no longer waits on the call's request (its submit, or the look-up of an earlier one, got no answer):
   * the record there is (an earlier intent or request of the same call included, so none is lost), else `intent`, is
   * marked given up, to be closed by recover() unless a retry claims it.
   */
  giveUp(identity: string, intent: { requestId: string | null; idempotencyKey: string; tool: string }): void {
    const e = this.recorded(identity);
    if (e) {
      this.state.state.pending[identity] = { ...e, givenUp: true, pid: process.pid, instance: this.instance };
      this.save();
    } else this.record(identity, { ...intent, givenUp: true });
  }

  /** Before an approved call goes to its upstream: a gateway killed from here on may have run it (never run it twice). */
  markRunning(identity: string): void {
    const e = this.state.state.pending[identity];
    if (!e) return;
    e.running = true;
    this.save();
  }

  forget(identity: string): void {
    if (!this.state.state.pending[identity]) return;
    this.state.dropPending(identity);
    this.save();
  }

  private save(): void {
    try {
      this.state.save(this.instance);
    } catch (e) {
      this.log.write({ event: 'state_save_failed', error: (e as Error).message });
    }
  }

  /** Forgets a record closed in the background, unless a retry replaced it meanwhile. */
  private dropIfSame(identity: string, e: { requestId: string | null; idempotencyKey: string }): void {
    const now = this.state.state.pending[identity];
    if (now?.requestId === e.requestId && now.idempotencyKey === e.idempotencyKey) this.forget(identity);
  }

  /** Runs `work` once per identity; a caller that arrives while it runs joins it. A caller that cancels gets `cancelled()` at once. */
  run(
    identity: string,
    caller: { signal: AbortSignal; progress: ProgressLike },
    work: (shared: SharedCall) => Promise<CallToolResult>,
    cancelled: () => CallToolResult,
  ): Promise<CallToolResult> {
    let live = this.live.get(identity);
    if (!live) {
      const ac = new AbortController();
      const onShutdown = () => ac.abort(this.shutdown.reason);
      this.shutdown.addEventListener('abort', onShutdown, { once: true });
      const l: Live = { ac, callers: new Set(), timer: null, waiters: [], result: Promise.resolve({ content: [] }) };
      const progress: ProgressLike = {
        report: async (m) => void (await Promise.all([...l.callers].map((p) => p.report(m)))),
        forward: async (x) => void (await Promise.all([...l.callers].map((p) => p.forward(x)))),
        flush: async () => void (await Promise.all([...l.callers].map((p) => p.flush()))),
        every: (ms, m) => {
          const t = setInterval(() => void progress.report(m()), ms);
          return () => clearInterval(t);
        },
      };
      const waitForCaller = () => (l.callers.size > 0 ? Promise.resolve(true) : ac.signal.aborted ? Promise.resolve(false) : new Promise<boolean>((r) => l.waiters.push(r)));
      live = l;
      this.live.set(identity, l);
      l.result = work({ signal: ac.signal, progress, waitForCaller }).finally(() => {
        if (l.timer) clearTimeout(l.timer);
        this.shutdown.removeEventListener('abort', onShutdown);
        this.live.delete(identity);
      });
    } else this.log.write({ event: 'reattached', identity: identity.slice(0, 16) });
    const l = live;
    if (l.timer) clearTimeout(l.timer);
    l.timer = null;
    l.callers.add(caller.progress);
    for (const w of l.waiters.splice(0)) w(true);
    return new Promise<CallToolResult>((resolve, reject) => {
      const leave = () => {
        caller.signal.removeEventListener('abort', onAbort);
        l.callers.delete(caller.progress);
      };
      const onAbort = () => {
        // A shutdown ends the shared wait itself, with its own answer (the request withdrawn): wait for that.
        if (this.shutdown.aborted) return;
        leave();
        if (l.callers.size === 0 && !l.timer) {
          // Nobody is waiting any more: keep the request for a retry of the same call, then give it up.
          l.timer = setTimeout(() => {
            l.ac.abort(new Error('no caller came back'));
            for (const w of l.waiters.splice(0)) w(false);
          }, this.graceMs);
          l.timer.unref?.();
        }
        resolve(cancelled());
      };
      if (caller.signal.aborted) return onAbort();
      caller.signal.addEventListener('abort', onAbort, { once: true });
      l.result.then(
        (r) => {
          leave();
          resolve(r);
        },
        (e: Error) => {
          leave();
          reject(e);
        },
      );
    });
  }

  /**
   * From start on: a request a gateway left recorded and then died with (killed, or crashed; also another gateway on
   * the same state file), or gave up on (its submit failed, perhaps after the hub stored it), is kept one grace period
   * (two scans) for a retry to re-attach; what nobody claimed is withdrawn (or, approved or released but never run,
   * reported failed), so no request is left pending with nobody to run it.
   */
  recover(attach: (id: string) => Promise<ApprovalHandleLike>, find?: (idempotencyKey: string, tool: string) => Promise<string | null>): () => void {
    const seenDead = new Set<string>();
    const closing = new Set<string>();
    const scan = () => {
      for (const [identity, e] of Object.entries(this.state.state.pending)) {
        const ours = e.instance === this.instance;
        if ((ours && !e.givenUp) || this.live.has(identity) || closing.has(identity) || (!ours && alive(e.pid))) continue;
        if (!seenDead.has(identity)) {
          seenDead.add(identity);
          continue;
        }
        seenDead.delete(identity);
        closing.add(identity);
        void this.close(identity, e, attach, find).finally(() => closing.delete(identity));
      }
    };
    scan();
    const t = setInterval(scan, Math.max(500, this.graceMs));
    t.unref?.();
    return () => clearInterval(t);
  }

  private async close(
    identity: string,
    e: { requestId: string | null; idempotencyKey: string; tool: string; running?: boolean },
    attach: (id: string) => Promise<ApprovalHandleLike>,
    find: ((idempotencyKey: string, tool: string) => Promise<string | null>) | undefined,
  ): Promise<void> {
    try {
      // Only the intent: the submit never answered (the gateway died, or gave up). The key finds the request it may have made.
      if (e.requestId === null && !find) throw new Error('only the intent was recorded and the hub client cannot look a request up by its key');
      const id = e.requestId ?? (await find!(e.idempotencyKey, e.tool));
      if (id === null) {
        // The hub never stored it: nothing to close.
        this.dropIfSame(identity, e);
        this.log.write({ event: 'orphan_closed', requestId: null, tool: e.tool, was: 'never_stored', from: 'intent' });
        return;
      }
      const h = await attach(id);
      const was = h.request.status;
      if (e.running && !h.request.outcome) {
        // It was handed to the upstream when its gateway died: it may have run. No outcome is reported (the console
        // shows "outcome unknown", which is the truth), and no retry runs it again.
        this.dropIfSame(identity, e);
        this.log.write({ event: 'orphan_closed', requestId: id, tool: e.tool, was, outcome: 'unknown' });
        return;
      }
      if (was === 'pending') await h.withdraw();
      else if ((was === 'approved' || was === 'released') && !h.request.outcome)
        await h.reportOutcome({ status: 'failed', detail: 'not run: the Countersign gateway lost the call before it could run, and its client did not retry it' });
      this.dropIfSame(identity, e);
      this.log.write({ event: 'orphan_closed', requestId: id, tool: e.tool, was, ...(e.requestId ? {} : { from: 'intent' }) });
    } catch (err) {
      this.log.write({ event: 'orphan_close_failed', requestId: e.requestId, error: (err as Error).message });
    }
  }
}
