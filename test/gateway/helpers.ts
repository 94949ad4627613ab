// Test helpers for the gateway: start the REAL gateway process (stdio or Streamable HTTP) in front of real upstreams,
// connect a real MCP SDK client, and act as an approver on the real hub over HTTP.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { ApprovalRequest } from '../../src/shared/domain.js';
import type { GatewayConfigInput } from '../../src/gateway/config.js';
import { getChanges, postDecisions } from '../../src/hub-client/index.js';
import { wellFormed } from '../helpers/hub.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const FS_SERVER = join(ROOT, 'node_modules/@modelcontextprotocol/server-filesystem/dist/index.js');
export const CRASHY = join(ROOT, 'test/gateway/fixtures/crashy-server.ts');
export const HOSTILE = join(ROOT, 'test/gateway/fixtures/hostile-server.ts');
export const EVERYTHING = join(ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');
const CLI = join(ROOT, 'src/gateway/cli.ts');

/** Runs the gateway CLI from source (e.g. `accept`) to its end, without blocking the event loop; never throws on a non-zero exit. */
export async function runGatewayCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const x = e as { code?: unknown; stdout?: string; stderr?: string };
    return { code: typeof x.code === 'number' ? x.code : -1, stdout: x.stdout ?? '', stderr: x.stderr ?? String(e) };
  }
}

export type Mode = 'stdio' | 'http';

export interface RunningGateway {
  client: Client;
  /** The gateway's JSON-lines log file. */
  logFile: string;
  /** HTTP mode: the MCP endpoint and its bearer token. */
  url?: string;
  token?: string;
  /** Sends a signal to the gateway process. */
  kill(signal: NodeJS.Signals): void;
  close(): Promise<void>;
}

export function fsUpstream(dir: string, name = 'fs') {
  return { name, command: process.execPath, args: [FS_SERVER, dir] };
}
export function crashyUpstream(name = 'crashy') {
  return { name, command: process.execPath, args: ['--import', 'tsx', CRASHY], cwd: ROOT };
}

/** The hostile fixture in one of its modes (mute, hang-list, ...); `tag` marks its command line so a test can find the process. */
export function hostileUpstream(name: string, mode: string, tag?: string) {
  return { name, command: process.execPath, args: ['--import', 'tsx', HOSTILE, '--mode', mode, ...(tag ? ['--tag', tag] : [])], cwd: ROOT };
}

/*
 * Child processes are run asynchronously here, never with spawnSync: a synchronous spawn freezes the test's event
 * loop, so its HTTP client never sees the gateway close an idle keep-alive socket (Node's 5 s keepAliveTimeout) and the
 * next call goes out on the dead socket: "fetch failed: other side closed" (the rug-pull test over HTTP, under load).
 */
const execFileAsync = promisify(execFile);

/** The pids of running processes whose command line contains `marker` (any parent: the gateway's children are the test's grandchildren). */
export async function pidsWith(marker: string): Promise<number[]> {
  const { stdout } = await execFileAsync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return stdout
    .split('\n')
    .filter((l) => l.includes(marker) && !l.includes('ps -eo'))
    .map((l) => Number(l.trim().split(/\s+/)[0]));
}

/** The hostile fixture listing the tools in `file` (rewrite the file to change them: the fixture announces list_changed). */
export function fileToolsUpstream(name: string, file: string) {
  return { name, command: process.execPath, args: ['--import', 'tsx', HOSTILE, '--mode', 'file', '--tools', file], cwd: ROOT };
}

/** The hostile fixture listing the resource URIs in `resourcesFile` (a JSON array); a read answers "resource <uri> of <its base name>". */
export function resourcesUpstream(name: string, resourcesFile: string) {
  return { name, command: process.execPath, args: ['--import', 'tsx', HOSTILE, '--mode', 'file', '--resources', resourcesFile], cwd: ROOT };
}

/** The hostile fixture listing the prompts in `promptsFile` (and the tools in `toolsFile`); a get answers "prompt <name> of <promptsFile's base name>". */
export function promptsUpstream(name: string, promptsFile: string, toolsFile?: string) {
  return {
    name,
    command: process.execPath,
    args: ['--import', 'tsx', HOSTILE, '--mode', 'file', '--prompts', promptsFile, ...(toolsFile ? ['--tools', toolsFile] : [])],
    cwd: ROOT,
  };
}

/** The calls the file-tools fixture really ran (empty when none). */
export function callsRan(file: string): Array<{ name: string; args: Record<string, unknown> }> {
  try {
    return readFileSync(`${file}.calls`, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  } catch {
    return [];
  }
}

function waitForLine(child: ChildProcess, pattern: RegExp, ms = 30_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} within ${ms} ms; got: ${buf}`)), ms);
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = pattern.exec(buf);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`process exited (${code}) before printing ${pattern}; got: ${buf}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Starts the crashy fixture as a Streamable HTTP server (an upstream given by URL). */
export async function startCrashyHttp(port = 0): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CRASHY, '--http', '--port', String(port)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const m = await waitForLine(child, /listening on (http:\/\/\S+)/);
  return { url: m[1]!, stop: () => stopChild(child) };
}

