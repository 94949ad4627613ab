// The agent-side client of the hub: one call to ask, one to wait, one to report.
//
//   const hub = createClient({ url, token });
//   const h = await hub.requestApproval({ actionClass: 'refund.issue', action: { name: 'refund', args: { amount: 250 } }, summary: '...' });
//   const final = await h.decision({ timeout: 60_000 });
//   if (final.status === 'approved' || final.status === 'released') { run(final.decision?.editedAction ?? final.action); await h.reportOutcome({ status: 'executed' }); }
//
// Network errors and 5xx answers are retried with exponential backoff and jitter; a submit keeps one
// Idempotency-Key across its retries, so the hub never sees it twice. 4xx answers throw HubError at once.
import pRetry, { AbortError } from 'p-retry';
import type { ApprovalRequest, Evidence, Outcome, ProposedAction, RequestStatus } from '../shared/domain.js';

type OutcomeStatus = Outcome['status'];
import type { ErrorBody } from '../shared/protocol.js';

export const FINAL_STATUSES: ReadonlySet<RequestStatus> = new Set(['approved', 'rejected', 'escalated', 'expired', 'withdrawn', 'released']);

/** The hub answered 4xx: the request is wrong and retrying will not help. */
export class HubError extends Error {
  readonly code: string;
  constructor(
    readonly status: number,
    readonly body: ErrorBody | unknown,
  ) {
    const b = body as Partial<ErrorBody> | undefined;
    super(`hub answered ${status}: ${b?.message ?? JSON.stringify(body)}`);
    this.name = 'HubError';
    this.code = typeof b?.error === 'string' ? b.error : 'http_' + status;
  }
}

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
  /** Retries per call on network errors and 5xx (default 6: about 10 s of backoff). */
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
  /** Fixed for this call and all its retries; generated when absent. Reuse it to make a restarted agent idempotent too. */
  idempotencyKey?: string;
}

export interface ApprovalHandle {
  readonly id: string;
  /** The latest snapshot this handle has seen. */
  readonly request: ApprovalRequest;
  readonly status: RequestStatus;
  /** Long-polls until a final status (approved, rejected, escalated, expired, withdrawn, released); throws ApprovalTimeoutError after `timeout` ms. */
  decision(opts?: { timeout?: number; signal?: AbortSignal }): Promise<ApprovalRequest>;
  reportOutcome(o: { status: OutcomeStatus; detail?: string }): Promise<ApprovalRequest>;
  withdraw(): Promise<ApprovalRequest>;
}

export interface HubClient {
  requestApproval(input: ApprovalInput): Promise<ApprovalHandle>;
  getRequest(id: string): Promise<ApprovalRequest>;
}

export function createClient(opts: ClientOptions): HubClient {
  const doFetch = opts.fetch ?? fetch;
  const base = opts.url.endsWith('/') ? opts.url : opts.url + '/';

  async function once<T>(method: string, path: string, body: unknown, headers: Record<string, string>, signal?: AbortSignal): Promise<T> {
    const h: Record<string, string> = { authorization: `Bearer ${opts.token}`, accept: 'application/json', ...headers };
    if (body !== undefined) h['content-type'] = 'application/json';
    const res = await doFetch(new URL(path.replace(/^\//, ''), base), { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body), signal });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* keep the text */
    }
    if (res.status >= 400 && res.status < 500) throw new AbortError(new HubError(res.status, parsed));
    if (res.status >= 500) throw new Error(`hub answered ${res.status}`);
    return parsed as T;
  }

  function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<T> {
    const sig = anySignal(opts.signal, signal);
    return pRetry(() => once<T>(method, path, body, headers, sig), {
      retries: opts.retries ?? 6,
      minTimeout: opts.minTimeoutMs ?? 150,
      maxTimeout: opts.maxTimeoutMs ?? 3000,
      factor: 2,
      randomize: true,
      signal: sig,
      // An abort is the caller's choice, not a fault: stop at once.
      shouldRetry: () => !sig?.aborted,
    });
  }

  const getRequest = (id: string, waitSeconds?: number, signal?: AbortSignal): Promise<ApprovalRequest> =>
    call<ApprovalRequest>('GET', `/v1/requests/${encodeURIComponent(id)}${waitSeconds ? `?wait=${Math.round(waitSeconds * 1000) / 1000}` : ''}`, undefined, {}, signal);

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
            if (e instanceof HubError || opts.signal?.aborted || o.signal?.aborted) throw e;
            // The hub is away longer than one call's retries: keep waiting (with backoff) until our deadline.
            await sleep(Math.min(pause, Math.max(0, deadline - Date.now())), anySignal(opts.signal, o.signal));
            pause = Math.min(pause * 2, 5000);
          }
        }
        return latest;
      },
      async reportOutcome(o) {
        latest = await call<ApprovalRequest>('POST', `/v1/requests/${encodeURIComponent(first.id)}/outcome`, { status: o.status, detail: o.detail ?? '' });
        return latest;
      },
      async withdraw() {
        latest = await call<ApprovalRequest>('DELETE', `/v1/requests/${encodeURIComponent(first.id)}`);
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
      };
      const req = await call<ApprovalRequest>('POST', '/v1/requests', body, { 'idempotency-key': key });
      return handleFor(req);
    },
    getRequest: (id) => getRequest(id),
  };
}

function anySignal(a?: AbortSignal, b?: AbortSignal): AbortSignal | undefined {
  if (!a) return b;
  if (!b) return a;
  return AbortSignal.any([a, b]);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
