// `npm run hub -- [--port N] [--data DIR] [--policy FILE] [--host H] [--max-args-bytes N] [--rate-limit N] [--rate-limit-window S] [--log]`
// `npm run hub -- token create|list|revoke|rotate ...`, `user create|list|rename|remove ...` (see USAGE)
// `npm run hub -- verify-log [--data DIR] [--log-key FILE] [--public-key FILE] [--checkpoints FILE]`   (exit 0 when every chain
// and signature verifies, 1 otherwise); `export-checkpoints [--data DIR] [--log-key FILE] [--out FILE]`
// `backup --out FILE` (online, while the hub runs) and `restore --from FILE` (hub stopped): docs/deploy.md
import { parseArgs } from 'node:util';
import { GroupName } from '../shared/domain.js';
import { Handle, Role } from '../shared/protocol.js';
import { startHub } from './index.js';
import { DataDirLockedError } from './store/data-dir-lock.js';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { parsePublicKeyPem, readSigningKeyFile, type LogPublicKey } from '../node-shared/log-signing.js';
import { exportCheckpoints, readCheckpointFile } from './log/checkpoint-file.js';
import { verifyAllLogs } from './log/node-chain.js';
import { LOG_KEY_FILE, openLogSigning } from './log/signer.js';
import { verifyLogSignatures } from './log/verify-signed.js';
import { PolicyVersions } from './store/policy-versions.js';
import { backupHub, restoreHub } from './store/backup.js';
import { openHubDb } from './store/db.js';
import { TokenStore } from './store/tokens.js';
import { IdentityError } from './store/users.js';
import { isPostgresUrl } from './pg/pool.js';

const USAGE = `usage:
  countersign-hub [--port 8787] [--data ./hub-data | --db postgres://...] [--policy policy.json] [--host 127.0.0.1] [--max-args-bytes 1048576] [--rate-limit 120000] [--rate-limit-window 60] [--demo-rights] [--log]
  countersign-hub token create --role agent|approver|admin (--name HANDLE | --user ID_OR_HANDLE) [--expires-in SECONDS] [--groups a,b] [--data ./hub-data]
  countersign-hub token list | token revoke --id N | token rotate --id N   [--data ./hub-data]
  countersign-hub user create --handle HANDLE [--display-name NAME] [--groups a,b] [--agent] | user list   [--data ./hub-data]
  countersign-hub user rename --id USER_ID_OR_HANDLE --handle NEW | user remove --id USER_ID_OR_HANDLE   [--data ./hub-data]
  countersign-hub verify-log [--data ./hub-data] [--log-key FILE] [--public-key FILE] [--checkpoints FILE]
  countersign-hub export-checkpoints [--data ./hub-data] [--log-key FILE] [--out FILE]
  countersign-hub backup --out FILE [--data ./hub-data]      (online: safe while the hub runs)
  countersign-hub restore --from FILE [--data ./hub-data]    (the hub must be stopped; the old database is kept aside)
--db: keep everything in PostgreSQL (several hub replicas may share it; each needs the same --log-key file). Also COUNTERSIGN_HUB_DB.
    The token, user, verify-log, export-checkpoints, backup and restore commands work on a SQLite data dir; on PostgreSQL use the
    admin API (bootstrap token) and pg_dump / pg_restore (docs/deploy.md).
--log-key: the log's Ed25519 signing key file (default <data>/log-signing-key.pem, made on first start).
--public-key, --checkpoints: verify against a public key (PEM) and an exported checkpoint file kept elsewhere.
--demo-rights: a fresh hub starts with the demo's decision rights and its people (src/hub/demo/policy.ts).
--rate-limit: requests per token per window (--rate-limit-window seconds) before 429 + Retry-After (0 = off).
env: COUNTERSIGN_HUB_BOOTSTRAP_ADMIN_TOKEN registers that token (at least 16 characters) as an admin at start.`;

