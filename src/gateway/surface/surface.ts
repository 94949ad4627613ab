// The MCP surface beyond tools, installed on every downstream session's Server: resources, prompts, completions,
// logging, notifications, the upstreams' requests to the client, upstream instructions, and a clear refusal of
// anything the gateway does not forward. Tools and their policy stay in src/gateway/gateway.ts.
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CompleteRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  InitializeRequestSchema,
  ListPromptsRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListResourcesRequestSchema,
  ReadResourceRequestSchema,
  RootsListChangedNotificationSchema,
  SetLevelRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  type InitializeRequest,
  type InitializeResult,
  type RequestId,
  type ServerCapabilities,
} from '@modelcontextprotocol/sdk/types.js';
import type { CallDeps } from '../call-handler.js';
import { ProgressReporter } from '../progress.js';
import type { Upstream } from '../upstream.js';
import { announceRootsChanged, forwardClientRequests } from './client-requests.js';
import { asUpstreamSent, type UpstreamSet } from './fan-out.js';
import { gated, type GatedCall } from './gated.js';
import { callSignal } from '../call-signal.js';
import { forwardNotifications, lowestLevel, subscriptionKey } from './notifications.js';
import type { HeldNames } from '../exposed-names.js';
import { PromptRouter } from './prompts.js';
import { ResourceRouter } from './resources.js';
import { Sessions, type DownstreamSession } from './sessions.js';
import { RpcError } from '../rpc-error.js';

/** What the gateway's own Server declares besides tools: it forwards each of these (or answers empty lists). */
export const SURFACE_CAPABILITIES: ServerCapabilities = {
  resources: { subscribe: true, listChanged: true },
  prompts: { listChanged: true },
  completions: {},
  logging: {},
};

export interface SurfaceDeps extends UpstreamSet, CallDeps {
  stopping: AbortSignal;
  /** Resolves once every upstream answered or timed out at start and the classes were registered (as a tool call waits). */
  ready: () => Promise<void>;
  /** The bare prompt names and plain resource URIs held, and how to keep them (the state file). */
  promptNames: Omit<HeldNames, 'ready'>;
  resourceUris: Omit<HeldNames, 'ready'>;
}

export class Surface {
  readonly sessions = new Sessions();
  readonly resources: ResourceRouter;
  readonly prompts: PromptRouter;

  constructor(private readonly deps: SurfaceDeps) {
    const timeoutMs = deps.config.upstreamConnectTimeoutSeconds * 1000;
    this.resources = new ResourceRouter(deps, timeoutMs, { ...deps.resourceUris, ready: deps.ready });
    this.prompts = new PromptRouter(deps, deps.config.prefix, timeoutMs, { ...deps.promptNames, ready: deps.ready });
    for (const u of deps.upstreams) {
      u.onClient = (c, tasks) => {
        forwardClientRequests(u.name, c, tasks, {
          sessions: this.sessions,
          config: deps.config.clientRequests,
          log: deps.log,
          timeoutMs: deps.config.upstreamTimeoutSeconds * 1000,
        });
        forwardNotifications(u.name, c, this.sessions);
      };
    }
  }

  private get upstreamClients() {
    return this.deps.upstreams.map((u) => u.current());
  }

  /** Every connected upstream's instructions after the gateway's own, each under its name. */
  private async instructions(own: string | undefined): Promise<string | undefined> {
    const live = this.deps.upstreams.filter((u) => !this.deps.unavailable.has(u.name));
    await Promise.race([Promise.allSettled(live.map((u) => u.ensureConnected())), new Promise((r) => setTimeout(r, this.deps.config.instructionsWaitSeconds * 1000).unref())]);
    const parts = this.deps.upstreams.flatMap((u) => {
      const text = u.current()?.getInstructions();
      return text ? [`Instructions from the upstream MCP server "${u.name}":\n${text}`] : [];
    });
    return [own, ...parts].filter(Boolean).join('\n\n') || undefined;
  }

  /** Runs an upstream request for a session, marked busy there so the upstream's requests to the client reach it. */
  private track<T>(s: DownstreamSession, u: Upstream, requestId: RequestId | undefined, fn: () => Promise<T>): Promise<T> {
    return this.sessions.track(s, u.name, requestId, fn);
  }

