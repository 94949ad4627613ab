// `npm run gateway -- --config gateway.json [--http --port P] [--check]`
// stdio (default): an MCP server on stdin/stdout for Claude Desktop, Cursor or an SDK client.
// --http: Streamable HTTP on 127.0.0.1:P at /mcp, with an optional bearer token (--token or COUNTERSIGN_GATEWAY_TOKEN).
import { parseArgs } from 'node:util';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { classify } from '../shared/policy.js';
import { ConfigError, loadConfigFile, resolveTokens } from './config.js';
import { Gateway } from './gateway.js';
import { createHubClient } from './hub-client.js';
import { acceptToolChange } from './accept.js';
import { visibleJson } from './call-log.js';
import { NO_TOKEN_MESSAGE, startHttpHost } from './http-host.js';

const USAGE = `Usage: countersign-gateway --config gateway.json [--http [--port 8788] [--token T]] [--check]
       countersign-gateway accept <upstream>/<tool> --config gateway.json [--hash H]
  --config FILE   gateway config (JSON; see docs/gateway.md)
  --http          serve MCP over Streamable HTTP on 127.0.0.1 instead of stdio
  --port P        HTTP port (default 8788; 0 picks a free one)
  --token T       HTTP bearer token clients must send (or env COUNTERSIGN_GATEWAY_TOKEN); required with --http
  --insecure-no-token  serve HTTP without a token (any local process may call every tool)
  --session-idle S  close HTTP sessions idle for S seconds (default 1800)
  --check         connect to the upstreams, print each tool's route and action class, and exit
                  (exit 1 when any upstream is unreachable or a tool, prompt or resource was refused)
  accept          accept a tool's changed definition (the one the log's tool_changed names, or --hash H):
                  its new classification applies from the next call or list`;

