// A throwaway PostgreSQL server for tests and benchmarks: Debian's server binaries (scripts/ensure-postgres.sh
// installs them), a fresh cluster in a temp dir, a random loopback port, the unix socket in that dir too. The server
// refuses to run as root, so as root it runs as `nobody` (the dir is theirs). stop() ends it and removes the dir.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface PgServer {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  port: number;
  /** A new empty database on this server; its URL. */
  createDatabase(): Promise<string>;
  /** Stops the server (`immediate`: as a crash would, WAL replay at the next start) and starts it again on the same port. */
  restart(mode?: 'fast' | 'immediate', downMs?: number): Promise<void>;
  stop(): Promise<void>;
  log(): string;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (!versions.length)
    throw new Error(
      'PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: run `bash scripts/ensure-postgres.sh` (as root) or install Debian\'s "postgresql" package',
    );
  return join(root, versions[0]!, 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** `durable: false` turns fsync off (tests: a killed server keeps its data in the OS cache; only the benchmark needs disk durability). */
export async function startPostgres(opts: { durable?: boolean } = {}): Promise<PgServer> {
  const bin = binDir();
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'countersign-pg-'));
  const data = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  if (asRoot) chownSync(dir, 65534, 65534);
  const run = (cmd: string, args: string[]) => {
    const argv = asRoot ? ['-u', 'nobody', '--', join(bin, cmd), ...args] : args;
    const r = spawnSync(asRoot ? 'runuser' : join(bin, cmd), argv, { encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`${cmd} failed (${r.status ?? r.signal}): ${r.stderr || r.stdout}`);
  };
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  const port = await freePort();
  const settings = ['-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', ...(opts.durable ? [] : ['-c', 'fsync=off'])];
  const start = () => run('pg_ctl', ['-D', data, '-l', logFile, '-o', settings.join(' '), '-w', '-t', '60', 'start']);
  start();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let stopped = false;
  return {
    url,
    port,
    createDatabase: () => createDatabaseOn(url),
    async restart(mode = 'fast', downMs = 0) {
      run('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
      if (downMs) await new Promise((r) => setTimeout(r, downMs));
      start();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    log: () => {
      try {
        return execFileSync('tail', ['-50', logFile], { encoding: 'utf8' });
      } catch {
        return '';
      }
    },
  };
}

/** A new empty database on the server at `serverUrl` (its maintenance database's URL); the new one's URL. */
export async function createDatabaseOn(serverUrl: string): Promise<string> {
  const name = `hub_${randomBytes(6).toString('hex')}`;
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    await c.query(`CREATE DATABASE ${name}`);
  } finally {
    await c.end();
  }
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * For a test file that runs a SQLite hub suite on PostgreSQL: one server for the file, and every spawnHub() without
 * its own `db` gets a new database on it. Call at the top level, before importing the suite.
 */
export async function usePostgresForHubs(hooks: { afterAll: (fn: () => Promise<void>) => void }): Promise<PgServer> {
  const server = await startPostgres();
  process.env.COUNTERSIGN_TEST_PG_SERVER = server.url;
  hooks.afterAll(async () => {
    delete process.env.COUNTERSIGN_TEST_PG_SERVER;
    await server.stop();
  });
  return server;
}
