// The PostgreSQL backend: any number of hub replicas on one database. Correctness comes from the database, never
// from this process: the head row lock orders every feed write (write.ts), unique keys make submits idempotent and
// decision ids single-use, and rows are locked before a decision reads them, so the first decision wins everywhere.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { LogSigningKey } from '../../node-shared/log-signing.js';
import { rowToRequest, type RequestRow } from '../store/request-rows.js';
import { decideInTx } from '../store/decide.js';
import { ownInTx } from '../store/ownership.js';
import {
  expireRow,
  lapsed,
  mutateInTx,
  outcomeReport,
  StoreError,
  submitInTx,
  withdrawal,
  type ChangeEvent,
  type ChangeListener,
  type Mutation,
  type ParsedSubmit,
  type SubmitResult,
} from '../store/request-rules.js';
import type { HubStorage, LogApi, RequestsApi } from '../store/storage.js';
import type { TokenIdentity } from '../store/tokens.js';
import { PgIdentities } from './identities.js';
import { ChangesListener } from './listener.js';
import { listPgCheckpoints, openPgLogSigning, pgRequestLog, writePgCheckpoint } from './log.js';
import { migratePg } from './migrations.js';
import { PgPolicy } from './policy.js';
import { PgTickets } from './tickets.js';
import { openPool } from './pool.js';
import { withWrite } from './write.js';

/** Submits waiting for the flush in flight join the next one, up to this many per transaction. */
const MAX_SUBMIT_BATCH = 500;
const SWEEP_BATCH = 1000;

type Queued = { token: TokenIdentity; idemKey: string; rawBody: unknown; body: ParsedSubmit; resolve: (r: SubmitResult) => void; reject: (e: unknown) => void };

export class PgStorage implements HubStorage {
  readonly kind = 'postgres' as const;
  readonly requests: RequestsApi;
  readonly log: LogApi;
  readonly policy: PgPolicy;
  readonly identities: PgIdentities;
  readonly streamTickets: PgTickets;
  private listeners = new Set<ChangeListener>();
  private queue: Queued[] = [];
  private flushing = false;
  private readonly origin = randomUUID();
  private listener: ChangesListener;

  private constructor(
    private readonly pool: pg.Pool,
    url: string,
    readonly logKey: LogSigningKey,
    private readonly say: (m: string) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.policy = new PgPolicy(pool, logKey, now);
    this.identities = new PgIdentities(pool, now);
    this.streamTickets = new PgTickets(pool, now);
    this.listener = new ChangesListener(url, this.origin, (events) => this.emit(events), say);
    this.requests = {
      submit: (token, idemKey, rawBody, body) => this.submit({ token, idemKey, rawBody, body }),
      get: (id) => this.get(id),
      byIdempotencyKey: async (token, key) => {
        const r = (await pool.query('SELECT id FROM requests WHERE token_id = $1 AND idem_key = $2', [token.id, key])).rows[0] as { id: string } | undefined;
        return r ? this.get(r.id) : null;
      },
      changes: (after, limit) => this.changes(after, limit),
      withdraw: (id, actor) => this.mutate(id, actor, withdrawal(actor)),
      outcome: (id, actor, body) => this.mutate(id, actor, outcomeReport(actor, body)),
      decide: (decider, decisions, opts) =>
        this.write(async (c, tx, events) => {
          await tx.load(c, { ids: [...new Set(decisions.map((d) => d.requestId))], decisionIds: decisions.map((d) => d.id) });
          return decideInTx(tx, this.now(), decider, decisions, opts, events);
        }),
      own: (who, steps) =>
        this.write(async (c, tx, events) => {
          await tx.load(c, { ids: [...new Set(steps.map((s) => s.requestId))], decisionIds: steps.map((s) => s.id) });
          return ownInTx(tx, this.now(), who, steps, events);
        }),
      sweepExpired: () => this.sweepExpired(),
      cursor: async () => ((await pool.query('SELECT cursor FROM hub_head')).rows[0] as { cursor: number }).cursor,
      onChange: (l) => {
        this.listeners.add(l);
        return () => this.listeners.delete(l);
      },
    };
    this.log = {
      requestLog: (id) => pgRequestLog(pool, id),
      exportCheckpoints: async () => {
        await writePgCheckpoint(pool, logKey);
        return { format: 'countersign.log-checkpoints.v1', algorithm: 'Ed25519', keyId: logKey.keyId, publicKey: logKey.pem, checkpoints: await listPgCheckpoints(pool) };
      },
      checkpoint: async () => void (await writePgCheckpoint(pool, logKey)),
    };
  }

