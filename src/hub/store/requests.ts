// The request lifecycle: submit (classified by the shared rule), read with lazy expiry, the changes feed,
// withdraw, outcome, the expiry sweep. Every write is one SQLite transaction; listeners hear about it after commit.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { ApprovalRequest, Outcome } from '../../shared/domain.js';
import { classify } from '../../shared/policy.js';
import { resolveRights } from '../../shared/decision-rights.js';
import { handleKey } from '../../shared/handle-key.js';
import { canonicalJson } from '../../shared/log-chain.js';
import type { z } from 'zod';
import type { ChangesPage, OutcomeBody, SubmitBody as SubmitBodySchema } from '../../shared/protocol.js';
import { appendLog, sha256Hex } from '../log/node-chain.js';
import { withSignedBatch } from '../log/signer.js';
import { GENESIS_HASH } from '../../shared/log-chain.js';
import type { PolicyStore } from './policy-store.js';
import type { TokenIdentity } from './tokens.js';
import { applyChange, currentCursor, getRow, nextCursor, rowToRequest, type RequestBase, type RequestRow } from './request-rows.js';
import { stmt } from './statements.js';

/** A submit body after zod (defaults applied). */
export type ParsedSubmit = z.output<typeof SubmitBodySchema>;

/** The request was submitted by this identity: by id, and by handle only for rows from before identities. */
function isRequester(row: Pick<RequestRow, 'requested_by' | 'requested_by_id'>, who: TokenIdentity): boolean {
  return row.requested_by_id !== null ? row.requested_by_id === who.userId : row.requested_by === who.name;
}

export class StoreError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly request?: ApprovalRequest,
  ) {
    super(message);
  }
}

export type SubmitResult = { request: ApprovalRequest; created: boolean };
export type ChangeEvent = { requestId: string; cursor: number; status: string };

export type ChangeListener = (e: { requestId: string; cursor: number; status: string }) => void;

export class RequestStore {
  private listeners = new Set<ChangeListener>();
  readonly now: () => number;

  constructor(
    readonly db: Database.Database,
    private policy: PolicyStore,
    opts: { now?: () => number } = {},
  ) {
    this.now = opts.now ?? Date.now;
  }

