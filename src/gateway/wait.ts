// Waiting for a human: long-polls the hub through the SDK handle in short steps, so the gateway can send
// progress between steps and notice a client's cancellation, until a final status or the gateway's wait timeout.
import type { ApprovalRequest } from '../shared/domain.js';
import { FINAL_STATUSES } from '../shared/request-status.js';
import { HubError, isRetryable } from '../hub-client/index.js';

/** The part of the SDK's ApprovalHandle (src/sdk) the gateway uses. */
export interface ApprovalHandleLike {
  id: string;
  request: ApprovalRequest;
  decision(opts?: { timeout?: number; signal?: AbortSignal }): Promise<ApprovalRequest>;
  reportOutcome(o: { status: 'executed' | 'failed' | 'rolled_back'; detail?: string }): Promise<unknown>;
  withdraw(): Promise<unknown>;
}

export type WaitOutcome = { kind: 'final'; request: ApprovalRequest } | { kind: 'timeout'; request: ApprovalRequest } | { kind: 'cancelled'; request: ApprovalRequest };

/** A hub answer that will not change on retry (any 4xx) is not worth waiting through; anything else (network, 5xx, a step timing out) is. */
function isPermanent(e: unknown): boolean {
  return e instanceof HubError && !isRetryable(e);
}

function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T | typeof ABORTED> {
  // p rejects once the signal aborts; that rejection is expected and must not go unhandled.
  p.catch(() => {});
  if (signal.aborted) return Promise.resolve(ABORTED);
  let onAbort = () => {};
  const aborted = new Promise<typeof ABORTED>((resolve) => {
    onAbort = () => resolve(ABORTED);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  // p's value or its rejection as it came, unless the signal aborts first.
  return Promise.race([p, aborted]).finally(() => signal.removeEventListener('abort', onAbort));
}
const ABORTED = Symbol('aborted');

export async function waitForDecision(handle: ApprovalHandleLike, opts: { timeoutMs: number; stepMs: number; signal: AbortSignal; onStep?: () => void }): Promise<WaitOutcome> {
  const deadline = Date.now() + opts.timeoutMs;
  let request = handle.request;
  while (!FINAL_STATUSES.has(request.status)) {
    if (opts.signal.aborted) return { kind: 'cancelled', request };
    const left = deadline - Date.now();
    if (left <= 0) return { kind: 'timeout', request };
    try {
      const got = await abortable(handle.decision({ timeout: Math.min(left, opts.stepMs), signal: opts.signal }), opts.signal);
      if (got === ABORTED) return { kind: 'cancelled', request };
      request = got;
    } catch (e) {
      if (opts.signal.aborted) return { kind: 'cancelled', request };
      if (isPermanent(e)) throw e;
      // The SDK's ApprovalTimeoutError: this step ran out; it carries the latest snapshot.
      const latest = (e as { request?: ApprovalRequest }).request;
      if (latest?.status) {
        request = latest;
        opts.onStep?.();
        continue;
      }
      // A step that timed out, or the hub briefly unreachable: keep waiting until our own deadline.
      await new Promise((r) => setTimeout(r, Math.min(250, Math.max(0, deadline - Date.now()))));
    }
    opts.onStep?.();
  }
  return { kind: 'final', request };
}
