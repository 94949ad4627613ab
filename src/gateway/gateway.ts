// The gateway core, shared by every downstream session: the upstream connections, the tool catalog and the hub client.
// Each downstream session (one stdio client, or one Streamable HTTP session) gets its own MCP Server from createServer().
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, type CallToolResult, type CreateTaskResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { CallLog } from './call-log.js';
import { callSignal } from './call-signal.js';
import { handleToolCall, type ApprovalInput, type HubClientLike } from './call-handler.js';
import { exposedTool, type Catalog } from './catalog.js';
import type { GatewayConfig } from './config.js';
import { ProgressReporter } from './progress.js';
import { registerClasses } from './register-classes.js';
import { RpcError } from './rpc-error.js';
import { PendingCalls } from './pending-calls.js';
import { TOOL_CHANGED_CLASS, ToolGuard } from './tool-guard.js';
import { SURFACE_CAPABILITIES, Surface } from './surface/surface.js';
import { surfaceClasses } from './surface/surface-policy.js';
import type { ActionClass } from '../shared/domain.js';
import { GatewayTaskStore, TASK_CAPABILITIES, startTask, withTaskSupport } from './surface/tasks.js';
import { GATEWAY_NAME, GATEWAY_VERSION, Upstream } from './upstream.js';

export interface GatewayOptions {
  config: GatewayConfig;
  hub: HubClientLike;
  /** Admin token for registering action classes; null leaves the hub's unknown-class rule (approval) in charge. */
  adminToken: string | null;
  log?: CallLog;
}

/**
 * Only for a hub without GET /v1/idempotency-keys: what the gateway submits to find a request it may have made under
 * the key (a killed gateway's, or a submit whose answer was lost). The hub answers that request (409, another body);
 * had it never arrived, this is stored instead (an unregistered class: approval, pending) and withdrawn at once, on
 * record with a summary that says what happened.
 */
function recoveryProbe(agentId: string, tool: string, idempotencyKey: string): ApprovalInput {
  return {
    actionClass: 'gateway.recovery_probe',
    action: { name: tool, args: {} },
    summary: `Countersign gateway recovery: a gateway stopped while submitting ${tool}; this looks up (or stands in for) that request, and is withdrawn`,
    agent: { id: agentId, name: 'Countersign gateway' },
    idempotencyKey,
  };
}

function shuttingDown(tool: string): CallToolResult {
  return { content: [{ type: 'text', text: `The Countersign gateway is shutting down, so ${tool} was not run. Retry once it is back.` }], isError: true };
}

export class Gateway {
  readonly upstreams: Upstream[];
  readonly log: CallLog;
  private catalog: Catalog = { entries: [], byName: new Map(), refused: [] };
  /** Stable names, recorded tool definitions and their reports (state file). */
  readonly guard: ToolGuard;
  /** Calls waiting on the hub: retries re-attach, and a restart closes what a killed gateway left. */
  private readonly pending: PendingCalls;
  /** Each upstream's last listed tools (kept while it is down, so a call can restart it). */
  private readonly lists = new Map<string, Tool[]>();
  /** Upstreams whose last connect or list failed. */
  readonly unavailable = new Set<string>();
  /** Why each unavailable upstream failed (its last error), for --check. */
  readonly unavailableWhy = new Map<string, string>();
  private readonly refreshing = new Map<string, Promise<void>>();
  private initial: Promise<void> | null = null;
  private settled = false;
  private stopRecovery: () => void = () => {};
  private readonly servers = new Set<Server>();
  /** Aborted on shutdown: every call in flight answers at once instead of leaving its client to time out. */
  private readonly stopping = new AbortController();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly registered = new Set<string>();
  /**
   * Registrations run one after the other: each reads the hub's whole policy and writes it back, so two upstreams
   * registering at once would each drop the other's classes (the second PUT replaces the first).
   */
  private registering: Promise<void> = Promise.resolve();
  /** Resources, prompts, logging, notifications and the upstreams' requests to the client (src/gateway/surface). */
  readonly surface: Surface;

  constructor(private readonly opts: GatewayOptions) {
    this.log = opts.log ?? new CallLog(opts.config.logFile);
    this.guard = new ToolGuard(opts.config, this.log, opts.hub);
    this.pending = new PendingCalls(this.guard.stateFile, opts.config.retryGraceSeconds * 1000, this.stopping.signal, this.log);
    this.upstreams = opts.config.upstreams.map((c) => new Upstream(c, opts.config.upstreamConnectTimeoutSeconds * 1000));
    for (const u of this.upstreams) u.onToolsChanged = () => void this.refreshUpstream(u);
    this.surface = new Surface({
      upstreams: this.upstreams,
      unavailable: this.unavailable,
      log: this.log,
      config: opts.config,
      hub: opts.hub,
      stopping: this.stopping.signal,
      pending: this.pending,
      ready: () => this.start(),
      promptNames: this.heldNames('promptNames'),
      resourceUris: this.heldNames('resourceUris'),
    });
  }