async function main(): Promise<number> {
  let values, positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      options: {
        config: { type: 'string' },
        http: { type: 'boolean', default: false },
        port: { type: 'string', default: '8788' },
        token: { type: 'string' },
        'insecure-no-token': { type: 'boolean', default: false },
        'session-idle': { type: 'string', default: '1800' },
        check: { type: 'boolean', default: false },
        hash: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: true,
    }));
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.config) {
    console.error(`--config is required\n${USAGE}`);
    return 2;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be an integer 0..65535, got ${values.port}`);
    return 2;
  }

  const idle = Number(values['session-idle']);
  if (!Number.isFinite(idle) || idle <= 0) {
    console.error(`--session-idle must be a positive number of seconds, got ${values['session-idle']}`);
    return 2;
  }

  if (positionals.length) {
    if (positionals[0] !== 'accept' || positionals.length !== 2) {
      console.error(`Unknown command ${positionals.join(' ')}\n${USAGE}`);
      return 2;
    }
    try {
      console.log(acceptToolChange(loadConfigFile(values.config), positionals[1]!, values.hash));
      return 0;
    } catch (e) {
      console.error((e as Error).message);
      return 2;
    }
  }

  const httpToken = values.token ?? process.env.COUNTERSIGN_GATEWAY_TOKEN ?? null;
  if (values.http && !values.check && !httpToken && !values['insecure-no-token']) {
    console.error(NO_TOKEN_MESSAGE);
    return 2;
  }

  let config, tokens;
  try {
    config = loadConfigFile(values.config);
    tokens = resolveTokens(config);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      return 2;
    }
    throw e;
  }

  const gateway = new Gateway({ config, hub: createHubClient(config.hub.url, tokens.agentToken), adminToken: tokens.adminToken });
  // Nothing a client, an upstream or the hub does may end the process: a stray rejection is logged (tests fail on it), not fatal.
  process.on('unhandledRejection', (e) => gateway.log.write({ event: 'unhandled_rejection', error: String((e as Error)?.stack ?? e) }));
  // Upstreams connect in the background: the transports below serve at once, late upstreams join with list_changed.
  void gateway.start();

  if (values.check) {
    await gateway.start();
    // The lane the shared rule gives each class (before argument conditions); read-only tools never reach the hub.
    for (const e of gateway.tools().entries) {
      const cls = e.policy.actionClass;
      const lane = e.policy.route === 'pass' ? 'pass' : classify(cls, { name: e.policy.tool, args: {} }).control + (cls.conditionalFactors.length ? '+conditions' : '');
      console.log(`${visibleJson(e.exposedName).slice(1, -1).padEnd(32)} ${lane.padEnd(10)} ${cls.name.padEnd(40)} ${e.policy.why}`);
    }
    // resources/read and prompts/get classes the rules or an upstream's trust send to the hub (registered like the tools').
    for (const cls of gateway.surfaceClasses()) {
      const lane = classify(cls, { name: '', args: {} }).control + (cls.conditionalFactors.length ? '+conditions' : '');
      console.log(`${'(resources/prompts)'.padEnd(32)} ${lane.padEnd(10)} ${cls.name.padEnd(40)} ${cls.description}`);
    }
    if (!tokens.adminToken) console.log('(no admin token: the hub treats these classes as unknown until registered, so every non-pass tool needs approval)');
    // Every unreachable upstream by name: any one down fails the check, since its tools are missing from the list above.
    const down = gateway.upstreams.filter((u) => gateway.unavailable.has(u.name));
    for (const u of down) console.log(`UNREACHABLE upstream ${u.name} (${u.describe()}): ${gateway.unavailableWhy.get(u.name) ?? 'unknown error'}`);
    // Prompts and resources are named by the same rule (a listing decides which): what it refused, like tools.
    await Promise.all([gateway.surface.prompts.list(), gateway.surface.resources.list()]);
    const refused = [
      ...gateway.tools().refused.map((r) => ({ ...r, kind: '' })),
      ...gateway.surface.prompts.refused.map((r) => ({ ...r, kind: 'prompt ' })),
      ...gateway.surface.resources.refused.map((r) => ({ ...r, kind: 'resource ' })),
    ];
    for (const r of refused) console.log(`REFUSED ${r.kind}${r.tool} (would be ${visibleJson(r.exposedName)}): ${r.why}`);
    for (const e of gateway.tools().entries) for (const f of e.flags) console.log(`FLAGGED ${visibleJson(e.exposedName)} ${f}`);
    for (const c of gateway.guard.pendingChanges())
      console.log(
        `CHANGED ${c.tool}: definition ${c.hash.slice(0, 12)} not accepted (stricter classification holds); countersign-gateway accept ${c.tool} --config ${values.config}`,
      );
    await gateway.close();
    return down.length || refused.length ? 1 : 0;
  }

  let stopHttp: (() => Promise<void>) | null = null;
  if (values.http) {
    const insecureNoToken = !httpToken && values['insecure-no-token'];
    const host = await startHttpHost(gateway, { port, token: httpToken, insecureNoToken, sessionIdleMs: idle * 1000 });
    stopHttp = () => host.close();
    if (insecureNoToken) console.error('countersign gateway: WARNING serving HTTP without a token (--insecure-no-token): any local process can call every tool');
    console.log(`countersign gateway listening on ${host.url}`);
  } else {
    const transport = new StdioServerTransport();
    await gateway.createServer('stdio').connect(transport);
    // The client closing our stdin means it is gone: shut down and stop the upstreams.
    process.stdin.once('end', () => void shutdown());
    process.stdin.once('close', () => void shutdown());
  }

  let stopping = false;
  async function shutdown(): Promise<void> {
    if (stopping) return;
    stopping = true;
    // Answer every call in flight first (with an error), then close the transports that carry those answers.
    await gateway.drain();
    await new Promise((r) => setTimeout(r, 200));
    await stopHttp?.().catch(() => {});
    await gateway.close();
    process.exit(0);
  }
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
  return -1; // keep running
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (e) => {
    console.error(`countersign gateway failed: ${(e as Error).stack ?? e}`);
    process.exit(1);
  },
);
