// The one retry policy for hub calls: exponential backoff with jitter (p-retry), only for what isRetryable allows.
import pRetry from 'p-retry';
import { isRetryable } from './errors.js';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  minTimeoutMs: number;
  maxTimeoutMs: number;
}

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
    shouldRetry: (err) => isRetryable(err) && !signal?.aborted,
  });
}
