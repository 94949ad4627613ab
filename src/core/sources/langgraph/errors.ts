// Sorting LangGraph SDK failures into "try again later" (the engine keeps the decision in its outbox and backs off)
// and real answers from the server (404 = the thread is gone, 4xx = our request was refused).
import { SourceUnreachableError } from '../source.js';

/** The HTTP status of an SDK error (the SDK throws HTTPError with a numeric `status`), or null for network-level failures. */
export function httpStatusOf(error: unknown): number | null {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : null;
}

export const isNotFound = (error: unknown): boolean => httpStatusOf(error) === 404;

/** Statuses that say "the server is there but cannot serve now": worth a retry, like a dropped connection. */
const TRANSIENT_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Network errors, timeouts and transient statuses become SourceUnreachableError; everything else is returned as is
 * (with the URL in the message so a log line says which deployment refused what).
 */
export function toSourceError(error: unknown, url: string, what: string): Error {
  if (error instanceof SourceUnreachableError) return error;
  const status = httpStatusOf(error);
  const message = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : '';
  if (status === null) {
    // No HTTP answer at all: refused connection, DNS, reset, timeout.
    if (name === 'AbortError' && /aborted by the caller/.test(message)) return error as Error;
    return new SourceUnreachableError(`LangGraph deployment ${url} unreachable (${what}): ${message}`, { cause: error });
  }
  if (TRANSIENT_STATUSES.has(status)) {
    return new SourceUnreachableError(`LangGraph deployment ${url} answered ${status} (${what}): ${message}`, { cause: error });
  }
  if (status === 401 || status === 403) {
    return new Error(`LangGraph deployment ${url} refused the API key (${status}) while trying to ${what}: check the key in the source settings`, { cause: error });
  }
  return new Error(`LangGraph deployment ${url} refused ${what} (${status}): ${message}`, { cause: error });
}
