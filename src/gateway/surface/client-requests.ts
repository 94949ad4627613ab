// An upstream's requests to "the client" (sampling/createMessage, elicitation/create, roots/list), forwarded to the
// gateway client whose call they belong to (src/gateway/surface/sessions.ts), when that client declared the feature
// and the config forwards it; otherwise the upstream gets an error that says why. The client's roots/list_changed
// goes back to every connected upstream.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { RequestHandlerExtra, RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ErrorCode,
  ListRootsRequestSchema,
  type ClientCapabilities,
  type ClientNotification,
  type ClientRequest,
  type RequestId,
  type ServerNotification,
  type ServerRequest,
} from '@modelcontextprotocol/sdk/types.js';
import type { CallLog } from '../call-log.js';
import type { ClientRequestsConfig } from './client-requests-config.js';
import type { DownstreamSession, Sessions } from './sessions.js';
import { RpcError } from '../rpc-error.js';
import type { GatewayTaskStore } from './tasks.js';

type RequestExtra = RequestHandlerExtra<ClientRequest | ServerRequest, ClientNotification | ServerNotification>;

/** How often the upstream is told to poll a task the gateway runs for it. */
const TASK_POLL_MS = 1_000;

export interface ClientRequestDeps {
  sessions: Sessions;
  config: ClientRequestsConfig;
  log: CallLog;
  /** Bound on the client's answer (a human may be answering an elicitation), reset by its progress. */
  timeoutMs: number;
}

type Feature = keyof ClientRequestsConfig;

function declares(caps: ClientCapabilities | undefined, feature: Feature, params: unknown): boolean {
  if (feature === 'elicitation') {
    const e = caps?.elicitation;
    if (!e) return false;
    // An empty elicitation capability means form mode only (spec); url mode needs `url`.
    return (params as { mode?: string })?.mode === 'url' ? e.url !== undefined : e.form !== undefined || Object.keys(e).length === 0;
  }
  return caps?.[feature] !== undefined;
}

/** The session to ask, or an McpError for the upstream saying why nobody is asked. */
function target(
  upstream: string,
  feature: Feature,
  method: string,
  params: unknown,
  deps: ClientRequestDeps,
): { session: DownstreamSession; relatedRequestId: RequestId | undefined } {
  if (!deps.config[feature])
    throw new RpcError(ErrorCode.InvalidRequest, `The Countersign gateway's config does not forward ${method} from "${upstream}" (clientRequests.${feature} is false)`);
  const owner = deps.sessions.ownerOf(upstream, method);
  if ('error' in owner) throw new RpcError(ErrorCode.InvalidRequest, `The Countersign gateway cannot forward ${method}: ${owner.error}`);
  const client = owner.session.server.getClientVersion();
  if (!declares(owner.session.server.getClientCapabilities(), feature, params)) {
    throw new RpcError(
      ErrorCode.InvalidRequest,
      `The client behind the Countersign gateway (${client?.name ?? 'unknown'}) does not support ${method}${feature === 'elicitation' ? ` (${(params as { mode?: string })?.mode ?? 'form'} mode)` : ''}`,
    );
  }
  return owner;
}

/** Installs the forwarding handlers on one upstream connection (before it initializes, so the first request finds them). */
export function forwardClientRequests(upstream: string, client: Client, tasks: GatewayTaskStore, deps: ClientRequestDeps): void {
  const options = (signal: AbortSignal, relatedRequestId: RequestId | undefined): RequestOptions => ({
    signal,
    relatedRequestId,
    timeout: deps.timeoutMs,
    resetTimeoutOnProgress: true,
  });
  const logged = async <T>(method: string, p: Promise<T>): Promise<T> => {
    try {
      const r = await p;
      deps.log.write({ event: 'client_request', upstream, method, ok: true });
      return r;
    } catch (e) {
      deps.log.write({ event: 'client_request', upstream, method, ok: false, error: (e as Error).message });
      throw e;
    }
  };
  /**
   * A task-augmented request (params.task) is the gateway's task: answered at once with the task, which the upstream
   * polls (tasks/get, tasks/result, tasks/cancel: the SDK answers them from `tasks`), while the client is asked with a
   * plain request; so the client needs the feature, not task support. Who to ask is settled first, so a refusal is
   * still a plain error.
   */
  const forward = async <T extends object>(method: string, params: { task?: { ttl?: number } }, extra: RequestExtra, ask: (params: never, o: RequestOptions) => Promise<T>) => {
    const { task, ...plain } = params;
    if (!task || !extra.taskStore) return logged(method, ask(plain as never, options(extra.signal, undefined)));
    const created = await extra.taskStore.createTask({ ttl: Math.max(task.ttl ?? 0, deps.timeoutMs * 2), pollInterval: TASK_POLL_MS });
    const store = extra.taskStore;
    const signal = tasks.watch(created.taskId);
    void logged(method, ask(plain as never, options(signal, undefined)))
      .then(
        (r) => store.storeTaskResult(created.taskId, 'completed', r as never),
        (e: unknown) => store.updateTaskStatus(created.taskId, 'failed', (e as Error)?.message ?? String(e)),
      )
      .catch(() => {
        // cancelled meanwhile: the task is terminal already
      })
      .finally(() => tasks.done(created.taskId));
    return { task: created };
  };
  client.setRequestHandler(CreateMessageRequestSchema, (req, extra) => {
    const t = target(upstream, 'sampling', req.method, req.params, deps);
    return forward(req.method, req.params, extra, (p: typeof req.params, o) => t.session.server.createMessage(p, { ...o, relatedRequestId: t.relatedRequestId }));
  });
  client.setRequestHandler(ElicitRequestSchema, (req, extra) => {
    const t = target(upstream, 'elicitation', req.method, req.params, deps);
    return forward(req.method, req.params, extra, (p: typeof req.params, o) => t.session.server.elicitInput(p, { ...o, relatedRequestId: t.relatedRequestId }));
  });
  client.setRequestHandler(ListRootsRequestSchema, (req, extra) => {
    const t = target(upstream, 'roots', req.method, req.params, deps);
    return logged(req.method, t.session.server.listRoots(req.params, options(extra.signal, t.relatedRequestId)));
  });
  client.fallbackRequestHandler = async (req) => {
    throw new RpcError(ErrorCode.MethodNotFound, `The Countersign gateway does not forward ${req.method} from upstream servers to its clients`);
  };
}

/** The client's roots changed (or a client that has roots just arrived): every connected upstream asks again. */
export function announceRootsChanged(clients: Array<Client | null>, deps: Pick<ClientRequestDeps, 'config'>): void {
  if (!deps.config.roots) return;
  for (const c of clients) void c?.sendRootsListChanged().catch(() => {});
}
