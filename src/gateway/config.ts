// The gateway's config file: which upstream MCP servers to front, which hub to ask, and per-tool overrides.
// Validated with zod so a typo gets a clear message naming the field, not a crash at the first tool call.
import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { z } from 'zod';
import { ConditionalFactor, ExpiresInSeconds, RiskFactor } from '../shared/domain.js';
import { issueLine, zodIssues } from '../shared/zod-issues.js';
import { ClientRequestsConfig } from './surface/client-requests-config.js';

const UpstreamName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only (it becomes part of tool and action-class names)');

/**
 * How far the gateway believes an upstream's own annotations.
 * annotations (default): readOnlyHint tools pass, the others get factors from their hints.
 * no-pass: nothing passes on its word alone; every call goes to the hub (read-only ones land in review, on record).
 * approve-all: every call waits for a human.
 * A per-tool override in `tools[]` still applies on top (it is the admin's word about that tool).
 */
export const UpstreamTrust = z.enum(['annotations', 'no-pass', 'approve-all']);
export type UpstreamTrust = z.infer<typeof UpstreamTrust>;

const StdioUpstream = z
  .object({
    name: UpstreamName,
    trust: UpstreamTrust.default('annotations'),
    /** The executable to start, e.g. "npx" or "node". */
    command: z.string().min(1),
    args: z.array(z.string()).default([]),
    /** Added to the MCP SDK's safe default environment (PATH, HOME...); the gateway's own env is not passed wholesale. */
    env: z.record(z.string(), z.string()).default({}),
    cwd: z.string().optional(),
  })
  .strict();

const HttpUpstream = z
  .object({
    name: UpstreamName,
    trust: UpstreamTrust.default('annotations'),
    /** A Streamable HTTP MCP endpoint, e.g. http://127.0.0.1:3001/mcp */
    url: z.string().url(),
    /** Extra request headers, e.g. an Authorization header for the upstream. */
    headers: z.record(z.string(), z.string()).default({}),
  })
  .strict();

export const UpstreamConfig = z.union([StdioUpstream, HttpUpstream]);
export type UpstreamConfig = z.infer<typeof UpstreamConfig>;

/**
 * A per-tool override. `match` is a glob over `<upstream>/<tool>` (the upstream's own tool name), e.g.
 * "fs/write_*", "*\/delete_*" or "github/*". The first matching override wins.
 */
export const ToolOverride = z
  .object({
    match: z.string().min(1).max(500),
    /**
     * pass: forward at once, never ask the hub (like a read-only tool; logged locally).
     * approve: always needs approval (class override).
     * review / audit: always runs in that lane (class override).
     * classify (default): the two-factor rule decides, on the hub.
     */
    mode: z.enum(['classify', 'pass', 'approve', 'review', 'audit']).default('classify'),
    /** Action class name to use instead of mcp.<upstream>.<tool>. */
    actionClass: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits, _ . : - only')
      .optional(),
    /** Replaces the factors derived from the tool's annotations. */
    factors: z.array(RiskFactor).optional(),
    conditionalFactors: z.array(ConditionalFactor).optional(),
    /** The lane when approval is not required. */
    lane: z.enum(['review', 'audit']).optional(),
    auditSampleRate: z.number().min(0).max(1).optional(),
    /** Seconds a request for this tool waits for a human before it expires. */
    expiresIn: ExpiresInSeconds.optional(),
    owner: z.string().max(200).optional(),
    description: z.string().max(2000).optional(),
  })
  .strict();
export type ToolOverride = z.infer<typeof ToolOverride>;

