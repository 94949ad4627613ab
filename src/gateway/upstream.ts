// One upstream MCP server the gateway fronts: a stdio command or a Streamable HTTP URL.
// Connects lazily and again after a crash, so one dead upstream costs one failed call, not the gateway.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { CallToolResultSchema, ToolListChangedNotificationSchema, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import type { UpstreamConfig } from './config.js';
import { UPSTREAM_CLIENT_CAPABILITIES, callAsTask } from './surface/upstream-client.js';
import { GatewayTaskStore } from './surface/tasks.js';
import { UpstreamLink } from './upstream-link.js';
import { watchResponseStreams } from './watch-streams.js';

export const GATEWAY_NAME = 'countersign-gateway';
export const GATEWAY_VERSION = '0.1.0';

/** The upstream went away (exit, crash, network) while or before a call ran. */
export class UpstreamClosedError extends Error {
  constructor(
    readonly upstream: string,
    /** connect: the call never reached the upstream. call: it went away while the call ran. */
    readonly phase: 'connect' | 'call',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'UpstreamClosedError';
  }
}

export class Upstream {
  private client: Client | null = null;
  private connecting: Promise<Client> | null = null;
  /** Every connection and connection attempt not closed yet (a mute upstream's child included): close() ends them all. */
  private readonly links = new Set<UpstreamLink>();
  /** Set by close(): no new connection is started after it (a background retry during shutdown would leave an orphan). */
  private closed = false;
  /** Bumped on every (re)connect, so a stale close handler cannot drop a newer connection. */
  private generation = 0;
  /** How many times this upstream has been (re)started; shown in logs and useful in tests. */
  connects = 0;
  onToolsChanged: (() => void) | null = null;
  /** Installs the surface's handlers (server-to-client requests, notifications) on each new connection, before it initializes. */
  onClient: ((client: Client, tasks: GatewayTaskStore) => void) | null = null;

  constructor(
    readonly config: UpstreamConfig,
    /** Bound on initialize and on each tools/list page. */
    private readonly connectTimeoutMs = 10_000,
  ) {}

  get name(): string {
    return this.config.name;
  }

  get connected(): boolean {
    return this.client !== null;
  }

  /** A human-readable address of the upstream for evidence and logs. */
  describe(): string {
    const c = this.config;
    return 'url' in c ? c.url : [c.command, ...c.args].join(' ');
  }

  async ensureConnected(): Promise<Client> {
    if (this.client) return this.client;
    if (!this.connecting) {
      this.connecting = this.connect().finally(() => {
        this.connecting = null;
      });
    }
    return this.connecting;
  }

  private async connect(): Promise<Client> {
    if (this.closed) throw new UpstreamClosedError(this.name, 'connect', `Upstream "${this.name}" is closed: the gateway is shutting down`);
    const gen = ++this.generation;
    // The tasks the upstream asks us, as its client, to run (task-augmented sampling and elicitation): their own store.
    const tasks = new GatewayTaskStore();
    const client = new Client({ name: GATEWAY_NAME, version: GATEWAY_VERSION }, { capabilities: UPSTREAM_CLIENT_CAPABILITIES, taskStore: tasks });
    this.onClient?.(client, tasks);
    const c = this.config;
    const transport =
      'url' in c
        ? new StreamableHTTPClientTransport(new URL(c.url), { requestInit: { headers: c.headers }, fetch: watchResponseStreams(() => this.dropIfCurrent(gen)) })
        : new StdioClientTransport({ command: c.command, args: c.args, env: { ...getDefaultEnvironment(), ...c.env }, cwd: c.cwd, stderr: 'inherit' });
    const link = new UpstreamLink(client, transport);
    this.links.add(link);
    client.onclose = () => {
      tasks.closeAll();
      link.onEnded();
      this.links.delete(link);
      if (this.generation === gen) this.client = null;
    };
    client.onerror = () => {
      // Transport errors surface on the pending request (or as onclose); nothing to add here.
    };
    try {
      await client.connect(transport, { timeout: this.connectTimeoutMs });
      if (this.closed) throw new Error('the gateway is shutting down');
    } catch (e) {
      this.links.delete(link);
      await link.close();
      throw new UpstreamClosedError(this.name, 'connect', `Cannot connect to upstream "${this.name}" (${this.describe()}): ${(e as Error).message}`, { cause: e });
    }
    client.setNotificationHandler(ToolListChangedNotificationSchema, async () => this.onToolsChanged?.());
    this.connects++;
    this.client = client;
    return client;
  }

  /**
   * The connection is gone (an HTTP upstream's answer stream ended without the answer): close the client so every
   * pending call on it fails now with ConnectionClosed instead of hanging until its timeout.
   */
  private dropIfCurrent(gen: number): void {
    const c = this.client;
    if (!c || this.generation !== gen) return;
    this.client = null;
    void c.close().catch(() => {});
  }

  /** The live connection, if any (the surface asks it for capabilities and instructions without connecting). */
  current(): Client | null {
    return this.client;
  }

  async listTools(): Promise<Tool[]> {
    const client = await this.ensureConnected();
    const tools: Tool[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : undefined, { timeout: this.connectTimeoutMs });
      tools.push(...page.tools);
      cursor = page.nextCursor;
    } while (cursor);
    return tools;
  }

  /**
   * Calls a tool and returns the upstream's result unchanged (isError results included).
   * JSON-RPC errors from the upstream are rethrown as they came; a dropped connection becomes UpstreamClosedError.
   * Uses client.request rather than callTool so the gateway passes results through without re-validating them.
   */
  async callTool(name: string, args: Record<string, unknown>, options: RequestOptions, opts: { asTask?: boolean } = {}): Promise<CallToolResult> {
    const client = await this.ensureConnected();
    try {
      if (opts.asTask) return await callAsTask(client, name, args, options);
      return await client.request({ method: 'tools/call', params: { name, arguments: args } }, CallToolResultSchema, options);
    } catch (e) {
      if (this.client !== client || isConnectionClosed(e)) {
        this.client = null;
        throw new UpstreamClosedError(this.name, 'call', `Upstream "${this.name}" closed the connection during the call to ${name}: ${(e as Error).message}`, { cause: e });
      }
      throw e;
    }
  }

  /** Ends every connection and attempt, whatever its state (connected, still in initialize, a child still starting). */
  async close(): Promise<void> {
    this.closed = true;
    this.client = null;
    this.generation++;
    const links = [...this.links];
    this.links.clear();
    await Promise.all(links.map((l) => l.close()));
  }
}

function isConnectionClosed(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  if (code === -32000) return true; // ErrorCode.ConnectionClosed
  const msg = String((e as Error)?.message ?? '');
  return /ECONNREFUSED|ECONNRESET|fetch failed|socket hang up|Connection closed/i.test(msg);
}
