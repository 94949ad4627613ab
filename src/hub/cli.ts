// `npm run hub -- [--port N] [--data DIR] [--policy FILE] [--host H] [--max-args-bytes N] [--rate-limit N] [--rate-limit-window S] [--log]`
// `npm run hub -- token create|list|revoke|rotate ...`, `user create|list|rename|remove ...` (see USAGE)
// `npm run hub -- verify-log [--data DIR]`   (exit 0 when every chain verifies, 1 otherwise)
import { parseArgs } from 'node:util';
import { GroupName } from '../shared/domain.js';
import { Handle, Role } from '../shared/protocol.js';
import { startHub } from './index.js';
import { DataDirLockedError } from './store/data-dir-lock.js';
import { verifyAllLogs } from './log/node-chain.js';
import { openHubDb } from './store/db.js';
import { TokenStore } from './store/tokens.js';
import { IdentityError } from './store/users.js';

const USAGE = `usage:
  countersign-hub [--port 8787] [--data ./hub-data] [--policy policy.json] [--host 127.0.0.1] [--max-args-bytes 1048576] [--rate-limit 120000] [--rate-limit-window 60] [--demo-rights] [--log]
  countersign-hub token create --role agent|approver|admin (--name HANDLE | --user ID_OR_HANDLE) [--expires-in SECONDS] [--groups a,b] [--data ./hub-data]
  countersign-hub token list | token revoke --id N | token rotate --id N   [--data ./hub-data]
  countersign-hub user create --handle HANDLE [--display-name NAME] [--groups a,b] [--agent] | user list   [--data ./hub-data]
  countersign-hub user rename --id USER_ID_OR_HANDLE --handle NEW | user remove --id USER_ID_OR_HANDLE   [--data ./hub-data]
  countersign-hub verify-log [--data ./hub-data]
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

  if (cmd === 'verify-log') {
    const db = openHubDb(dataDir);
    try {
      const r = verifyAllLogs(db);
      for (const p of r.problems) process.stdout.write(`TAMPERED request ${p.requestId}${p.brokenAt ? ` at entry ${p.brokenAt}` : ''}: ${p.reason}\n`);
      process.stdout.write(`${r.ok ? 'OK' : 'FAILED'}: ${r.requests} requests, ${r.entries} log entries, ${r.problems.length} problems\n`);
      process.exitCode = r.ok ? 0 : 1;
    } finally {
      db.close();
    }
    return;
  }

  if (cmd !== '') fail(`unknown command: ${cmd}`);
  const num = (s: string | undefined, name: string): number | undefined => {
    if (s === undefined) return undefined;
    const n = Number(s);
    if (!Number.isInteger(n) || n < 0) fail(`${name} must be a non-negative integer`);
    return n;
  };
  const hub = await startHub({
    port: num(v.port, '--port') ?? 8787,
    host: v.host,
    dataDir,
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