  install(server: Server, transport: 'stdio' | 'http'): DownstreamSession {
    const session = this.sessions.add(server, transport);
    const deps = this.deps;
    const sdkInit = (server as unknown as { _oninitialize(r: InitializeRequest): Promise<InitializeResult> })._oninitialize.bind(server);
    server.setRequestHandler(InitializeRequestSchema, async (req) => {
      const result = await sdkInit(req);
      const instructions = await this.instructions(result.instructions);
      return { ...result, ...(instructions ? { instructions } : {}) };
    });
    server.oninitialized = () => {
      // Upstreams asked for roots at their own start, before this client was there: they ask again now.
      if (server.getClientCapabilities()?.roots) announceRootsChanged(this.upstreamClients, { config: deps.config.clientRequests });
    };
    server.setNotificationHandler(RootsListChangedNotificationSchema, async () => announceRootsChanged(this.upstreamClients, { config: deps.config.clientRequests }));

    /** A read's or get's call context for `fn`; its link to the gateway's shutdown signal ends with it (src/gateway/call-signal.ts). */
    const withCallCtx = async <T>(
      extra: { signal: AbortSignal; sessionId?: string; _meta?: { progressToken?: string | number }; sendNotification: ProgressReporterSend },
      fn: (ctx: GatedCall<T>['ctx']) => Promise<T>,
    ): Promise<T> => {
      const linked = callSignal(extra.signal, deps.stopping);
      try {
        return await fn({
          client: server.getClientVersion(),
          sessionId: extra.sessionId,
          transport,
          signal: linked.signal,
          shutdown: deps.stopping,
          progress: new ProgressReporter(extra._meta?.progressToken, (n) => extra.sendNotification(n)),
        });
      } finally {
        linked.done();
      }
    };

    server.setRequestHandler(ListResourcesRequestSchema, async () => ({ resources: await this.resources.list() }));
    server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({ resourceTemplates: await this.resources.listTemplates() }));
    server.setRequestHandler(ReadResourceRequestSchema, async (req, extra) => {
      await deps.ready();
      const r = await this.resources.resolve(req.params.uri);
      return this.track(session, r.upstream, extra.requestId, () =>
        withCallCtx(extra, (ctx) =>
          gated(
            {
              method: 'resources/read',
              upstream: r.upstream,
              key: r.uri,
              args: { uri: r.uri },
              run: (args, options) => asUpstreamSent(r.client.readResource({ ...req.params, uri: String(args.uri) }, options)),
              ctx,
            },
            deps.config.resources,
            deps,
          ),
        ),
      );
    });
    server.setRequestHandler(SubscribeRequestSchema, async (req, extra) => {
      const r = await this.resources.resolve(req.params.uri);
      if (!r.client.getServerCapabilities()?.resources?.subscribe)
        throw new RpcError(ErrorCode.InvalidRequest, `The upstream "${r.upstream.name}" does not support resource subscriptions`);
      await asUpstreamSent(r.client.subscribeResource({ uri: r.uri }, { signal: extra.signal }));
      session.subscriptions.set(subscriptionKey(r.upstream.name, r.uri), req.params.uri);
      return {};
    });
    server.setRequestHandler(UnsubscribeRequestSchema, async (req, extra) => {
      const r = await this.resources.resolve(req.params.uri);
      const key = subscriptionKey(r.upstream.name, r.uri);
      session.subscriptions.delete(key);
      // The connection is shared: the upstream stops only when no other client still wants the updates.
      if (![...this.sessions.all].some((s) => s.subscriptions.has(key))) await r.client.unsubscribeResource({ uri: r.uri }, { signal: extra.signal });
      return {};
    });

    server.setRequestHandler(ListPromptsRequestSchema, async () => ({ prompts: await this.prompts.list() }));
    server.setRequestHandler(GetPromptRequestSchema, async (req, extra) => {
      await deps.ready();
      const p = await this.prompts.resolve(req.params.name);
      const result = await this.track(session, p.upstream, extra.requestId, () =>
        withCallCtx(extra, (ctx) =>
          gated(
            {
              method: 'prompts/get',
              upstream: p.upstream,
              key: p.name,
              args: { name: p.name, arguments: req.params.arguments ?? {} },
              run: (args, options) => asUpstreamSent(p.client.getPrompt({ ...req.params, name: p.name, arguments: args.arguments as Record<string, string> }, options)),
              ctx,
            },
            deps.config.prompts,
            deps,
          ),
        ),
      );
      this.resources.note(
        p.upstream.name,
        result.messages.map((m) => m.content),
      );
      return result;
    });

    server.setRequestHandler(CompleteRequestSchema, async (req, extra) => {
      const ref = req.params.ref;
      let target: { upstream: Upstream; params: typeof req.params };
      if (ref.type === 'ref/prompt') {
        const p = await this.prompts.resolve(ref.name);
        target = { upstream: p.upstream, params: { ...req.params, ref: { ...ref, name: p.name } } };
      } else {
        const owner = await this.resources.templateOwner(ref.uri);
        const upstream = deps.upstreams.find((u) => u.name === owner);
        if (!upstream) throw new RpcError(ErrorCode.InvalidParams, `No upstream of the Countersign gateway lists the resource template ${ref.uri}`);
        target = { upstream, params: req.params };
      }
      const client = await target.upstream.ensureConnected();
      if (!client.getServerCapabilities()?.completions) return { completion: { values: [], hasMore: false } };
      return asUpstreamSent(client.complete(target.params, { signal: extra.signal, timeout: deps.config.upstreamConnectTimeoutSeconds * 1000 }));
    });

    server.setRequestHandler(SetLevelRequestSchema, async (req) => {
      session.level = req.params.level;
      const level = lowestLevel(this.sessions)!;
      await Promise.allSettled(
        deps.upstreams.map(async (u) => {
          const c = u.current();
          if (c?.getServerCapabilities()?.logging) await c.setLoggingLevel(level, { timeout: deps.config.upstreamConnectTimeoutSeconds * 1000 });
        }),
      );
      return {};
    });

    server.fallbackRequestHandler = async (req) => {
      throw new RpcError(ErrorCode.MethodNotFound, `The Countersign gateway does not forward ${req.method} (see docs/gateway.md, "What passes through")`);
    };
    return session;
  }
}

type ProgressReporterSend = ConstructorParameters<typeof ProgressReporter>[1];
