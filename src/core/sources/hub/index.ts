// The hub as an approval source (protocol 2, through src/hub-client): pull = GET /v1/changes by cursor,
// watch = SSE GET /v1/stream, push = POST /v1/decisions, log = GET /v1/requests/:id/log, whoAmI = GET /v1/me, policy = GET /v1/action-classes + /v1/policy/versions.
// Every payload is validated with zod; a malformed change is skipped with a logged error and never blocks the others.
import { HUB_VERDICTS } from '../../../shared/protocol.js';
import { MAX_JSON_DEPTH } from '../../../shared/json-depth.js';
import { issuesSummary } from '../../../shared/zod-issues.js';
import {
  getChanges,
  getLogPublicKey,
  getMe,
  getPolicy,
  getPolicyDiff,
  getRequestLog,
  HubError,
  isRateLimited,
  isRetryable,
  listPolicyVersions,
  postDecisions,
  proposePolicyChange,
  retryAfterMs,
  type HubConnection,
} from '../../../hub-client/index.js';
import { entrySignatureValid, parsePublicKeyPem, type LogPublicKey } from '../../../node-shared/log-signing.js';
import { SourceRateLimitedError, SourceUnreachableError, type PulledItem, type PullPage, type PushResult, type Source, type SourceConfig } from '../source.js';
import { pushResultOf } from './push-result.js';
import { placeholderItem } from '../placeholder.js';
import { watchHubStream } from './stream.js';

// Large pages: every commit makes FTS5 write and merge a new segment, so 500-row transactions cost nearly twice
// what 2,000-row ones do per row (measured). The hub allows up to 5,000; 2,000 keeps one page's write near 0.2 s.
export const HUB_PAGE_SIZE = 2000;
const TIMEOUT_MS = 30_000;

export interface SourceDeps {
  /** Where a source reports what it skipped and why. */
  logError?: (message: string) => void;
  fetchImpl?: typeof fetch;
  pageSize?: number;
  /** LangGraph sources: how often watch() probes for a change (0 = none, the engine polls with backoff). */
  watchIntervalMs?: number;
  /** LangGraph sources: how long a push follows a resumed run before calling it "sent, waiting for the run". */
  deliveryWaitMs?: number;
}

/** No answer, 5xx or 429 mean "try later": the engine backs off as for a network failure. */
function asSourceError(err: unknown): unknown {
  // A hub without Retry-After on its 429 gets the engine's own backoff's first step.
  if (isRateLimited(err)) return new SourceRateLimitedError(err.message, retryAfterMs(err) ?? RATE_LIMIT_DEFAULT_WAIT_MS, { cause: err });
  return isRetryable(err) ? new SourceUnreachableError((err as Error).message, { cause: err }) : err;
}
const RATE_LIMIT_DEFAULT_WAIT_MS = 1000;
const orUnreachable = <T>(p: Promise<T>): Promise<T> =>
  p.catch((e: unknown) => {
    throw asSourceError(e);
  });

function rawRequestId(raw: unknown): unknown {
  return raw && typeof raw === 'object' && 'request' in raw ? (raw as { request?: { id?: unknown } }).request?.id : undefined;
}

function requestIdOf(raw: unknown): string {
  const id = rawRequestId(raw);
  return typeof id === 'string' || typeof id === 'number' ? String(id).slice(0, 100) : '?';
}

