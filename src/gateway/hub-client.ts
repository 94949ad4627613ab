// The gateway talks to the hub through the agent SDK (src/sdk), like any other agent, and re-attaches to a request it
// submitted earlier (a retry, a restart, a submit whose answer was lost) through src/hub-client.
// Loaded on the first call that needs the hub: read-only traffic never pays for it.
import type { HubClientLike } from './call-handler.js';
import type { ApprovalHandleLike } from './wait.js';

export function createHubClient(url: string, agentToken: string): HubClientLike {
  let client: Promise<Pick<HubClientLike, 'requestApproval'>> | null = null;
  return {
    async requestApproval(input) {
      client ??= import('../sdk/index.js').then((m) => m.createClient({ url, token: agentToken }));
      return (await client).requestApproval(input);
    },
    async findByKey(idempotencyKey, body) {
      const { HubError, findRequestByKey, submitRequest } = await import('../hub-client/index.js');
      try {
        // Asking stores nothing: null means the hub never got the submit.
        return (await findRequestByKey({ url, token: agentToken }, idempotencyKey))?.id ?? null;
      } catch (e) {
        if (!(e instanceof HubError && e.status === 404)) throw e;
      }
      // A hub from before GET /v1/idempotency-keys: submit `body` under the key, so the hub answers the first request if there is one.
      const { signal: _signal, idempotencyKey: _key, ...submit } = body;
      try {
        return (await submitRequest({ url, token: agentToken }, submit, { idempotencyKey })).id;
      } catch (e) {
        // Another body under the key: the hub's 409 carries the first request, the one we look for.
        const first = e instanceof HubError && e.code === 'idempotency_conflict' ? (e.body as { request?: { id?: unknown } } | null)?.request?.id : undefined;
        if (typeof first === 'string') return first;
        throw e;
      }
    },
    async attach(id): Promise<ApprovalHandleLike> {
      const { getRequest, reportOutcome, withdrawRequest } = await import('../hub-client/index.js');
      const { FINAL_STATUSES } = await import('../shared/request-status.js');
      const conn = { url, token: agentToken };
      let latest = await getRequest(conn, id);
      return {
        id,
        get request() {
          return latest;
        },
        async decision(o = {}) {
          const deadline = Date.now() + (o.timeout ?? Infinity);
          while (!FINAL_STATUSES.has(latest.status)) {
            const left = deadline - Date.now();
            // Like the SDK's ApprovalTimeoutError: the step ran out, here is the latest snapshot.
            if (left <= 0) throw Object.assign(new Error('no decision within this step'), { request: latest });
            latest = await getRequest(conn, id, { wait: Math.max(0.05, Math.min(60, left / 1000)), signal: o.signal });
          }
          return latest;
        },
        reportOutcome: async (o) => (latest = await reportOutcome(conn, id, { status: o.status, detail: o.detail ?? '' })),
        withdraw: async () => (latest = await withdrawRequest(conn, id)),
      };
    },
  };
}
