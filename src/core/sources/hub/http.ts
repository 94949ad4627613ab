// Small JSON-over-HTTP helper for the hub source: bearer auth, timeouts, and the split the sync engine needs
// between "unreachable" (retry with backoff) and "the hub answered with an error" (show it).
import { SourceUnreachableError } from '../source.js';

export class HubHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    message: string,
  ) {
    super(message);
    this.name = 'HubHttpError';
  }
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;

export async function hubJson(
  base: string,
  path: string,
  opts: { token?: string; method?: string; body?: unknown; signal?: AbortSignal; timeoutMs?: number; fetchImpl?: typeof fetch },
): Promise<unknown> {
  const url = new URL(path, base.endsWith('/') ? base : base + '/').toString();
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? 30_000);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  let res: Response;
  try {
    res = await (opts.fetchImpl ?? fetch)(url, {
      method: opts.method ?? 'GET',
      headers: {
        accept: 'application/json',
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
      signal,
    });
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    throw new SourceUnreachableError(`hub unreachable at ${base}: ${(err as Error).message}`, { cause: err });
  }
  const len = Number(res.headers.get('content-length') ?? 0);
  if (len > MAX_BODY_BYTES) throw new HubHttpError(res.status, null, `hub answer too large (${len} bytes)`);
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    throw new SourceUnreachableError(`hub connection dropped while reading ${path}: ${(err as Error).message}`, { cause: err });
  }
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    if (res.ok) throw new HubHttpError(res.status, text.slice(0, 200), `hub answered ${path} with something that is not JSON`);
  }
  // 5xx and 429 mean "try later": the engine backs off as for a network failure.
  if (res.status >= 500 || res.status === 429) throw new SourceUnreachableError(`hub answered ${res.status} on ${path}`);
  if (!res.ok) {
    const msg = body && typeof body === 'object' && 'message' in body ? String((body as { message: unknown }).message) : text.slice(0, 200);
    throw new HubHttpError(res.status, body, `hub answered ${res.status} on ${path}: ${msg}`);
  }
  return body;
}
