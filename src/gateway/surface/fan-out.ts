// One request to every upstream that offers a feature, in parallel, each bounded: a down or slow upstream is left out
// of the aggregate (and logged) instead of holding up the answer for everyone.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { ServerCapabilities } from '@modelcontextprotocol/sdk/types.js';
import type { CallLog } from '../call-log.js';
import { upstreamRpcError } from '../rpc-error.js';
import type { Upstream } from '../upstream.js';

export interface UpstreamSet {
  upstreams: Upstream[];
  /** Upstreams whose last connect or list failed: not waited for here (the tool refresh retries them). */
  unavailable: ReadonlySet<string>;
  log: CallLog;
}

/** Connects if needed and returns the client when the upstream declares `feature`; null otherwise. */
export async function clientWith(u: Upstream, feature: keyof ServerCapabilities): Promise<Client | null> {
  const c = await u.ensureConnected();
  return c.getServerCapabilities()?.[feature] ? c : null;
}

export async function fanOut<T>(
  set: UpstreamSet,
  feature: keyof ServerCapabilities,
  what: string,
  fn: (u: Upstream, c: Client) => Promise<T>,
): Promise<Array<{ upstream: Upstream; value: T }>> {
  const live = set.upstreams.filter((u) => !set.unavailable.has(u.name));
  const settled = await Promise.allSettled(
    live.map(async (u) => {
      const c = await clientWith(u, feature);
      return c ? { upstream: u, value: await fn(u, c) } : null;
    }),
  );
  const out: Array<{ upstream: Upstream; value: T }> = [];
  settled.forEach((r, i) => {
    if (r.status === 'fulfilled') {
      if (r.value) out.push(r.value);
    } else set.log.write({ event: 'surface_list_failed', upstream: live[i]!.name, what, error: String((r.reason as Error)?.message ?? r.reason) });
  });
  return out;
}

/** Every page of a paginated list, bounded by a page count so a server that loops on its cursor cannot hang us. */
export async function allPages<T>(page: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor?: string }>, maxPages = 100): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const p = await page(cursor);
    items.push(...p.items);
    cursor = p.nextCursor;
    if (!cursor) break;
  }
  return items;
}

/** An upstream's JSON-RPC error passed to the client as the upstream sent it (one "MCP error" prefix, same code and data). */
export async function asUpstreamSent<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'number') throw upstreamRpcError(code, (e as Error).message, (e as { data?: unknown }).data);
    throw e;
  }
}