export async function startGateway(mode: Mode, config: Omit<GatewayConfigInput, 'logFile'>, opts: { agentToken: string; client?: Client }): Promise<RunningGateway> {
  const dir = mkdtempSync(join(tmpdir(), 'cs-gw-'));
  const logFile = join(dir, 'gateway.log');
  const cfgPath = join(dir, 'gateway.json');
  writeFileSync(cfgPath, JSON.stringify({ ...config, logFile }, null, 2));
  const env = { ...getDefaultEnvironment(), COUNTERSIGN_AGENT_TOKEN: opts.agentToken };
  // A caller's own client (declared capabilities, handlers for sampling or roots) or a bare one.
  const client = opts.client ?? new Client({ name: 'gateway-test', version: '1.0.0' });

  if (mode === 'stdio') {
    const transport = new StdioClientTransport({ command: process.execPath, args: ['--import', 'tsx', CLI, '--config', cfgPath], env, cwd: ROOT, stderr: 'inherit' });
    await client.connect(transport);
    return { client, logFile, kill: (sig) => void process.kill(transport.pid!, sig), close: () => client.close() };
  }
  const token = randomUUID();
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--config', cfgPath, '--http', '--port', '0', '--token', token], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const m = await waitForLine(child, /listening on (http:\/\/\S+)/);
    const url = m[1]!;
    await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
    return {
      client,
      logFile,
      url,
      token,
      kill: (sig) => void child.kill(sig),
      async close() {
        await client.close().catch(() => {});
        await stopChild(child);
      },
    };
  } catch (e) {
    await stopChild(child);
    throw e;
  }
}

/** Every request on the hub (latest snapshot each), read through the console's changes feed. */
export async function hubRequests(hubUrl: string, approverToken: string): Promise<ApprovalRequest[]> {
  const byId = new Map<string, ApprovalRequest>();
  let after = 0;
  for (;;) {
    const page = wellFormed(await getChanges({ url: hubUrl, token: approverToken }, { after, limit: 5000 }), 'changes');
    for (const c of page.changes) byId.set(c.request.id, c.request);
    after = page.next;
    if (!page.hasMore) break;
  }
  return [...byId.values()];
}

/** Polls the hub until a request matching `pred` exists; returns it. */
export async function waitForHubRequest(hubUrl: string, approverToken: string, pred: (r: ApprovalRequest) => boolean, ms = 20_000): Promise<ApprovalRequest> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const found = (await hubRequests(hubUrl, approverToken)).find(pred);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no matching hub request appeared');
}

/** Decides one request through the hub's decision API, as a console would. */
export async function decide(
  hubUrl: string,
  approverToken: string,
  requestId: string,
  verdict: 'approve' | 'approve_with_edits' | 'reject' | 'escalate',
  extra: { editedAction?: { name: string; args: Record<string, unknown> }; feedback?: string } = {},
): Promise<{ status: string }> {
  const decisions = [{ id: randomUUID(), requestId, verdict, editedAction: extra.editedAction ?? null, feedback: extra.feedback ?? '', decidedAt: new Date().toISOString() }];
  const { results } = wellFormed(await postDecisions({ url: hubUrl, token: approverToken }, decisions), 'decide');
  return results[0]!;
}

export function textOf(result: unknown): string {
  return (((result as { content?: unknown }).content as Array<{ type: string; text?: string }>) ?? [])
    .filter((c) => c.type === 'text')
    .map((c) => c.text)
    .join('\n');
}

/** The gateway's JSON-lines log, polled until an entry matches (the log is written asynchronously). */
export async function waitForLogEntry(file: string, pred: (e: Record<string, unknown>) => boolean, ms = 5_000): Promise<Record<string, unknown>> {
  const until = Date.now() + ms;
  for (;;) {
    let entries: Array<Record<string, unknown>> = [];
    try {
      entries = readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l));
    } catch {
      // not written yet
    }
    const hit = entries.find(pred);
    if (hit) return hit;
    if (Date.now() > until) throw new Error(`no log entry matched in ${file}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Fails when the gateway logged a stray rejection: the process survived it, but something went unhandled. */
export function expectNoUnhandledRejection(file: string): void {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return;
  }
  const stray = text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((e) => e.event === 'unhandled_rejection');
  if (stray.length) throw new Error(`the gateway had unhandled rejections: ${JSON.stringify(stray)}`);
}

/**
 * Polls `get` until it gives a value (anything but undefined or false). A throw, such as a request that timed out on a
 * loaded machine, counts as "not yet"; the last one is named if time runs out.
 */
export async function eventually<T>(get: () => Promise<T | undefined | false>, ms = 60_000, everyMs = 250): Promise<T> {
  const until = Date.now() + ms;
  let last: unknown = null;
  for (;;) {
    try {
      const v = await get();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) throw new Error(`condition not met in ${ms} ms${last ? `; last error: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
