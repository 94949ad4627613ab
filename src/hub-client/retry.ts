// The one retry policy for hub calls: exponential backoff with jitter (p-retry), only for what isRetryable allows.
import pRetry from 'p-retry';
import { HubError, isRetryable } from './errors.js';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  minTimeoutMs: number;
  maxTimeoutMs: number;
}

// A hub asking for longer than this is not waited for: the caller sees the 429 and decides.
const MAX_RETRY_AFTER_MS = 60_000;

/** About 10 s of backoff in all: enough to ride out a hub restart. */
export const DEFAULT_RETRY: RetryPolicy = { retries: 6, minTimeoutMs: 150, maxTimeoutMs: 3000 };

export function withRetry<T>(attempt: () => Promise<T>, policy: RetryPolicy, signal?: AbortSignal): Promise<T> {
  return pRetry(attempt, {
    retries: policy.retries,
    minTimeout: policy.minTimeoutMs,
    maxTimeout: policy.maxTimeoutMs,
    factor: 2,
    randomize: true,
    signal,
    // An abort is the caller's choice, not a fault: stop at once.
    shouldRetry: (err) => isRetryable(err) && !signal?.aborted && !((retryAfterMs(err) ?? 0) > MAX_RETRY_AFTER_MS),
    // A 429/503 with Retry-After: wait what the hub asked before the next try (the backoff then adds its own delay).
    onFailedAttempt: (err) => {
      const wait = retryAfterMs(err);
      return wait ? sleep(wait, signal) : undefined;
    },
  });
}

/** How long the hub asked us to wait (a 429 or 503's Retry-After), if it did: the one reading of it for every caller. */
export function retryAfterMs(err: unknown): number | undefined {
  return err instanceof HubError && err.retryAfterMs !== undefined && err.retryAfterMs > 0 ? err.retryAfterMs : undefined;
}

/** A 429: the hub limits this token's rate (as opposed to being down). */
export function isRateLimited(err: unknown): err is HubError {
  return err instanceof HubError && err.status === 429;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });
}