  onChange(l: ChangeListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  emit(events: Array<{ requestId: string; cursor: number; status: string }>): void {
    for (const e of events) for (const l of this.listeners) l(e);
  }

  cursor(): number {
    return currentCursor(this.db);
  }

  /** Submit with an idempotency key: the same key and body from the same token returns the first request. One transaction. */
  submit(token: TokenIdentity, idemKey: string, rawBody: unknown, body: ParsedSubmit): SubmitResult {
    const events: ChangeEvent[] = [];
    const result = this.db.transaction(() => withSignedBatch(this.db, () => this.submitInTx(token, idemKey, rawBody, body, events))).immediate();
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
            for (const it of batch) {
              try {
                outcomes.push({ ok: true, value: this.submitInTx(it.token, it.idemKey, it.rawBody, it.body, events) });
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

  private submitInTx(token: TokenIdentity, idemKey: string, rawBody: unknown, body: ParsedSubmit, events: ChangeEvent[]): SubmitResult {
    const bodyHash = sha256Hex(canonicalJson(rawBody));
    const existing = stmt(this.db, 'SELECT * FROM requests WHERE token_id = ? AND idem_key = ?').get(token.id, idemKey) as RequestRow | undefined;
    if (existing) {
      if (existing.body_hash !== bodyHash) {
        throw new StoreError(409, 'idempotency_conflict', 'this Idempotency-Key was already used with a different body', rowToRequest(existing));
      }
      return { request: rowToRequest(existing), created: false };
    }
    const id = randomUUID();
    const nowMs = this.now();
    const at = new Date(nowMs).toISOString();
    const cls = this.policy.find(body.actionClass);
    const c = classify(cls, body.action, { escalate: body.escalate, requestId: id });
    const policyVersion = this.policy.version() || null;
    const waits = c.control === 'approval' || c.control === 'escalation';
    const expiresIn = body.expiresIn ?? cls?.defaultExpiresIn ?? 86_400;
    const expiresAtMs = waits ? nowMs + expiresIn * 1000 : null;
    const agent = body.agent ?? { id: token.name, name: token.name, runUrl: null };
    const base: RequestBase = {
      id,
      source: 'hub',
      externalId: body.externalId ?? null,
      actionClass: body.actionClass,
      action: body.action,
      summary: body.summary,
      evidence: body.evidence,
      agent,
      requestedBy: token.name,
      requestedById: token.userId,
      onBehalfOf: body.onBehalfOf ?? null,
      // Resolved now, so a later rename of that person cannot let them approve what was asked on their behalf.
      onBehalfOfId: body.onBehalfOf ? this.userIdOfHandle(body.onBehalfOf) : null,
      actionHash: sha256Hex(canonicalJson(body.action)),
      pendingAction: null,
      rights: resolveRights(cls, body.action),
      votes: [],
      policyVersion,
      createdAt: at,
      expiresAt: expiresAtMs === null ? null : new Date(expiresAtMs).toISOString(),
      control: c.control,
      reasons: c.reasons,
      risk: c.risk,
    };
    const status = waits ? 'pending' : 'released';
    // One entry for the submit and its classification (the policy's verdict is part of what was submitted),
    // and one more when the lane releases it at once.
    let head = appendLog(
      this.db,
      { hash: GENESIS_HASH, count: 0 },
      {
        requestId: id,
        event: 'submitted',
        actor: token.name,
        at,
        data: {
          actionClass: body.actionClass,
          action: body.action,
          summary: body.summary,
          agent,
          externalId: base.externalId,
          idempotencyKey: idemKey,
          escalate: body.escalate,
          classification: { control: c.control, factors: c.factors, reasons: c.reasons, risk: c.risk, sampled: c.sampled, knownClass: !!cls, policyVersion },
        },
      },
    );
    if (!waits) head = appendLog(this.db, head, { requestId: id, event: 'released', actor: 'policy', at, data: { lane: c.control, sampled: c.sampled } });
    const cursor = nextCursor(this.db);
    stmt(
      this.db,
      `INSERT INTO requests (id, token_id, idem_key, body_hash, requested_by, action_class, control, sampled, status, agent_id,
          created_at_ms, expires_at_ms, decided_at_ms, decided_by, version, cursor, last_change, base_json, decision_json, outcome_json, log_head, log_count, requested_by_id, action_hash, policy_version, approvals_required)
         VALUES (?,?,?,?,?,?,?,?,?,?,?,?,NULL,NULL,1,?,?,?,NULL,NULL,?,?,?,?,?,?)`,
    ).run(
      id,
      token.id,
      idemKey,
      bodyHash,
      token.name,
      body.actionClass,
      c.control,
      c.sampled ? 1 : 0,
      status,
      agent.id,
      nowMs,
      expiresAtMs,
      cursor,
      waits ? 'created' : 'released',
      JSON.stringify(base),
      head.hash,
      head.count,
      token.userId,
      base.actionHash,
      base.policyVersion,
      base.rights.approvals,
    );
    events.push({ requestId: id, cursor, status });
    return { request: { ...base, status, version: 1, decision: null, outcome: null }, created: true };
  }

  /** The user a handle names (compared as handleKey() compares people), or null when nobody has it. */
  private userIdOfHandle(handle: string): string | null {
    return (stmt(this.db, 'SELECT id FROM users WHERE handle_key = ?').pluck().get(handleKey(handle)) as string | undefined) ?? null;
  }

  /** The request this token submitted under `idemKey`, or null: lets an agent that lost a submit's answer find it without submitting again. */
  byIdempotencyKey(token: TokenIdentity, idemKey: string): ApprovalRequest | null {
    const id = stmt(this.db, 'SELECT id FROM requests WHERE token_id = ? AND idem_key = ?').pluck().get(token.id, idemKey) as string | undefined;
    return id === undefined ? null : this.get(id);
  }

  /** The current snapshot; a pending request past its expiry is expired first. */
  get(id: string): ApprovalRequest | null {
    const row = getRow(this.db, id);
    if (!row) return null;
    if (row.status === 'pending' && row.expires_at_ms !== null && row.expires_at_ms <= this.now()) {
      this.sweepExpired();
      return rowToRequest(getRow(this.db, id)!);
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
    return this.mutate(id, actor, (row) => {
      if (row.status === 'withdrawn') return null;
      if (row.status !== 'pending') throw new StoreError(409, 'not_pending', `request is ${row.status}; only a pending request can be withdrawn`, rowToRequest(row));
      return { kind: 'withdrawn', status: 'withdrawn', log: { event: 'withdrawn', actor: actor.name, at: new Date(this.now()).toISOString(), data: {} } };
    });
  }

  outcome(id: string, actor: TokenIdentity, body: Required<OutcomeBody>): ApprovalRequest {
    return this.mutate(id, actor, (row) => {
      if (row.status !== 'approved' && row.status !== 'released') {
        throw new StoreError(409, 'not_released', `request is ${row.status}; an outcome can only follow approval or release`, rowToRequest(row));
      }
      // A retried report (the SDK retries on network errors) changes nothing.
      const prev = row.outcome_json ? (JSON.parse(row.outcome_json) as Outcome) : null;
      if (prev && prev.status === body.status && prev.detail === body.detail) return null;
      const at = new Date(this.now()).toISOString();
      const outcome: Outcome = { status: body.status, detail: body.detail, reportedAt: at };
      return { kind: 'outcome', outcome, log: { event: 'outcome', actor: actor.name, at, data: outcome } };
    });
  }

  /** Expires every pending request past its time; returns how many. */
  sweepExpired(): number {
    const nowMs = this.now();
    // Most calls find nothing: check without taking the write lock.
    if (!stmt(this.db, "SELECT 1 FROM requests WHERE status = 'pending' AND expires_at_ms <= ? LIMIT 1").get(nowMs)) return 0;
    const events: Array<{ requestId: string; cursor: number; status: string }> = [];
    this.db
      .transaction(() =>
        withSignedBatch(this.db, () => {
          const rows = stmt(this.db, "SELECT * FROM requests WHERE status = 'pending' AND expires_at_ms <= ? LIMIT 1000").all(nowMs) as RequestRow[];
          for (const row of rows) events.push(this.expireRow(row, nowMs));
        }),
      )
      .immediate();
    this.emit(events);
    return events.length;
  }

  /** Marks one pending row expired (inside the caller's transaction). */
  expireRow(row: RequestRow, nowMs: number): { requestId: string; cursor: number; status: string } {
    const at = new Date(nowMs).toISOString();
    const cursor = applyChange(this.db, row, {
      kind: 'expired',
      status: 'expired',
      log: { event: 'expired', actor: 'hub', at, data: { expiresAt: row.expires_at_ms === null ? null : new Date(row.expires_at_ms).toISOString() } },
    });
    return { requestId: row.id, cursor, status: 'expired' };
  }

  /** Agents act only on their own requests; admins on any. */
  private mutate(id: string, actor: TokenIdentity, fn: (row: RequestRow) => Parameters<typeof applyChange>[2] | null): ApprovalRequest {
    let event: { requestId: string; cursor: number; status: string } | null = null;
    const out = this.db
      .transaction(() =>
        withSignedBatch(this.db, () => {
          const row = getRow(this.db, id);
          if (!row) throw new StoreError(404, 'not_found', `no request ${id}`);
          if (actor.role !== 'admin' && !isRequester(row, actor)) throw new StoreError(404, 'not_found', `no request ${id}`);
          const nowMs = this.now();
          if (row.status === 'pending' && row.expires_at_ms !== null && row.expires_at_ms <= nowMs) {
            event = this.expireRow(row, nowMs);
          }
          const change = fn(row);
          if (change) {
            const cursor = applyChange(this.db, row, change);
            event = { requestId: row.id, cursor, status: row.status };
          }
          return rowToRequest(row);
        }),
      )
      .immediate();
    if (event) this.emit([event]);
    return out;
  }
}