export function createHubSource(config: SourceConfig, deps: SourceDeps = {}): Source {
  const logError = deps.logError ?? ((m: string) => console.error(`[source ${config.name}] ${m}`));
  // No retries here: the sync engine owns backoff for its sources.
  // src/hub-client sends the protocol header: this console reads v2 answers (forbidden, vote_recorded, stale conflicts).
  const conn: HubConnection = { url: config.url, token: config.token, fetch: deps.fetchImpl, timeoutMs: TIMEOUT_MS };
  const pageSize = deps.pageSize ?? HUB_PAGE_SIZE;
  // The log key, fetched once and then kept for this source's life: a key that changes under a running console
  // is not taken (a hub from before log signing answers 404: null, nothing to check).
  let key: Promise<LogPublicKey | null> | null = null;
  const logKey = (signal?: AbortSignal): Promise<LogPublicKey | null> =>
    (key ??= getLogPublicKey(conn, { signal }).then(
      (a) => parsePublicKeyPem(a.publicKey),
      (e: unknown) => {
        if (e instanceof HubError && e.status === 404) return null;
        key = null;
        throw asSourceError(e);
      },
    ));

  return {
    config,

    async pull(cursor, signal): Promise<PullPage> {
      const after = cursor && /^\d+$/.test(cursor) ? cursor : '0';
      const page = await orUnreachable(getChanges(conn, { after, limit: pageSize }, { signal }));
      // Several changes to one request in a page: the last snapshot wins.
      const byId = new Map<string, PulledItem>();
      const nowIso = new Date().toISOString();
      for (const m of page.malformed) {
        const where = `change #${m.index} (request ${requestIdOf(m.raw)})`;
        const reason = m.kind === 'too_deep' ? `its action is nested deeper than ${MAX_JSON_DEPTH} levels` : `it does not match the protocol (${issuesSummary(m.issues)})`;
        logError(m.kind === 'too_deep' ? `skipped ${where}: action nested deeper than ${MAX_JSON_DEPTH} levels` : `skipped malformed ${where}: ${issuesSummary(m.issues)}`);
        // Shown as a placeholder, never dropped silently: the approver must learn a request exists (#14 item 11).
        const p = placeholderItem(config.name, rawRequestId(m.raw), `unreadable-${after}-${m.index}`, reason, nowIso);
        byId.set(p.externalId, p);
      }
      for (const { request: r } of page.changes) {
        byId.delete(r.id);
        byId.set(r.id, { externalId: r.id, request: r, allowedVerdicts: [...HUB_VERDICTS], sourceUrl: null });
      }
      return { items: [...byId.values()], cursor: String(page.next), hasMore: page.hasMore };
    },

    async push(batch, signal): Promise<PushResult[]> {
      const decisions = batch.map(({ decision: d, binding }) => ({
        id: d.id,
        requestId: d.requestId,
        verdict: d.verdict,
        editedAction: d.editedAction,
        feedback: d.feedback,
        decidedAt: d.decidedAt,
        // The exact proposal the approver saw: a hub applies it to that action only, never to a newer one.
        ...(binding ? { version: binding.version, ...(binding.actionHash ? { actionHash: binding.actionHash } : {}) } : {}),
      }));
      let answer: Awaited<ReturnType<typeof postDecisions>>;
      try {
        answer = await postDecisions(conn, decisions, { signal });
      } catch (err) {
        // A 4xx for the whole batch (e.g. a validation error) would repeat forever: answer each decision as rejected.
        if (err instanceof HubError && err.status >= 400 && !isRetryable(err) && err.status !== 401 && err.status !== 403)
          return batch.map(({ decision }) => ({ decisionId: decision.id, status: 'rejected' as const, reason: err.message }));
        throw asSourceError(err);
      }
      for (const m of answer.malformed) logError(`malformed decision result: ${issuesSummary(m.issues)}`);
      const byId = new Map<string, PushResult>(answer.results.map((v) => [v.id, pushResultOf(v)]));
      // A decision the hub did not answer for stays in the outbox (the engine retries it; the id keeps it idempotent).
      return batch.map(({ decision }) => byId.get(decision.id)).filter((r): r is PushResult => r !== undefined);
    },

    async whoAmI(signal) {
      try {
        const me = await getMe(conn, { signal });
        return { id: me.id, handle: me.handle, displayName: me.displayName, groups: me.groups, role: me.role, expiresAt: me.expiresAt };
      } catch (err) {
        // A hub from before identities has no /v1/me: decisions are then named by the hub from the token alone.
        if (err instanceof HubError && err.status === 404) return null;
        throw asSourceError(err);
      }
    },

    async policy(signal) {
      try {
        const [current, history] = await Promise.all([getPolicy(conn, { signal }), listPolicyVersions(conn, { signal })]);
        return { version: current.version ?? history.current, verified: history.verified, classes: current.classes, versions: history.versions };
      } catch (err) {
        // A hub from before policy versions has no /v1/policy/versions.
        if (err instanceof HubError && err.status === 404) return null;
        throw asSourceError(err);
      }
    },

    async policyDiff(from, to, signal) {
      return (await orUnreachable(getPolicyDiff(conn, from, to, { signal }))).changes;
    },

    async propose(p, signal) {
      try {
        const r = await proposePolicyChange(conn, p, { signal });
        return { status: r.status, version: r.version };
      } catch (err) {
        // The hub's answer settles it; no answer (network, 5xx, 429) and a token it does not take (401) leave it queued.
        const settles = err instanceof HubError && err.status !== 401 && !isRetryable(err) && !isRateLimited(err);
        if (!settles) throw asSourceError(err);
        const e = err as HubError;
        const code = e.status === 409 ? 'policy_moved_on' : e.status === 403 ? 'forbidden' : e.code === 'no_change' ? 'no_change' : 'invalid';
        const said = (e.body as { message?: unknown } | null)?.message;
        const issues = code === 'invalid' && e.issues.length ? ` (${e.issues.map((i) => `${i.path}: ${i.message}`).join('; ')})` : '';
        return { status: 'refused', code, reason: `${typeof said === 'string' ? said : e.message}${issues}` };
      }
    },

    watch(onWake, onState) {
      return watchHubStream({ conn, onWake, onState });
    },

    async log(externalId, signal) {
      const [{ entries, verified }, key] = await Promise.all([orUnreachable(getRequestLog(conn, externalId, { signal })), logKey(signal)]);
      // A hub that signs its log signs every entry: one unsigned or badly signed entry was written around the hub.
      if (key && !entries.every((e) => entrySignatureValid(key, e, e.sig))) return { entries, verified: false };
      return { entries, verified };
    },

    close() {},
  };
}
