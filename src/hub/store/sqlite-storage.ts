// The embedded backend: one hub process owns a SQLite file (the data-dir lock says so), every write one synchronous
// better-sqlite3 transaction behind the async seam (storage.ts). Nothing here waits between statements, so the
// group-committed submit and the batch decisions cost what they did before the seam.
import type Database from 'better-sqlite3';
import type { LogSigningKey } from '../../node-shared/log-signing.js';
import { InsightsCache } from '../../insights/cache.js';
import { exportCheckpoints } from '../log/checkpoint-file.js';
import { verifyRequestLog } from '../log/node-chain.js';
import { openLogSigning, writeCheckpoint } from '../log/signer.js';
import { lockDataDir } from './data-dir-lock.js';
import { openHubDb } from './db.js';
import { decideBatch } from './decide.js';
import { PolicyStore } from './policy-store.js';
import { RequestStore } from './requests.js';
import type { HubStorage, IdentityApi, LogApi, PolicyApi, RequestsApi } from './storage.js';
import { TokenStore } from './tokens.js';

export class SqliteStorage implements HubStorage {
  readonly kind = 'sqlite' as const;
  readonly requests: RequestsApi;
  readonly log: LogApi;
  readonly policy: PolicyApi;
  readonly identities: IdentityApi;
  private readonly insightsCache: InsightsCache;

  private constructor(
    readonly db: Database.Database,
    readonly logKey: LogSigningKey,
    private readonly releaseLock: () => void,
  ) {
    const tokens = new TokenStore(db);
    const policy = new PolicyStore(db);
    policy.versions.useKey(logKey);
    const store = new RequestStore(db, policy);
    const checkpoint = () => db.transaction(() => writeCheckpoint(db, logKey))();
    this.requests = {
      submit: (t, k, raw, body) => store.submitQueued(t, k, raw, body),
      get: async (id) => store.get(id),
      byIdempotencyKey: async (token, key) => store.byIdempotencyKey(token, key),
      changes: async (after, limit) => store.changes(after, limit),
      withdraw: async (id, actor) => store.withdraw(id, actor),
      outcome: async (id, actor, body) => store.outcome(id, actor, body),
      decide: async (decider, decisions, opts) => decideBatch(store, decider, decisions, opts),
      own: async (who, steps) => store.own(who, steps),
      sweepExpired: async () => store.sweepExpired(),
      cursor: async () => store.cursor(),
      onChange: (l) => store.onChange(l),
    };
    this.log = {
      requestLog: async (id) => verifyRequestLog(db, id),
      exportCheckpoints: async () => exportCheckpoints(db, logKey),
      checkpoint: async () => void checkpoint(),
    };
    this.policy = {
      list: async () => policy.list(),
      version: async () => policy.version(),
      change: async (classes, meta, base) => policy.change(classes, meta, base),
      propose: async (id, cls, meta, base) => policy.propose(id, cls, meta, base),
      versions: async () => policy.versions.list(),
      versionAt: async (v) => policy.versions.get(v),
      verify: async () => policy.versions.verify(),
    };
    this.identities = {
      authenticate: async (token) => tokens.authenticate(token),
      createToken: async (role, userId, o) => tokens.create(role, userId, o),
      createTokenForName: async (role, name, o) => tokens.createForName(role, name, o),
      ensureToken: async (role, name, token) => tokens.ensure(role, name, token),
      listTokens: async () => tokens.list(),
      revokeToken: async (id) => tokens.revoke(id),
      rotateToken: async (id) => tokens.rotate(id),
      findUser: async (idOrHandle) => tokens.users.find(idOrHandle),
      listUsers: async () => tokens.users.list(),
      createUser: async (u) => tokens.users.create(u),
      updateUser: async (id, patch) => tokens.users.update(id, patch),
      removeUser: async (id, nowMs) => tokens.users.remove(id, nowMs),
    };
    // The hub writes in many small transactions: re-fold recent days at most every 5 s, the whole history every 10 min.
    this.insightsCache = new InsightsCache(db, { recentMaxAgeMs: 5_000 });
  }

  /** Takes the data-dir lock, opens (and migrates) hub.db and the log key; on any failure leaves nothing held. */
  static open(opts: { dataDir: string; logKeyFile: string }): SqliteStorage {
    const lock = lockDataDir(opts.dataDir);
    let db: Database.Database | null = null;
    try {
      db = openHubDb(opts.dataDir);
      // The key first: policy versions made at start (the default policy, a policy file) are signed like later ones.
      const logKey = openLogSigning(db, opts.logKeyFile);
      return new SqliteStorage(db, logKey, () => lock.release());
    } catch (e) {
      db?.close();
      lock.release();
      throw e;
    }
  }

  async insights(query: Parameters<HubStorage['insights']>[0]) {
    return this.insightsCache.compute(query);
  }

  async ready(): Promise<void> {
    this.db.prepare('SELECT 1 FROM requests LIMIT 1').get();
  }

  async close(): Promise<void> {
    try {
      await this.log.checkpoint();
    } finally {
      this.db.close();
      this.releaseLock();
    }
  }
}
