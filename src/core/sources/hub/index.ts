// The hub as an approval source (protocol v1, src/shared/protocol.ts):
// pull = GET /v1/changes by cursor, watch = SSE GET /v1/stream, push = POST /v1/decisions, log = GET /v1/requests/:id/log.
// Every payload is validated with zod; a malformed change is skipped with a logged error and never blocks the others.
import { z } from 'zod';
import { LogEntry, type Verdict } from '../../../shared/domain.js';
import { Change, DecisionResult } from '../../../shared/protocol.js';
import type { PulledItem, PullPage, PushResult, Source, SourceConfig } from '../source.js';
import { hubJson, HubHttpError } from './http.js';
import { watchHubStream } from './stream.js';

export const HUB_VERDICTS: Verdict[] = ['approve', 'approve_with_edits', 'reject', 'escalate'];
// Large pages: every commit makes FTS5 write and merge a new segment, so 500-row transactions cost nearly twice
// what 2,000-row ones do per row (measured). The hub allows up to 5,000; 2,000 keeps one page's write near 0.2 s.
export const HUB_PAGE_SIZE = 2000;
/**
 * Deeper than this, a payload is refused as malformed (it would only exhaust the stack of whoever walks it).
 * Above the hub's own submit limit (200), so everything a hub accepts reaches the approver; only a broken
 * or hostile source sends deeper.
 */
export const MAX_JSON_DEPTH = 256;

const PageEnvelope = z.object({ changes: z.array(z.unknown()).max(20_000), next: z.number().int(), hasMore: z.boolean() });
const BatchEnvelope = z.object({ results: z.array(z.unknown()) });
const LogAnswer = z.object({ entries: z.array(LogEntry), verified: z.boolean().nullable() });

export interface SourceDeps {
  /** Where a source reports what it skipped and why. */
  logError?: (message: string) => void;
  fetchImpl?: typeof fetch;
  pageSize?: number;
}

export function depthExceeds(value: unknown, max: number, depth = 0): boolean {
  // Recursion stops at `max`, so a hostile payload cannot blow our own stack while we measure it.
  if (value === null || typeof value !== 'object') return false;
  if (depth >= max) return true;
  if (Array.isArray(value)) {
    for (const v of value) if (depthExceeds(v, max, depth + 1)) return true;
  } else for (const k in value) if (depthExceeds((value as Record<string, unknown>)[k], max, depth + 1)) return true;
  return false;
}

function issueText(err: z.ZodError): string {
  return err.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

export function createHubSource(config: SourceConfig, deps: SourceDeps = {}): Source {
  const logError = deps.logError ?? ((m: string) => console.error(`[source ${config.name}] ${m}`));
  const req = (path: string, o: { method?: string; body?: unknown; signal?: AbortSignal } = {}) =>
    hubJson(config.url, path, { ...o, token: config.token, fetchImpl: deps.fetchImpl });
  const pageSize = deps.pageSize ?? HUB_PAGE_SIZE;

  return {
    config,

    async pull(cursor, signal): Promise<PullPage> {
      const after = cursor && /^\d+$/.test(cursor) ? cursor : '0';
      const raw = await req(`v1/changes?after=${after}&limit=${pageSize}`, { signal });
      const env = PageEnvelope.safeParse(raw);
      if (!env.success) throw new HubHttpError(200, null, `hub changes page is malformed: ${issueText(env.error)}`);
      // Several changes to one request in a page: the last snapshot wins.
      const byId = new Map<string, PulledItem>();
      for (const [i, c] of env.data.changes.entries()) {
        const parsed = Change.safeParse(c);
        if (!parsed.success) {
          const id = c && typeof c === 'object' && 'request' in c ? String((c as { request?: { id?: unknown } }).request?.id ?? '?').slice(0, 100) : '?';
          logError(`skipped malformed change #${i} (request ${id}): ${issueText(parsed.error)}`);
          continue;
        }
        const r = parsed.data.request;
        if (depthExceeds(r.action, MAX_JSON_DEPTH) || depthExceeds(r.evidence, MAX_JSON_DEPTH)) {
          logError(`skipped change #${i} (request ${r.id.slice(0, 100)}): action nested deeper than ${MAX_JSON_DEPTH} levels`);
          continue;
        }
        byId.delete(r.id);
        byId.set(r.id, { externalId: r.id, request: r, allowedVerdicts: HUB_VERDICTS, sourceUrl: null });
      }
      return { items: [...byId.values()], cursor: String(env.data.next), hasMore: env.data.hasMore };
    },

    async push(batch, signal): Promise<PushResult[]> {
      const decisions = batch.map(({ decision: d }) => ({
        id: d.id,
        requestId: d.requestId,
        verdict: d.verdict,
        editedAction: d.editedAction,
        feedback: d.feedback,
        decidedAt: d.decidedAt,
      }));
      let raw: unknown;
      try {
        raw = await req('v1/decisions', { method: 'POST', body: { decisions }, signal });
      } catch (err) {
        // A 4xx for the whole batch (e.g. a validation error) would repeat forever: answer each decision as rejected.
        if (err instanceof HubHttpError && err.status >= 400 && err.status < 500 && err.status !== 401 && err.status !== 403)
          return batch.map(({ decision }) => ({ decisionId: decision.id, status: 'rejected' as const, reason: err.message }));
        throw err;
      }
      const env = BatchEnvelope.safeParse(raw);
      if (!env.success) throw new HubHttpError(200, null, `hub decisions answer is malformed: ${issueText(env.error)}`);
      const byId = new Map<string, PushResult>();
      for (const r of env.data.results) {
        const p = DecisionResult.safeParse(r);
        if (!p.success) {
          logError(`malformed decision result: ${issueText(p.error)}`);
          continue;
        }
        const v = p.data;
        byId.set(v.id, {
          decisionId: v.id,
          status: v.status,
          request: v.request ?? undefined,
          ...(v.status === 'conflict' ? { winner: v.winner } : {}),
          ...(v.status === 'rejected' ? { reason: v.reason } : {}),
        });
      }
      // A decision the hub did not answer for stays in the outbox (the engine retries it; the id keeps it idempotent).
      return batch.map(({ decision }) => byId.get(decision.id)).filter((r): r is PushResult => r !== undefined);
    },

    watch(onWake, onState) {
      return watchHubStream({ url: config.url, token: config.token, onWake, onState, fetchImpl: deps.fetchImpl });
    },

    async log(externalId, signal) {
      const raw = await req(`v1/requests/${encodeURIComponent(externalId)}/log`, { signal });
      const p = LogAnswer.safeParse(raw);
      if (!p.success) throw new HubHttpError(200, null, `hub log answer is malformed: ${issueText(p.error)}`);
      return p.data;
    },

    close() {},
  };
}
