// The agent-side client of the hub: one call to ask, one to wait, one to report.
//
//   const hub = createClient({ url, token });
//   const h = await hub.requestApproval({ actionClass: 'refund.issue', action: { name: 'refund', args: { amount: 250 } }, summary: '...' });
//   const final = await h.decision({ timeout: 60_000 });
//   if (final.status === 'approved' || final.status === 'released') { run(final.decision?.editedAction ?? final.action); await h.reportOutcome({ status: 'executed' }); }
//
// A thin layer over the hub client (src/hub-client): network errors, 5xx and 429 are retried with its backoff;
// a submit keeps one Idempotency-Key across its retries, so the hub never sees it twice. 4xx answers throw HubError at once.
import type { ApprovalRequest, Evidence, Outcome, ProposedAction, RequestStatus } from '../shared/domain.js';
import { FINAL_STATUSES } from '../shared/request-status.js';
import { anySignal, DEFAULT_RETRY, getRequest as fetchRequest, isRetryable, reportOutcome, submitRequest, withdrawRequest, type HubConnection } from '../hub-client/index.js';

export { HubError } from '../hub-client/index.js';
export { FINAL_STATUSES };

type OutcomeStatus = Outcome['status'];

/** decision({timeout}) ran out before a final status; `request` is the latest snapshot. */
export class ApprovalTimeoutError extends Error {
  constructor(readonly request: ApprovalRequest) {
    super(`no final decision on ${request.id} yet (status ${request.status})`);
    this.name = 'ApprovalTimeoutError';
  }
}

export interface ClientOptions {
  url: string;
  token: string;
  fetch?: typeof fetch;
  /** Retries per call on network errors, 5xx and 429 (default 6: about 10 s of backoff). */
  retries?: number;
  minTimeoutMs?: number;
  maxTimeoutMs?: number;
  /** Aborts every call of this client (the demo agent's stop). */
  signal?: AbortSignal;
}

export interface ApprovalInput {
  actionClass: string;
  action: ProposedAction;
  summary: string;
  evidence?: Evidence[];
  /** Seconds until the request expires (default: the class's). */
  expiresIn?: number;
  agent?: { id: string; name?: string; runUrl?: string | null };
  escalate?: boolean;
  externalId?: string | null;
  /** The person the agent acts for (their hub handle): they can never approve this request. */
  onBehalfOf?: string;
  /** Fixed for this call and all its retries; generated when absent. Reuse it to make a restarted agent idempotent too. */
  idempotencyKey?: string;
  /** Aborts the submit (and its retries), e.g. when the caller's own request was cancelled. */
  signal?: AbortSignal;
}

export interface ApprovalHandle {
  readonly id: string;
  /** The latest snapshot this handle has seen. */
  readonly request: ApprovalRequest;
  readonly status: RequestStatus;
  /**
   * Long-polls until a final status (approved, rejected, escalated, expired, withdrawn, released); throws
   * ApprovalTimeoutError after `timeout` ms. On a two-person class the first approval is only a vote: it keeps waiting.
   */
  decision(opts?: { timeout?: number; signal?: AbortSignal }): Promise<ApprovalRequest>;
  reportOutcome(o: { status: OutcomeStatus; detail?: string }): Promise<ApprovalRequest>;
  withdraw(): Promise<ApprovalRequest>;
}

export interface HubClient {
  requestApproval(input: ApprovalInput): Promise<ApprovalHandle>;
  getRequest(id: string): Promise<ApprovalRequest>;
}

export function createClient(opts: ClientOptions): HubClient {
  const conn: HubConnection = {
    url: opts.url,
    token: opts.token,
    fetch: opts.fetch,
    signal: opts.signal,
    retry: {
      retries: opts.retries ?? DEFAULT_RETRY.retries,
      minTimeoutMs: opts.minTimeoutMs ?? DEFAULT_RETRY.minTimeoutMs,
      maxTimeoutMs: opts.maxTimeoutMs ?? DEFAULT_RETRY.maxTimeoutMs,
    },
  };
  const getRequest = (id: string, wait?: number, signal?: AbortSignal) => fetchRequest(conn, id, { wait, signal });

  function handleFor(first: ApprovalRequest): ApprovalHandle {
    let latest = first;
    return {
      get id() {
        return first.id;
      },
      get request() {
        return latest;
      },
      get status() {
        return latest.status;
      },
      async decision(o = {}) {
        const deadline = o.timeout === undefined ? Infinity : Date.now() + o.timeout;
        let pause = 200;
        while (!FINAL_STATUSES.has(latest.status)) {
          const left = deadline - Date.now();
          if (left <= 0) throw new ApprovalTimeoutError(latest);
          try {
            latest = await getRequest(first.id, Math.max(0.05, Math.min(60, left / 1000)), o.signal);
            pause = 200;
          } catch (e) {
            if (!isRetryable(e) || opts.signal?.aborted || o.signal?.aborted) throw e;
            // The hub is away longer than one call's retries: keep waiting (with backoff) until our deadline.
            await sleep(Math.min(pause, Math.max(0, deadline - Date.now())), anySignal(opts.signal, o.signal));
            pause = Math.min(pause * 2, 5000);
          }
        }
        return latest;
      },
      async reportOutcome(o) {
        latest = await reportOutcome(conn, first.id, { status: o.status, detail: o.detail ?? '' });
        return latest;
      },
      async withdraw() {
        latest = await withdrawRequest(conn, first.id);
        return latest;
      },
    };
  }

  return {
    async requestApproval(input) {
      const key = input.idempotencyKey ?? globalThis.crypto.randomUUID();
      const body = {
        actionClass: input.actionClass,
        action: input.action,
        summary: input.summary,
        evidence: input.evidence ?? [],
        ...(input.agent ? { agent: { id: input.agent.id, name: input.agent.name ?? '', runUrl: input.agent.runUrl ?? null } } : {}),
        ...(input.expiresIn !== undefined ? { expiresIn: input.expiresIn } : {}),
        escalate: input.escalate ?? false,
        externalId: input.externalId ?? null,
        ...(input.onBehalfOf !== undefined ? { onBehalfOf: input.onBehalfOf } : {}),
      };
      const req = await submitRequest(conn, body, { idempotencyKey: key, signal: input.signal });
      return handleFor(req);
    },
    getRequest: (id) => getRequest(id),
  };
}

/** Waits ms; if the signal aborts first, rejects with the signal's reason (as fetch and the timers do). */
async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted();
  const aborted = await new Promise<boolean>((resolve) => {
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(false);
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      resolve(true);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  if (aborted) signal?.throwIfAborted();
}
