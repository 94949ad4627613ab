// The SQLite request store: the rules of request-rules.ts, each write one synchronous better-sqlite3 transaction
// (the log signed as one batch inside it); listeners hear about a change after its commit.
import type Database from 'better-sqlite3';
import type { ApprovalRequest } from '../../shared/domain.js';
import type { ChangesPage, OutcomeBody, OwnershipResult } from '../../shared/protocol.js';
import { ownInTx, type ParsedOwnershipStep } from './ownership.js';
import { withSignedBatch } from '../log/signer.js';
import type { PolicyStore } from './policy-store.js';
import type { TokenIdentity } from './tokens.js';
import { rowToRequest, type RequestRow } from './request-rows.js';
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
} from './request-rules.js';
import { sqliteRowTx } from './sqlite-row-tx.js';
import { stmt } from './statements.js';

export class RequestStore {
  private listeners = new Set<ChangeListener>();
  readonly now: () => number;
  readonly tx: ReturnType<typeof sqliteRowTx>;

  constructor(
    readonly db: Database.Database,
    private policy: PolicyStore,
    opts: { now?: () => number } = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.tx = sqliteRowTx(db);
  }

  onChange(l: ChangeListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  emit(events: ChangeEvent[]): void {
    for (const e of events) for (const l of this.listeners) l(e);
  }

  cursor(): number {
    return this.tx.cursor();
  }

  /** Submit with an idempotency key: the same key and body from the same token returns the first request. One transaction. */
  submit(token: TokenIdentity, idemKey: string, rawBody: unknown, body: ParsedSubmit): SubmitResult {
    const events: ChangeEvent[] = [];
    const result = this.db.transaction(() => withSignedBatch(this.db, () => submitInTx(this.tx, this.policy, this.now(), { token, idemKey, rawBody, body }, events))).immediate();
    this.emit(events);
    return result;
  }

  /**
   * The same, with group commit: submits that arrive in the same event-loop turn share one transaction. Each promise
   * resolves only after the commit, so an acknowledged submit is on disk, and concurrent agents pay for one commit
   * instead of one each. A submit refused by a StoreError (idempotency conflict) throws before it writes anything,
   * so it fails alone without a savepoint (savepoints copy every touched page to a sub-journal); any other error
   * fails the whole batch, which the agents retry under the same keys.
   */
  submitQueued(token: TokenIdentity, idemKey: string, rawBody: unknown, body: ParsedSubmit): Promise<SubmitResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ token, idemKey, rawBody, body, resolve, reject });
      if (this.queue.length === 1) setImmediate(() => this.flush());
    });
  }

  private queue: Array<{ token: TokenIdentity; idemKey: string; rawBody: unknown; body: ParsedSubmit; resolve: (r: SubmitResult) => void; reject: (e: unknown) => void }> = [];

  private flush(): void {
    const batch = this.queue.splice(0);
    const events: ChangeEvent[] = [];
    const outcomes: Array<{ ok: true; value: SubmitResult } | { ok: false; error: unknown }> = [];
    try {
      this.db
        .transaction(() =>
          withSignedBatch(this.db, () => {
            const nowMs = this.now();
            for (const it of batch) {
              try {
                outcomes.push({ ok: true, value: submitInTx(this.tx, this.policy, nowMs, it, events) });
              } catch (error) {
                if (!(error instanceof StoreError)) throw error;
                outcomes.push({ ok: false, error });
              }
            }
          }),
        )
        .immediate();
    } catch (error) {
      for (const it of batch) it.reject(error);
      return;
    }
    batch.forEach((it, i) => {
      const o = outcomes[i]!;
      if (o.ok) it.resolve(o.value);
      else it.reject(o.error);
    });
    this.emit(events);
  }

  /** The request this token submitted under `idemKey`, or null: lets an agent that lost a submit's answer find it without submitting again. */
  byIdempotencyKey(token: TokenIdentity, idemKey: string): ApprovalRequest | null {
    const row = this.tx.findIdem(token.id, idemKey);
    return row ? this.get(row.id) : null;
  }

  /** The current snapshot; a pending request past its expiry is expired first. */
  get(id: string): ApprovalRequest | null {
    const row = this.tx.getRow(id);
    if (!row) return null;
    if (lapsed(row, this.now())) {
      this.sweepExpired();
      return rowToRequest(this.tx.getRow(id)!);
    }
    return rowToRequest(row);
  }

  /** Every request whose latest change is after the cursor, oldest first. A request appears once, at its latest change. */
  changes(after: number, limit: number): ChangesPage {
    this.sweepExpired();
    const rows = stmt(this.db, 'SELECT * FROM requests WHERE cursor > ? ORDER BY cursor LIMIT ?').all(after, limit + 1) as RequestRow[];
    const hasMore = rows.length > limit;
    const page = hasMore ? rows.slice(0, limit) : rows;
    return {
      changes: page.map((r) => ({ cursor: r.cursor, kind: r.last_change, request: rowToRequest(r) })),
      next: page.length ? page[page.length - 1]!.cursor : after,
      hasMore,
    };
  }

  withdraw(id: string, actor: TokenIdentity): ApprovalRequest {
    return this.mutate(id, actor, withdrawal(actor));
  }

  outcome(id: string, actor: TokenIdentity, body: Required<OutcomeBody>): ApprovalRequest {
    return this.mutate(id, actor, outcomeReport(actor, body));
  }

  /** Escalation ownership steps in one transaction (ownership.ts). */
  own(who: TokenIdentity, steps: ParsedOwnershipStep[]): OwnershipResult[] {
    const events: ChangeEvent[] = [];
    const out = this.db.transaction(() => withSignedBatch(this.db, () => ownInTx(this.tx, this.now(), who, steps, events))).immediate();
    this.emit(events);
    return out;
  }

  /** Expires every pending request past its time; returns how many. */
  sweepExpired(): number {
    const nowMs = this.now();
    // Most calls find nothing: check without taking the write lock.
    if (!stmt(this.db, "SELECT 1 FROM requests WHERE status = 'pending' AND expires_at_ms <= ? LIMIT 1").get(nowMs)) return 0;
    const events: ChangeEvent[] = [];
    this.db
      .transaction(() =>
        withSignedBatch(this.db, () => {
          const rows = stmt(this.db, "SELECT * FROM requests WHERE status = 'pending' AND expires_at_ms <= ? LIMIT 1000").all(nowMs) as RequestRow[];
          for (const row of rows) events.push(expireRow(this.tx, row, nowMs));
        }),
      )
      .immediate();
    this.emit(events);
    return events.length;
  }

  private mutate(id: string, actor: TokenIdentity, fn: Mutation): ApprovalRequest {
    const events: ChangeEvent[] = [];
    const out = this.db.transaction(() => withSignedBatch(this.db, () => mutateInTx(this.tx, id, actor, this.now(), fn, events))).immediate();
    this.emit(events);
    return out;
  }
}
