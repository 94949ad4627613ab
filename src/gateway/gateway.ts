// The gateway core, shared by every downstream session: the upstream connections, the tool catalog and the hub client.
// Each downstream session (one stdio client, or one Streamable HTTP session) gets its own MCP Server from createServer().
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { CallLog } from './call-log.js';
import { handleToolCall, type HubClientLike } from './call-handler.js';
import { buildCatalog, exposedTool, type Catalog } from './catalog.js';
import type { GatewayConfig } from './config.js';
import { ProgressReporter } from './progress.js';
import { registerClasses } from './register-classes.js';
import { GATEWAY_NAME, GATEWAY_VERSION, Upstream } from './upstream.js';

export interface GatewayOptions {
  config: GatewayConfig;
  hub: HubClientLike;
  /** Admin token for registering action classes; null leaves the hub's unknown-class rule (approval) in charge. */
  adminToken: string | null;
  log?: CallLog;
}

export class Gateway {
  readonly upstreams: Upstream[];
  readonly log: CallLog;
  private catalog: Catalog = { entries: [], byName: new Map(), dropped: [] };
  private refreshing: Promise<void> | null = null;
  private readonly servers = new Set<Server>();

  constructor(private readonly opts: GatewayOptions) {
    this.log = opts.log ?? new CallLog(opts.config.logFile);
    this.upstreams = opts.config.upstreams.map((c) => new Upstream(c));
    for (const u of this.upstreams) u.onToolsChanged = () => void this.refresh().then(() => this.announceToolsChanged());
  }

  get config(): GatewayConfig {
    return this.opts.config;
  }

  /** Connects every upstream, builds the catalog and registers the classes. An upstream that is down is retried on the next list. */
  async start(): Promise<void> {
    await this.refresh();
    await this.register();
  }

  tools(): Catalog {
    return this.catalog;
  }

  /** Re-lists every upstream's tools; one failing upstream keeps its last known tools so calls can restart it. */
  refresh(): Promise<void> {
    if (!this.refreshing) {
      this.refreshing = (async () => {
        const lists = await Promise.all(
          this.upstreams.map(async (u) => {
            try {
              return { upstream: u.name, tools: await u.listTools() };
            } catch (e) {
              this.log.write({ event: 'upstream_unavailable', upstream: u.name, error: (e as Error).message });
              return { upstream: u.name, tools: this.catalog.entries.filter((x) => x.policy.upstream === u.name).map((x) => x.tool) };
            }
          }),
        );
        this.catalog = buildCatalog(this.config, lists);
        for (const d of this.catalog.dropped) this.log.write({ event: 'tool_dropped', tool: d, why: 'name still collides after prefixing' });
      })().finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  private async register(): Promise<void> {
    const mode = this.config.hub.registerClasses;
    const classes = this.catalog.entries.filter((e) => e.policy.route === 'hub').map((e) => e.policy.actionClass);
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
      this.log.write({ event: 'classes_register_failed', error: (e as Error).message });
    }
  }

  private announceToolsChanged(): void {
    for (const s of this.servers) void s.sendToolListChanged().catch(() => {});
  }

  /** A new MCP server for one downstream session. */
  createServer(transport: 'stdio' | 'http'): Server {
    const server = new Server(
      { name: GATEWAY_NAME, version: GATEWAY_VERSION },
      {
        capabilities: { tools: { listChanged: true } },
        instructions:
          "Tools behind Countersign: read-only tools run at once; tools that change things may wait for a human decision. A rejected call returns the approver's feedback: adapt to it rather than retrying unchanged.",
      },
    );
    this.servers.add(server);
    server.onclose = () => this.servers.delete(server);

    server.setRequestHandler(ListToolsRequestSchema, async () => {
      if (this.catalog.entries.length === 0 || this.upstreams.some((u) => !u.connected)) await this.refresh();
      return { tools: this.catalog.entries.map(exposedTool) };
    });

    server.setRequestHandler(CallToolRequestSchema, async (req, extra): Promise<CallToolResult> => {
      const entry = this.catalog.byName.get(req.params.name);
      if (!entry) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${req.params.name}`);
      const upstream = this.upstreams.find((u) => u.name === entry.policy.upstream)!;
      const progress = new ProgressReporter(extra._meta?.progressToken, (n) => extra.sendNotification(n));
      return handleToolCall(
        {
          entry,
          upstream,
          args: req.params.arguments ?? {},
          client: server.getClientVersion(),
          sessionId: extra.sessionId,
          transport,
          signal: extra.signal,
          progress,
        },
        { config: this.config, hub: this.opts.hub, log: this.log },
      );
    });
    return server;
  }

  async close(): Promise<void> {
    await Promise.all([...this.servers].map((s) => s.close().catch(() => {})));
    await Promise.all(this.upstreams.map((u) => u.close()));
    await this.log.close();
  }
}
