// The two ways a hub call fails, and the one rule for which failures are worth another try.
import { ErrorBody } from '../shared/protocol.js';
import type { IssueLine } from '../shared/zod-issues.js';

/** The hub answered, but not with what was asked for: an error status, or an answer we cannot read. */
export class HubError extends Error {
  readonly code: string;
  readonly issues: IssueLine[];
  constructor(
    readonly status: number,
    /** The answer's parsed body (its text when it was not JSON), null when there was none to keep. */
    readonly body: unknown,
    message: string,
    code?: string,
    /** From a 429 or 503's Retry-After: how long the hub asked us to wait before another try. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'HubError';
    const b = ErrorBody.safeParse(body);
    this.code = code ?? (b.success ? b.data.error : `http_${status}`);
    this.issues = b.success ? (b.data.issues ?? []) : [];
  }

  /** An error status answer for `where` (e.g. `POST /v1/requests`), its message taken from the ErrorBody when there is one. */
  static fromAnswer(status: number, body: unknown, where: string, headers?: Headers): HubError {
    const m = (body as { message?: unknown } | null)?.message;
    const said = typeof m === 'string' ? m : typeof body === 'string' ? body.slice(0, 200) : JSON.stringify(body)?.slice(0, 200);
    const after = status === 429 || status === 503 ? parseRetryAfter(headers?.get('retry-after')) : undefined;
    return new HubError(status, body, `hub answered ${status} on ${where}: ${said}`, undefined, after);
  }
}

/** Retry-After is delay-seconds or an HTTP date (RFC 9110 10.2.3); anything else is ignored. */
function parseRetryAfter(v: string | null | undefined): number | undefined {
  if (!v) return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** No answer at all: the hub is down, the network dropped, or the call timed out. */
export class HubUnreachableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HubUnreachableError';
  }
}

/** Network failures, 5xx and 429 may pass; any other answer (every 4xx) will be the same next time. */
export function isRetryable(err: unknown): boolean {
  if (err instanceof HubUnreachableError) return true;
  if (err instanceof HubError) return err.status >= 500 || err.status === 429;
  return false;
}