  /** Prompts' bare names and resources' plain URIs, kept in the state file beside the tools' (see PromptRouter, ResourceRouter). */
  private heldNames(key: 'promptNames' | 'resourceUris'): { bindings: Map<string, string>; save(): void } {
    const file = this.guard.stateFile;
    const bindings = new Map(Object.entries(file.state[key]));
    return {
      bindings,
      save: () => {
        file.state[key] = Object.fromEntries(bindings);
        try {
          file.save();
        } catch (e) {
          this.log.write({ event: 'state_save_failed', error: (e as Error).message });
        }
      },
    };
  }

  get config(): GatewayConfig {
    return this.opts.config;
  }

  /**
   * Lists every upstream and registers the classes, in the background: the gateway serves while a slow upstream connects.
   * Resolves once every upstream has answered or timed out (--check and the first tools/list wait for that).
   */
  start(): Promise<void> {
    this.initial ??= this.refresh().then(() => {
      // Names are kept from here on (see ToolGuard.build): config order, not arrival order, gave them.
      this.settled = true;
      this.rebuild();
      const hub = this.opts.hub;
      if (hub.attach)
        this.stopRecovery = this.pending.recover((id) => hub.attach!(id), hub.findByKey && ((key, tool) => hub.findByKey!(key, recoveryProbe(this.config.agentId, tool, key))));
    });
    return this.initial;
  }

  tools(): Catalog {
    return this.catalog;
  }

  /** Re-lists every upstream; each one is bounded by its timeouts, so one hung upstream delays only its own tools. */
  async refresh(): Promise<void> {
    await Promise.all(this.upstreams.map((u) => this.refreshUpstream(u)));
  }

  private refreshUpstream(u: Upstream): Promise<void> {
    let p = this.refreshing.get(u.name);
    if (!p) {
      p = (async () => {
        try {
          this.lists.set(u.name, await u.listTools());
          if (this.unavailable.delete(u.name)) this.log.write({ event: 'upstream_available', upstream: u.name });
        } catch (e) {
          this.unavailable.add(u.name);
          this.unavailableWhy.set(u.name, (e as Error).message);
          this.log.write({ event: 'upstream_unavailable', upstream: u.name, error: (e as Error).message });
        }
        this.rebuild();
        await this.register();
      })().finally(() => this.refreshing.delete(u.name));
      this.refreshing.set(u.name, p);
    }
    return p;
  }

  private rebuild(): void {
    const before = JSON.stringify(this.catalog.entries.map(exposedTool));
    this.catalog = this.guard.build(
      this.upstreams.map((u) => ({ upstream: u.name, tools: this.lists.get(u.name) ?? [] })),
      this.settled,
    );
    if (JSON.stringify(this.catalog.entries.map(exposedTool)) !== before) this.announceToolsChanged();
  }

  private register(): Promise<void> {
    this.registering = this.registering.then(() => this.registerNow()).catch((e) => this.log.write({ event: 'classes_register_failed', error: (e as Error).message }));
    return this.registering;
  }

  private async registerNow(): Promise<void> {
    const mode = this.config.hub.registerClasses;
    // Only classes not registered yet: a late upstream registers its own, nobody's twice.
    const classes = [TOOL_CHANGED_CLASS, ...this.catalog.entries.filter((e) => e.policy.route === 'hub').map((e) => e.policy.actionClass), ...this.surfaceClasses()].filter(
      (c) => !this.registered.has(c.name),
    );
    if (classes.length === 0) return;
    for (const c of classes) this.registered.add(c.name);
    if (mode === 'off' || !this.opts.adminToken) {
      this.log.write({
        event: 'classes_not_registered',
        why: mode === 'off' ? 'registerClasses is off' : 'no admin token: unknown classes fail closed to approval on the hub',
        classes: classes.map((c) => c.name),
      });
      return;
    }
    try {
      const r = await registerClasses(this.config.hub.url, this.opts.adminToken, classes, mode);
      this.log.write({ event: 'classes_registered', ...r });
    } catch (e) {
      for (const c of classes) this.registered.delete(c.name);
      this.log.write({ event: 'classes_register_failed', error: (e as Error).message });
    }
  }

  /** The resources/read and prompts/get classes of the upstreams connected so far (their capabilities say what they offer). */
  surfaceClasses(): ActionClass[] {
    const connected = this.upstreams.flatMap((u) => {
      const caps = u.current()?.getServerCapabilities();
      return caps ? [{ name: u.name, trust: u.config.trust, offers: (c: 'resources' | 'prompts') => !!caps[c] }] : [];
    });
    return surfaceClasses(this.config, connected);
  }

  private announceToolsChanged(): void {
    for (const s of this.servers) void s.sendToolListChanged().catch(() => {});
  }