export const GatewayConfig = z
  .object({
    hub: z
      .object({
        url: z.string().url(),
        /** The agent token the gateway submits with. Prefer tokenEnv so the file holds no secret. */
        token: z.string().min(1).optional(),
        tokenEnv: z.string().min(1).default('COUNTERSIGN_AGENT_TOKEN'),
        /** Optional admin token: when set, the gateway registers its tools' action classes with the hub. */
        adminToken: z.string().min(1).optional(),
        adminTokenEnv: z.string().min(1).default('COUNTERSIGN_ADMIN_TOKEN'),
        /** missing: add classes the hub does not know yet (keeps a human's edits). replace: overwrite ours. off: never. */
        registerClasses: z.enum(['missing', 'replace', 'off']).default('missing'),
      })
      .strict(),
    upstreams: z.array(UpstreamConfig).min(1, 'at least one upstream server'),
    /** collisions: prefix `<upstream>__` only on tools whose names collide. always: prefix every tool. */
    prefix: z.enum(['collisions', 'always']).default('collisions'),
    tools: z.array(ToolOverride).default([]),
    /** Rules for resources/read, `match` over `<upstream>/<uri>`; a read passes unless a rule sends it to the hub (docs/gateway.md). */
    resources: z.array(ToolOverride).default([]),
    /** Rules for prompts/get, `match` over `<upstream>/<prompt>`; same fields and default as `resources`. */
    prompts: z.array(ToolOverride).default([]),
    /** Which upstream requests to the client the gateway forwards (to the client whose call they belong to). */
    clientRequests: ClientRequestsConfig.default({ sampling: true, elicitation: true, roots: true }),
    /** How long a tool call waits for a decision before the gateway withdraws the request and answers with an error. */
    waitTimeoutSeconds: z
      .number()
      .int()
      .positive()
      .max(60 * 60 * 24)
      .default(600),
    /** Progress-notification interval while a call waits (keeps clients' request timeouts from firing). */
    progressIntervalSeconds: z.number().positive().max(60).default(10),
    /** Timeout for a forwarded upstream call (reset by upstream progress). */
    upstreamTimeoutSeconds: z
      .number()
      .positive()
      .max(60 * 60)
      .default(120),
    /** Bound on connecting to an upstream (initialize) and on each tools/list page: a mute upstream is marked unavailable after it. */
    upstreamConnectTimeoutSeconds: z.number().positive().max(600).default(30),
    /** How long a client's initialize waits for upstreams still connecting, so their instructions can be merged; a later one is left out. */
    instructionsWaitSeconds: z.number().min(0).max(60).default(2),
    /**
     * How long a request whose client gave up (cancelled or timed out) stays open for a retry of the same call to
     * re-attach to it; also how long a restarted gateway waits before withdrawing the requests a previous run left.
     */
    retryGraceSeconds: z.number().min(0).max(3600).default(30),
    /** Agent identity sent with every request; the MCP client's name is added to it. */
    agentId: z.string().min(1).max(200).default('mcp-gateway'),
    /** Local JSON-lines log of every call (read-only passes included). Default: stderr. */
    logFile: z.string().optional(),
    /**
     * The gateway's own memory (0600): each tool's definition as first classified, the names tools hold, calls waiting
     * on the hub. Default with a config file: `<config name>.state.json` beside it; without one, kept in memory only.
     */
    stateFile: z.string().optional(),
    /** Tool-definition changes an admin accepted: `<upstream>/<tool>` and the new definition's hash (or its first 12+ hex digits). */
    accept: z
      .array(
        z
          .object({
            tool: z.string().min(3).max(500),
            hash: z.string().regex(/^[0-9a-f]{12,64}$/, 'the hex hash (12 to 64 digits) that the gateway log or --check printed'),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();
export type GatewayConfig = z.infer<typeof GatewayConfig>;
export type GatewayConfigInput = z.input<typeof GatewayConfig>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Validates a parsed config object; throws ConfigError listing every problem with its path. */
export function parseConfig(raw: unknown, origin = 'config'): GatewayConfig {
  const r = GatewayConfig.safeParse(raw);
  if (!r.success) {
    const lines = zodIssues(r.error).map((i) => `  - ${issueLine(i)}`);
    throw new ConfigError(`Invalid gateway config (${origin}):\n${lines.join('\n')}`);
  }
  const names = new Set<string>();
  for (const u of r.data.upstreams) {
    if (names.has(u.name)) throw new ConfigError(`Invalid gateway config (${origin}):\n  - upstreams: the name "${u.name}" is used twice`);
    names.add(u.name);
  }
  return r.data;
}

/** Reads and validates a JSON config file; relative cwd and logFile paths are resolved against the file's folder. */
export function loadConfigFile(path: string): GatewayConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`Cannot read gateway config ${path}: ${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`Gateway config ${path} is not valid JSON: ${(e as Error).message}`);
  }
  const cfg = parseConfig(raw, path);
  const base = dirname(resolve(path));
  for (const u of cfg.upstreams) if ('command' in u && u.cwd) u.cwd = resolve(base, u.cwd);
  if (cfg.logFile) cfg.logFile = resolve(base, cfg.logFile);
  cfg.stateFile = resolve(base, cfg.stateFile ?? `${basename(path).replace(/\.json$/i, '')}.state.json`);
  return cfg;
}

/** The agent token: the config's value, else the named environment variable. */
export function resolveTokens(cfg: GatewayConfig, env: NodeJS.ProcessEnv = process.env): { agentToken: string; adminToken: string | null } {
  const agentToken = cfg.hub.token ?? env[cfg.hub.tokenEnv];
  if (!agentToken) throw new ConfigError(`No hub agent token: set hub.token in the config or the ${cfg.hub.tokenEnv} environment variable`);
  const adminToken = cfg.hub.adminToken ?? env[cfg.hub.adminTokenEnv] ?? null;
  return { agentToken, adminToken: adminToken || null };
}