function fail(msg: string): never {
  process.stderr.write(`${msg}\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        db: { type: 'string' },
        policy: { type: 'string' },
        'max-args-bytes': { type: 'string' },
        'sweep-ms': { type: 'string' },
        'rate-limit': { type: 'string' },
        'rate-limit-window': { type: 'string' },
        log: { type: 'boolean' },
        'demo-rights': { type: 'boolean' },
        role: { type: 'string' },
        name: { type: 'string' },
        user: { type: 'string' },
        handle: { type: 'string' },
        'display-name': { type: 'string' },
        groups: { type: 'string' },
        agent: { type: 'boolean' },
        'expires-in': { type: 'string' },
        id: { type: 'string' },
        'log-key': { type: 'string' },
        'public-key': { type: 'string' },
        checkpoints: { type: 'string' },
        out: { type: 'string' },
        from: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    fail((e as Error).message);
  }
  const { values: v, positionals } = parsed;
  if (v.help) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  const dataDir = v.data ?? './hub-data';
  const cmd = positionals.join(' ');

  if (cmd.startsWith('token ') || cmd.startsWith('user ')) {
    const db = openHubDb(dataDir);
    try {
      identityCommand(cmd, v, new TokenStore(db));
    } catch (e) {
      if (e instanceof IdentityError) fail(`${e.code}: ${e.message}`);
      throw e;
    } finally {
      db.close();
    }
    return;
  }

  const logKeyFile = v['log-key'] ?? join(dataDir, LOG_KEY_FILE);
  if (cmd === 'verify-log') {
    process.exitCode = verifyLogCommand(dataDir, logKeyFile, v['public-key'], v.checkpoints) ? 0 : 1;
    return;
  }

  if (cmd === 'export-checkpoints') {
    const db = openHubDb(dataDir);
    try {
      const text = JSON.stringify(exportCheckpoints(db, openLogSigning(db, logKeyFile)), null, 2) + '\n';
      if (v.out) writeFileSync(v.out, text);
      else process.stdout.write(text);
    } finally {
      db.close();
    }
    return;
  }

  if (cmd === 'backup' || cmd === 'restore') {
    await backupCommand(cmd, dataDir, v.out, v.from);
    return;
  }

  if (cmd !== '') fail(`unknown command: ${cmd}`);
  const num = (s: string | undefined, name: string): number | undefined => {
    if (s === undefined) return undefined;
    const n = Number(s);
    if (!Number.isInteger(n) || n < 0) fail(`${name} must be a non-negative integer`);
    return n;
  };
  const dbUrl = v.db ?? (process.env.COUNTERSIGN_HUB_DB || undefined);
  if (dbUrl !== undefined && !isPostgresUrl(dbUrl)) fail('--db (or COUNTERSIGN_HUB_DB) must be a postgres:// or postgresql:// URL; without it the hub uses SQLite in --data');
  const hub = await startHub({
    port: num(v.port, '--port') ?? 8787,
    host: v.host,
    dataDir,
    db: dbUrl,
    logKeyFile: v['log-key'],
    policyFile: v.policy,
    maxArgsBytes: num(v['max-args-bytes'], '--max-args-bytes'),
    sweepMs: num(v['sweep-ms'], '--sweep-ms'),
    rateLimit: num(v['rate-limit'], '--rate-limit'),
    rateLimitWindowSeconds: num(v['rate-limit-window'], '--rate-limit-window') || undefined,
    log: v.log ?? false,
    bootstrapAdminToken: process.env.COUNTERSIGN_HUB_BOOTSTRAP_ADMIN_TOKEN || undefined,
    demoRights: v['demo-rights'] ?? false,
  });
  process.stdout.write(`countersign hub listening on ${hub.url}\n`);
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await hub.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/**
 * The chains, then the signatures: against the key given with --public-key (the anchored one), else the hub's own
 * key file; and against an exported checkpoint file when one is given. No key at all fails: nothing can be checked.
 */
function verifyLogCommand(dataDir: string, logKeyFile: string, publicKeyFile?: string, checkpointsFile?: string): boolean {
  const say = (line: string) => void process.stdout.write(line + '\n');
  let key: LogPublicKey | null;
  let anchored;
  try {
    key = publicKeyFile ? parsePublicKeyPem(readFileSync(publicKeyFile, 'utf8')) : readSigningKeyFile(logKeyFile);
    anchored = checkpointsFile ? readCheckpointFile(checkpointsFile) : null;
  } catch (e) {
    say(`FAILED: ${(e as Error).message}`);
    return false;
  }
  const db = openHubDb(dataDir);
  try {
    const chains = verifyAllLogs(db);
    for (const p of chains.problems) say(`TAMPERED request ${p.requestId}${p.brokenAt ? ` at entry ${p.brokenAt}` : ''}: ${p.reason}`);
    if (!key) {
      say(`FAILED: no log signing key at ${logKeyFile} and no --public-key: the signatures cannot be checked`);
      return false;
    }
    if (anchored && anchored.keyId !== key.keyId) {
      say(`FAILED: the checkpoint file was signed by key ${anchored.keyId}, not by key ${key.keyId}`);
      return false;
    }
    const sigs = verifyLogSignatures(db, key, anchored?.checkpoints ?? []);
    for (const p of sigs.problems)
      say(p.requestId ? `TAMPERED request ${p.requestId} at entry ${p.brokenAt}: ${p.reason}` : `TAMPERED log at position ${p.checkpoint}: ${p.reason}`);
    // Policy versions: their own chain, each signed by the same key.
    const policy = new PolicyVersions(db).verify(key);
    if (!policy.ok) say(`TAMPERED policy version ${policy.brokenAt}: ${policy.reason}`);
    const ok = chains.ok && sigs.ok && policy.ok;
    say(
      `${ok ? 'OK' : 'FAILED'}: ${chains.requests} requests, ${chains.entries} log entries, key ${key.keyId}, ${sigs.checkpoints} checkpoints` +
        `${anchored ? `, ${sigs.anchored} anchored` : ''}, ${sigs.unCheckpointed} entries after the last checkpoint, ${chains.problems.length + sigs.problems.length} problems`,
    );
    return ok;
  } finally {
    db.close();
  }
}

async function backupCommand(cmd: 'backup' | 'restore', dataDir: string, out?: string, from?: string): Promise<void> {
  try {
    if (cmd === 'backup') {
      if (!out) fail('backup needs --out FILE');
      const b = await backupHub(dataDir, out);
      process.stdout.write(`backed up ${b.requests} requests and ${b.logEntries} log entries to ${b.file}; back up the log signing key (${LOG_KEY_FILE}) on its own\n`);
    } else {
      if (!from) fail('restore needs --from FILE');
      const r = restoreHub(dataDir, from);
      process.stdout.write(
        `restored ${r.requests} requests and ${r.logEntries} log entries into ${r.file}${r.previous ? `; the previous database is kept at ${r.previous}` : ''}\n`,
      );
    }
  } catch (e) {
    if (e instanceof DataDirLockedError) fail(`${cmd} refused: ${e.message}`);
    process.stderr.write(`${cmd} failed: ${(e as Error).message}\n`);
    process.exit(1);
  }
}

type Values = Record<string, string | boolean | undefined>;

/** token create|list|revoke|rotate, user create|list|rename|remove: prints one JSON object or list per command (a new secret once). */
function identityCommand(cmd: string, v: Values, tokens: TokenStore): void {
  const out = (x: unknown): void => void process.stdout.write(`${typeof x === 'string' ? x : JSON.stringify(x, null, 2)}\n`);
  const str = (k: string): string | undefined => (typeof v[k] === 'string' ? v[k] : undefined);
  const groups = str('groups')
    ?.split(',')
    .map((g) => g.trim())
    .filter(Boolean);
  const posInt = (k: string): number | undefined => {
    const raw = str(k);
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0) fail(`--${k} must be a positive integer`);
    return n;
  };
  const userId = (): string => {
    const u = tokens.users.find(str('id') ?? fail('--id is required (a user id or exact handle)'));
    return u ? u.id : fail(`no user ${str('id')}`);
  };
  switch (cmd) {
    case 'token create': {
      const role = Role.safeParse(v.role);
      if (!role.success) fail('--role must be agent, approver or admin');
      const name = str('name');
      const user = str('user');
      if (!name === !user) fail('give exactly one of --name or --user');
      const expiresInS = posInt('expires-in');
      return out((user ? tokens.create(role.data, user, { expiresInS }) : tokens.createForName(role.data, name!, { expiresInS, groups })).token);
    }
    case 'token list':
      return out(tokens.list());
    case 'token revoke':
      return out(tokens.revoke(posInt('id') ?? fail('--id is required')));
    case 'token rotate':
      return out(tokens.rotate(posInt('id') ?? fail('--id is required')).token);
    case 'user create': {
      const handle = Handle.safeParse(str('handle'));
      if (!handle.success) fail('--handle must be 1..64 characters without spaces');
      const bad = (groups ?? []).find((g) => !GroupName.safeParse(g).success);
      if (bad) fail(`group "${bad}": letters, digits, _ . : - only`);
      return out(tokens.users.create({ handle: handle.data, displayName: str('display-name'), groups, kind: v.agent ? 'agent' : 'user' }));
    }
    case 'user list':
      return out(tokens.users.list());
    case 'user rename': {
      const handle = Handle.safeParse(str('handle'));
      if (!handle.success) fail('--handle must be 1..64 characters without spaces');
      return out(tokens.users.update(userId(), { handle: handle.data }));
    }
    case 'user remove':
      return out(tokens.users.remove(userId(), Date.now()));
    default:
      fail(`unknown command: ${cmd}`);
  }
}

main().catch((e: unknown) => {
  // A refusal we expect (a second hub on one data dir) is one line a person reads, not a stack.
  const text = e instanceof DataDirLockedError ? e.message : ((e as Error).stack ?? String(e));
  process.stderr.write(`countersign hub: ${text}\n`);
  process.exit(1);
});
