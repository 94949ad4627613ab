// One way to send a request to the hub: where it goes, bearer auth, timeouts and aborts, reading the answer, and
// turning "no answer" and "an answer we cannot use" into HubUnreachableError and HubError.
import type { z } from 'zod';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../shared/protocol.js';
import { issuesSummary, zodIssues } from '../shared/zod-issues.js';
import { HubError, HubUnreachableError } from './errors.js';
import { withRetry, type RetryPolicy } from './retry.js';

export interface HubConnection {
  /** The hub's base URL; a path prefix (a hub behind a proxy at /hub/) is kept. */
  url: string;
  token?: string;
  fetch?: typeof fetch;
  /** Per attempt; no timeout when absent. */
  timeoutMs?: number;
  /** Retries network failures, 5xx and 429 with this policy; one attempt when absent. */
  retry?: RetryPolicy;
  /** Aborts every call made through this connection. */
  signal?: AbortSignal;
}

export interface HubCall {
  method?: string;
  /** Relative to the base URL, e.g. `/v1/requests` (a leading slash is ignored). */
  path: string;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as it is (tests send broken JSON), still labelled application/json. */
  text?: string;
  headers?: Record<string, string>;
  accept?: string;
  signal?: AbortSignal;
  /** Replaces the connection's timeout for this call. */
  timeoutMs?: number;
}

/** What the hub answered: the body parsed as JSON, or its text when it is not JSON (`json` false), null when empty. */
export interface HubAnswer {
  status: number;
  headers: Headers;
  body: unknown;
  json: boolean;
}

// Far beyond any real answer (a page of full snapshots, a batch's results): refused unread, not buffered.
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

export function anySignal(...signals: Array<AbortSignal | undefined>): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  return present.length <= 1 ? present[0] : AbortSignal.any(present);
}

/** `METHOD /path` for messages. */
export function where(call: HubCall): string {
  return `${call.method ?? 'GET'} /${call.path.replace(/^\/+/, '')}`;
}

/** Sends one request and hands back the Response unread (the SSE stream reads it as it comes). */
export async function hubFetch(conn: HubConnection, call: HubCall): Promise<Response> {
  const base = conn.url.endsWith('/') ? conn.url : conn.url + '/';
  const url = new URL(call.path.replace(/^\/+/, ''), base);
  const hasBody = call.json !== undefined || call.text !== undefined;
  const headers: Record<string, string> = {
    accept: call.accept ?? 'application/json',
    // This client reads every v2 answer (forbidden, vote_recorded, stale conflicts).
    [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
    ...(conn.token ? { authorization: `Bearer ${conn.token}` } : {}),
    ...call.headers,
    ...(hasBody ? { 'content-type': 'application/json' } : {}),
  };
  const ms = call.timeoutMs ?? conn.timeoutMs;
  const ours = anySignal(conn.signal, call.signal);
  const signal = anySignal(ours, ms === undefined ? undefined : AbortSignal.timeout(ms));
  try {
    return await (conn.fetch ?? fetch)(url, {
      method: call.method ?? 'GET',
      headers,
      body: call.text ?? (call.json !== undefined ? JSON.stringify(call.json) : undefined),
      signal,
    });
  } catch (err) {
    if (ours?.aborted) throw err;
    throw new HubUnreachableError(`hub unreachable at ${conn.url}: ${(err as Error).message}`, { cause: err });
  }
}

/** Reads a whole answer, whatever its status. */
export async function readHubAnswer(res: Response, call: HubCall, signal?: AbortSignal): Promise<HubAnswer> {
  const len = Number(res.headers.get('content-length') ?? 0);
  if (len > MAX_ANSWER_BYTES) {
    await res.body?.cancel().catch(() => {});
    throw new HubError(res.status, null, `hub answer too large (${len} bytes)`, 'too_large');
  }
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new HubUnreachableError(`hub connection dropped while reading ${where(call)}: ${(err as Error).message}`, { cause: err });
  }
  if (!text) return { status: res.status, headers: res.headers, body: null, json: true };
  try {
    return { status: res.status, headers: res.headers, body: JSON.parse(text) as unknown, json: true };
  } catch {
    return { status: res.status, headers: res.headers, body: text, json: false };
  }
}

/** Sends one request and reads the whole answer, whatever its status (no retries: the caller sees every answer). */
export async function hubSend(conn: HubConnection, call: HubCall): Promise<HubAnswer> {
  return readHubAnswer(await hubFetch(conn, call), call, anySignal(conn.signal, call.signal));
}

/** The answer of a successful call, checked against its schema; any other answer throws HubError. */
function expectAnswer<T>(answer: HubAnswer, call: HubCall, schema: z.ZodType<T>): T {
  if (answer.status < 200 || answer.status > 299) throw HubError.fromAnswer(answer.status, answer.body, where(call), answer.headers);
  if (!answer.json) throw new HubError(answer.status, String(answer.body).slice(0, 200), `hub answered ${where(call)} with something that is not JSON`, 'not_json');
  const parsed = schema.safeParse(answer.body);
  if (!parsed.success)
    throw new HubError(answer.status, null, `hub answer to ${where(call)} is malformed: ${issuesSummary(zodIssues(parsed.error, { max: 3 }))}`, 'malformed_answer');
  return parsed.data;
}

/** One typed call: sent (and retried when the connection says so), answered 2xx, and of the expected shape. */
export function hubCall<T>(conn: HubConnection, call: HubCall, schema: z.ZodType<T>): Promise<T> {
  const attempt = async () => expectAnswer(await hubSend(conn, call), call, schema);
  return conn.retry ? withRetry(attempt, conn.retry, anySignal(conn.signal, call.signal)) : attempt();
}
