// Starts the real LangGraph.js API server (fixtures/server.ts) as a child process on a free loopback port.
// State lives in a temp dir, so stop() + start() is the same deployment coming back (the offline test needs that).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@langchain/langgraph-sdk';

const here = dirname(fileURLToPath(import.meta.url));
const entry = join(here, '..', 'fixtures', 'server.ts');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface LangGraphServer {
  url: string;
  port: number;
  stateDir: string;
  /** An SDK client for setting up threads (the test's "agent side"). */
  client: Client;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** stop() and remove the state dir. */
  dispose(): Promise<void>;
  running(): boolean;
}

/**
 * `stateDir`: serve the deployment kept there (made on first use) and leave it on dispose, so a benchmark can reuse it.
 * `persistOnExit`: the server writes its state only when stopped (benchmarks; see fixtures/server.ts), so stop waits
 * for that write as long as it takes.
 */
export async function startLangGraphServer(opts: { apiKey?: string; workers?: number; stateDir?: string; persistOnExit?: boolean } = {}): Promise<LangGraphServer> {
  const port = await freePort();
  const stateDir = opts.stateDir ?? mkdtempSync(join(tmpdir(), 'countersign-lg-'));
  if (opts.stateDir) mkdirSync(stateDir, { recursive: true });
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let log = '';

  const start = async () => {
    if (child) return;
    log = '';
    const proc = spawn(process.execPath, ['--import', 'tsx', entry], {
      env: {
        ...process.env,
        LG_PORT: String(port),
        LG_STATE_DIR: stateDir,
        LG_WORKERS: String(opts.workers ?? 2),
        LG_API_KEY: opts.apiKey ?? '',
        LG_PERSIST: opts.persistOnExit ? 'exit' : '',
        LANGGRAPH_CLI_NO_ANALYTICS: '1',
        LANGSMITH_TRACING: 'false',
        LANGCHAIN_TRACING_V2: 'false',
        LOG_LEVEL: 'warn',
        NODE_ENV: 'test',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`LangGraph server did not start in 60 s:\n${log.slice(-3000)}`)), 60_000);
      proc.stdout.setEncoding('utf8');
      proc.stderr.setEncoding('utf8');
      proc.stderr.on('data', (d: string) => (log += d));
      proc.stdout.on('data', (d: string) => {
        log += d;
        if (log.includes('"ready"')) {
          clearTimeout(timer);
          resolve();
        }
      });
      proc.once('exit', (code) => {
        clearTimeout(timer);
        if (child === proc) child = null;
        reject(new Error(`LangGraph server exited (${code}) before it was ready:\n${log.slice(-3000)}`));
      });
    });
  };

  const stop = async () => {
    const proc = child;
    if (!proc) return;
    child = null;
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => proc.kill('SIGKILL'), opts.persistOnExit ? 600_000 : 10_000);
      proc.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      proc.kill('SIGTERM');
    });
  };

  await start();
  return {
    url,
    port,
    stateDir,
    client: new Client({ apiUrl: url, apiKey: opts.apiKey ?? null, callerOptions: { maxRetries: 0 } }),
    start,
    stop,
    dispose: async () => {
      await stop();
      if (!opts.stateDir) rmSync(stateDir, { recursive: true, force: true });
    },
    running: () => child !== null,
  };
}

/** The "agent": start a run of `graph` on a new thread and wait until it parks on its interrupt(s). */
export async function interruptedThread(client: Client, graph: string, input: Record<string, unknown>): Promise<string> {
  const thread = await client.threads.create({ graphId: graph });
  await client.runs.wait(thread.thread_id, graph, { input });
  const t = await client.threads.get(thread.thread_id);
  if (t.status !== 'interrupted') throw new Error(`thread ${thread.thread_id} of ${graph} is ${t.status}, expected interrupted`);
  return thread.thread_id;
}

/** Wait until the thread has no run in flight, then return its state values. */
export async function settledValues(client: Client, threadId: string, timeoutMs = 20_000): Promise<{ status: string; values: any }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const t = await client.threads.get(threadId);
    if (t.status !== 'busy') {
      const runs = await client.runs.list(threadId);
      if (!runs.some((r) => r.status === 'pending' || r.status === 'running')) return { status: t.status, values: t.values };
    }
    if (Date.now() > deadline) throw new Error(`thread ${threadId} still busy after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