  /** A new MCP server for one downstream session. */
  createServer(transport: 'stdio' | 'http'): Server {
    const tasks = new GatewayTaskStore();
    const server = new Server(
      { name: GATEWAY_NAME, version: GATEWAY_VERSION },
      {
        capabilities: { tools: { listChanged: true }, ...SURFACE_CAPABILITIES, tasks: TASK_CAPABILITIES },
        taskStore: tasks,
        instructions:
          "Tools behind Countersign: read-only tools run at once; tools that change things may wait for a human decision. A rejected call returns the approver's feedback: adapt to it rather than retrying unchanged.",
      },
    );
    this.servers.add(server);
    const session = this.surface.install(server, transport);
    server.onclose = () => {
      this.servers.delete(server);
      this.surface.sessions.remove(session);
      tasks.closeAll();
    };

    server.setRequestHandler(ListToolsRequestSchema, async () => {
      await this.start();
      // A down upstream is retried in the background; this list answers now and list_changed follows when it is back.
      for (const u of this.upstreams) if (!u.connected || this.unavailable.has(u.name)) void this.refreshUpstream(u);
      return { tools: this.catalog.entries.map((e) => withTaskSupport(exposedTool(e), e.policy.route)) };
    });

    server.setRequestHandler(CallToolRequestSchema, async (req, extra): Promise<CallToolResult | CreateTaskResult> => {
      if (this.stopping.signal.aborted) return shuttingDown(req.params.name);
      await this.start();
      let entry = this.catalog.byName.get(req.params.name);
      if (!entry && this.unavailable.size) {
        // Perhaps a tool of an upstream that was late: one bounded retry of the unavailable ones before "unknown".
        await Promise.all(this.upstreams.filter((u) => this.unavailable.has(u.name)).map((u) => this.refreshUpstream(u)));
        entry = this.catalog.byName.get(req.params.name);
      }
      if (!entry) {
        const down = [...this.unavailable].find((n) => req.params.name.startsWith(`${n}__`));
        if (down) return { content: [{ type: 'text', text: `The upstream MCP server "${down}" is unavailable, so ${req.params.name} was not run.` }], isError: true };
        throw new RpcError(ErrorCode.InvalidParams, `Unknown tool: ${req.params.name}`);
      }
      if (this.guard.hasNewAcceptance(entry)) {
        // An admin accepted this tool's new definition while we run (countersign-gateway accept): apply it now.
        this.rebuild();
        entry = this.catalog.byName.get(req.params.name) ?? entry;
      }
      const found = entry;
      const upstream = this.upstreams.find((u) => u.name === found.policy.upstream)!;
      const run = (signal: AbortSignal, progress: ProgressReporter, requestId: typeof extra.requestId | undefined) => {
        const linked = callSignal(signal, this.stopping.signal);
        // Marked busy on its upstream so that upstream's sampling, elicitation or roots requests reach this client.
        const call = this.surface.sessions.track(session, upstream.name, requestId, () =>
          handleToolCall(
            {
              entry: found,
              upstream,
              args: req.params.arguments ?? {},
              client: server.getClientVersion(),
              sessionId: extra.sessionId,
              transport,
              signal: linked.signal,
              shutdown: this.stopping.signal,
              progress,
            },
            { config: this.config, hub: this.opts.hub, log: this.log, pending: this.pending },
          ),
        );
        this.inFlight.add(call);
        void call
          .then((r) => this.surface.resources.note(upstream.name, r.content))
          .catch(() => {})
          .finally(() => {
            this.inFlight.delete(call);
            linked.done();
          });
        return call;
      };
      if (req.params.task && extra.taskStore) {
        // The client polls a task instead of holding its request open: an approval after minutes still reaches it.
        return startTask({
          store: tasks,
          requestStore: extra.taskStore,
          requestedTtlMs: extra.taskRequestedTtl,
          waitMs: (found.policy.expiresIn ?? this.config.waitTimeoutSeconds) * 1000,
          tool: found.exposedName,
          log: this.log,
          run: (signal, progress) => run(signal, progress, undefined),
        });
      }
      return run(extra.signal, new ProgressReporter(extra._meta?.progressToken, (n) => extra.sendNotification(n)), extra.requestId);
    });
    return server;
  }

  /** Ends every call in flight with an error answer (waits are withdrawn, forwarded calls cancelled) and waits for those answers. */
  async drain(): Promise<void> {
    this.stopping.abort(new Error('the gateway is shutting down'));
    await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((r) => setTimeout(r, 5_000))]);
  }

  async close(): Promise<void> {
    this.stopRecovery();
    await this.drain();
    await Promise.all([...this.servers].map((s) => s.close().catch(() => {})));
    await Promise.all(this.upstreams.map((u) => u.close()));
    await this.log.close();
  }
}