  /** Connects, brings the schema up to date (once across replicas), loads the key and starts listening for other replicas' changes. */
  static async open(opts: { url: string; logKeyFile: string; log?: (m: string) => void }): Promise<PgStorage> {
    const say = opts.log ?? ((m: string) => process.stderr.write(`countersign hub: ${m}\n`));
    const pool = openPool(opts.url, (e) => say(`database connection error: ${e.message}`));
    try {
      await migratePg(pool);
      const key = await openPgLogSigning(pool, opts.logKeyFile);
      const s = new PgStorage(pool, opts.url, key, say);
      await s.listener.start();
      return s;
    } catch (e) {
      await pool.end().catch(() => undefined);
      throw e;
    }
  }

  private emit(events: ChangeEvent[]): void {
    for (const e of events) for (const l of this.listeners) l(e);
  }

  private async write<T>(fn: Parameters<typeof withWrite<T>>[3]): Promise<T> {
    const { value, events } = await withWrite(this.pool, this.logKey, this.origin, fn);
    this.emit(events);
    return value;
  }

  /** Group commit: submits that arrive while a transaction is in flight share the next one (see RequestStore.submitQueued). */
  private submit(s: Omit<Queued, 'resolve' | 'reject'>): Promise<SubmitResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...s, resolve, reject });
      // Submits arriving in the same event-loop turn start one transaction together; later ones join the next.
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.splice(0, MAX_SUBMIT_BATCH);
      const outcomes: Array<{ ok: true; value: SubmitResult } | { ok: false; error: unknown }> = [];
      try {
        await this.write(async (c, tx, events) => {
          const lookup = await this.policy.lookup(c, tx.policyVersion);
          await tx.load(c, {
            idem: batch.map((b) => [b.token.id, b.idemKey] as [number, string]),
            handles: batch.flatMap((b) => (b.body.onBehalfOf ? [b.body.onBehalfOf] : [])),
          });
          const nowMs = this.now();
          for (const it of batch) {
            try {
              outcomes.push({ ok: true, value: submitInTx(tx, lookup, nowMs, it, events) });
            } catch (error) {
              if (!(error instanceof StoreError)) throw error;
              outcomes.push({ ok: false, error });
            }
          }
        });
      } catch (error) {
        for (const it of batch) it.reject(error);
        continue;
      }
      batch.forEach((it, i) => {
        const o = outcomes[i]!;
        if (o.ok) it.resolve(o.value);
        else it.reject(o.error);
      });
    }
    this.flushing = false;
  }

  private async get(id: string) {
    const row = (await this.pool.query('SELECT * FROM requests WHERE id = $1', [id])).rows[0] as RequestRow | undefined;
    if (!row) return null;
    if (!lapsed(row, this.now())) return rowToRequest(row);
    await this.sweepExpired();
    return rowToRequest((await this.pool.query('SELECT * FROM requests WHERE id = $1', [id])).rows[0] as RequestRow);
  }

  private async changes(after: number, limit: number) {
    await this.sweepExpired();
    const rows = (await this.pool.query('SELECT * FROM requests WHERE cursor > $1 ORDER BY cursor LIMIT $2', [after, limit + 1])).rows as RequestRow[];
    const hasMore = rows.length > limit;
    const page = hasMore ? rows.slice(0, limit) : rows;
    return {
      changes: page.map((r) => ({ cursor: r.cursor, kind: r.last_change, request: rowToRequest(r) })),
      next: page.length ? page[page.length - 1]!.cursor : after,
      hasMore,
    };
  }

  private mutate(id: string, actor: TokenIdentity, fn: Mutation) {
    return this.write(async (c, tx, events) => {
      await tx.load(c, { ids: [id] });
      return mutateInTx(tx, id, actor, this.now(), fn, events);
    });
  }

  /** Safe on every replica at once: the rows are chosen under the head lock and re-checked there. */
  private async sweepExpired(): Promise<number> {
    const nowMs = this.now();
    const due = await this.pool.query("SELECT 1 FROM requests WHERE status = 'pending' AND expires_at_ms <= $1 LIMIT 1", [nowMs]);
    if (!due.rows.length) return 0;
    return this.write(async (c, tx, events) => {
      const rows = (await c.query("SELECT * FROM requests WHERE status = 'pending' AND expires_at_ms <= $1 ORDER BY expires_at_ms LIMIT $2 FOR UPDATE", [nowMs, SWEEP_BATCH]))
        .rows as RequestRow[];
      tx.adopt(rows);
      for (const row of rows) events.push(expireRow(tx, row, nowMs));
      return rows.length;
    });
  }

  async insights(): Promise<never> {
    throw new StoreError(501, 'not_supported', 'insights are not served by a hub on PostgreSQL yet: read them from a console, or run the figures on a SQLite hub');
  }

  async ready(): Promise<void> {
    await this.pool.query('SELECT 1 FROM hub_head');
  }

  async close(): Promise<void> {
    await this.listener.close();
    try {
      await this.log.checkpoint();
    } catch (e) {
      this.say(`last checkpoint failed: ${(e as Error).message}`);
    } finally {
      await this.pool.end();
    }
  }
}
