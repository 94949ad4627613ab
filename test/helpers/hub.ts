// Starts the REAL hub as a child process (`node --import tsx src/hub/cli.ts`) on a free loopback port with a temp
// data dir, and hands back tokens for every role. Shared by every part's integration tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createToken, hubSend, type MalformedItem } from '../../src/hub-client/index.js';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(REPO_ROOT, 'src', 'hub', 'cli.ts');

export type HubRole = 'agent' | 'approver' | 'admin';

export interface HubProcess {
  url: string;
  port: number;
  dataDir: string;
  adminToken: string;
  /** Token name `agent-1`. */
  agentToken: string;
  /** Token name `approver-1`. */
  approverToken: string;
  /** Token name `approver-2`. */
  approver2Token: string;
  /** Creates another token through the admin API. */
  token(role: HubRole, name: string): Promise<string>;
  /** Sends a signal (default SIGKILL) and waits until the process is gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the hub again on the same port and data dir (after kill, or stops it first). */
  restart(): Promise<void>;
  /** Stops the hub (SIGTERM, then SIGKILL) and removes the data dir if this helper made it. */
  stop(): Promise<void>;
  /** The child's stdout+stderr so far (for failure messages). */
  output(): string;
}

export interface SpawnHubOptions {
  dataDir?: string;
  policyFile?: string;
  port?: number;
  env?: Record<string, string>;
  /** Extra CLI arguments, e.g. ['--max-args-bytes', '1000', '--sweep-ms', '100']. */
  args?: string[];
  /**
   * A postgres:// URL the hub keeps everything in (replicas: the same URL and the same --log-key file). Without it,
   * COUNTERSIGN_TEST_PG_SERVER (set by usePostgresForHubs) gives each hub a new database on that server; else SQLite.
   */
  db?: string;
}

export async function spawnHub(opts: SpawnHubOptions = {}): Promise<HubProcess> {
  const ownDir = !opts.dataDir;
  const db = opts.db ?? (process.env.COUNTERSIGN_TEST_PG_SERVER ? await newDatabase(process.env.COUNTERSIGN_TEST_PG_SERVER) : undefined);
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'countersign-hub-'));
  const adminToken = `cs_admin_${randomBytes(24).toString('base64url')}`;
  let port = opts.port ?? 0;
  let child: ChildProcess | null = null;
  let log = '';

  const start = async (): Promise<void> => {
    const args = [
      '--import',
      'tsx',
      CLI,
      '--port',
      String(port),
      '--data',
      dataDir,
      ...(opts.policyFile ? ['--policy', opts.policyFile] : []),
      ...(db ? ['--db', db] : []),
      ...(opts.args ?? []),
    ];
    const proc = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      env: { ...process.env, ...opts.env, COUNTERSIGN_HUB_BOOTSTRAP_ADMIN_TOKEN: adminToken },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`hub did not start within 30 s:\n${log}`)), 30_000);
      const onData = (b: Buffer) => {
        log += b.toString();
        const m = /countersign hub listening on (http:\/\/\S+)/.exec(log.slice(-2000));
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      };
      proc.stdout.on('data', onData);
      proc.stderr.on('data', (b: Buffer) => (log += b.toString()));
      proc.once('exit', (code, sig) => {
        clearTimeout(timer);
        reject(new Error(`hub exited (${code ?? sig}) before listening:\n${log}`));
      });
    });
    port = Number(new URL(url).port);
    hub.url = url;
    hub.port = port;
  };

  const waitExit = (proc: ChildProcess, signal: NodeJS.Signals): Promise<void> =>
    new Promise((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      proc.once('exit', () => resolve());
      proc.kill(signal);
    });

  const hub: HubProcess = {
    url: '',
    port: 0,
    dataDir,
    adminToken,
    agentToken: '',
    approverToken: '',
    approver2Token: '',
    async token(role, name) {
      return createToken({ url: hub.url, token: adminToken }, role, name);
    },
    async kill(signal = 'SIGKILL') {
      if (child) await waitExit(child, signal);
    },
    async restart() {
      if (child && child.exitCode === null && child.signalCode === null) await waitExit(child, 'SIGTERM');
      await start();
    },
    async stop() {
      if (child) {
        const proc = child;
        const hard = setTimeout(() => proc.kill('SIGKILL'), 5000);
        await waitExit(proc, 'SIGTERM');
        clearTimeout(hard);
      }
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
    output: () => log,
  };

  try {
    await start();
    hub.agentToken = await hub.token('agent', 'agent-1');
    hub.approverToken = await hub.token('approver', 'approver-1');
    hub.approver2Token = await hub.token('approver', 'approver-2');
  } catch (e) {
    await hub.stop();
    throw e;
  }
  return hub;
}

async function newDatabase(serverUrl: string): Promise<string> {
  const { createDatabaseOn } = await import('./postgres.js');
  return createDatabaseOn(serverUrl);
}

export interface JsonResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** A small JSON helper, any answer as it came: `request(hub.url, '/v1/requests', { method: 'POST', token, body, headers })`. */
export async function request<T = any>(
  url: string,
  path: string,
  opts: { method?: string; token?: string; body?: unknown; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<JsonResponse<T>> {
  const res = await hubSend(
    { url, token: opts.token },
    {
      method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
      path,
      // A string is sent as it is, so tests can send broken JSON.
      ...(typeof opts.body === 'string' ? { text: opts.body } : { json: opts.body }),
      headers: opts.headers,
      signal: opts.signal,
    },
  );
  return { status: res.status, headers: res.headers, body: res.body as T };
}

/** A list answer with nothing left out: in a test, an item that does not match the protocol is a hub bug. */
export function wellFormed<T extends { malformed: MalformedItem[] }>(answer: T, what: string): T {
  if (answer.malformed.length)
    throw new Error(
      `${what}: the hub sent ${answer.malformed.length} malformed item(s): ${JSON.stringify(answer.malformed.map(({ index, kind, issues }) => ({ index, kind, issues }))).slice(0, 500)}`,
    );
  return answer;
}
