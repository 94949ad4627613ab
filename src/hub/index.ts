// The hub's programmatic API: the console embeds it in-process; the CLI and tests start it as a process.
import type Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { ActionClass } from '../shared/domain.js';
import { issuesSummary, zodIssues } from '../shared/zod-issues.js';
import type { Role } from '../shared/protocol.js';
import { DEFAULT_POLICY, DEMO_RIGHTS_POLICY, DEMO_TEAM } from './demo/policy.js';
import { Live } from './http/live.js';
import { buildApp } from './http/server.js';
import { privateDir } from '../node-shared/private-files.js';
import { HUB_CHANGE } from './store/policy-store.js';
import { SqliteStorage } from './store/sqlite-storage.js';
import type { HubStorage } from './store/storage.js';
import { LOG_KEY_FILE } from './log/signer.js';
import type { LogSigningKey } from '../node-shared/log-signing.js';
import { PgStorage } from './pg/storage.js';
import { isPostgresUrl } from './pg/pool.js';

export interface StartHubOptions {
  port?: number;
  /** Default 127.0.0.1: the hub is loopback-only unless told otherwise. */
  host?: string;
  /** The SQLite hub's data dir; on PostgreSQL it holds only the log signing key (unless logKeyFile names another place). */
  dataDir: string;
  /** A postgres:// URL: the hub keeps everything in that database, which several replicas may share (docs/deploy.md). */
  db?: string;
  /** A JSON policy file ({"classes": [...]} or [...]): replaces the stored policy at start. */
  policyFile?: string;
  /** Limit on the bytes of an action's args (default 1 MiB): over it, 413. */
  maxArgsBytes?: number;
  log?: boolean;
  /** How often pending requests past their expiry are expired and announced (default 1000 ms). */
  sweepMs?: number;
  /** Requests per token (or per address without one) per window before 429 + Retry-After; 0 turns limiting off. Default 120,000. */
  rateLimit?: number;
  /** The rate limit's window in seconds (default 60). */
  rateLimitWindowSeconds?: number;
  /** Registers this token as an admin named `bootstrap-admin` (first start of a fresh hub, tests). */
  bootstrapAdminToken?: string;
  /** The demo's decision rights: a fresh hub seeds DEMO_RIGHTS_POLICY (not DEFAULT_POLICY) and the DEMO_TEAM people. */
  demoRights?: boolean;
  /** The log's Ed25519 signing key file (default `<dataDir>/log-signing-key.pem`), made 0600 on first start. */
  logKeyFile?: string;
  /** How often a signed checkpoint covers the entries since the last one (default 60 s; also every 100 entries and at close). */
  checkpointMs?: number;
}

export interface RunningHub {
  url: string;
  port: number;
  /** The SQLite file's handle (the console's embedded hub, tests); null on PostgreSQL. */
  db: Database.Database | null;
  backend: HubStorage['kind'];
  /** The token for that handle (its person, or a new one with these groups). */
  createToken(role: Role, name: string, opts?: { groups?: string[]; displayName?: string }): Promise<string>;
  /** The id of the key that signs the log (docs/security.md, item 9). */
  logKeyId: string;
  close(): Promise<void>;
}

const DEFAULT_MAX_ARGS_BYTES = 1024 * 1024;

function readPolicyFile(file: string): ActionClass[] {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  const list = Array.isArray(raw) ? raw : (raw as { classes?: unknown }).classes;
  const parsed = z.array(ActionClass).safeParse(list);
  if (!parsed.success) {
    throw new Error(`policy file ${file} is invalid: ${issuesSummary(zodIssues(parsed.error, { prefix: 'classes' }))}`);
  }
  return parsed.data;
}

export async function startHub(opts: StartHubOptions): Promise<RunningHub> {
  privateDir(opts.dataDir);
  const logKeyFile = opts.logKeyFile ?? join(opts.dataDir, LOG_KEY_FILE);
  const storage: HubStorage & { logKey: LogSigningKey } = isPostgresUrl(opts.db)
    ? await PgStorage.open({ url: opts.db, logKeyFile })
    : SqliteStorage.open({ dataDir: opts.dataDir, logKeyFile });
  try {
    const { policy, identities } = storage;
    // A policy file is a change by the operator: a new version only when its content differs from the current one.
    if (opts.policyFile)
      await policy.change(readPolicyFile(opts.policyFile), {
        author: 'policy-file',
        authorId: null,
        rationale: `loaded from ${basename(opts.policyFile)} at start`,
        evidence: null,
      });
    else if ((await policy.list()).length === 0)
      await policy.change(
        (opts.demoRights ? DEMO_RIGHTS_POLICY : DEFAULT_POLICY).map((c) => ActionClass.parse(c)),
        HUB_CHANGE,
      );
    if (opts.demoRights) for (const p of DEMO_TEAM) if (!(await identities.findUser(p.handle))) await identities.createUser(p);
    if (opts.bootstrapAdminToken) await identities.ensureToken('admin', 'bootstrap-admin', opts.bootstrapAdminToken);
    await storage.requests.sweepExpired();
    const live = new Live(await storage.requests.cursor(), (l) => storage.requests.onChange(l));
    const maxArgsBytes = opts.maxArgsBytes ?? DEFAULT_MAX_ARGS_BYTES;
    const app = buildApp(
      { storage, live, maxArgsBytes, logKey: storage.logKey },
      { log: opts.log, rateLimit: { max: opts.rateLimit, windowSeconds: opts.rateLimitWindowSeconds } },
    );
    const every = (ms: number, what: string, fn: () => Promise<unknown>) => {
      const t = setInterval(() => fn().catch((e: unknown) => opts.log && console.error(`${what} failed`, e)), ms);
      t.unref();
      return t;
    };
    const sweep = every(opts.sweepMs ?? 1000, 'expiry sweep', () => storage.requests.sweepExpired());
    const checkpoints = every(opts.checkpointMs ?? 60_000, 'log checkpoint', () => storage.log.checkpoint());
    const host = opts.host ?? '127.0.0.1';
    await app.listen({ port: opts.port ?? 0, host });
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : (opts.port ?? 0);
    const urlHost = host.includes(':') ? `[${host}]` : host;
    let closed = false;
    return {
      url: `http://${urlHost}:${port}`,
      port,
      db: storage instanceof SqliteStorage ? storage.db : null,
      backend: storage.kind,
      createToken: async (role, name, o) => (await identities.createTokenForName(role, name, o)).token,
      logKeyId: storage.logKey.keyId,
      async close() {
        if (closed) return;
        closed = true;
        clearInterval(sweep);
        clearInterval(checkpoints);
        live.close();
        await app.close();
        await storage.close();
      },
    };
  } catch (e) {
    await storage.close().catch(() => undefined);
    throw e;
  }
}
