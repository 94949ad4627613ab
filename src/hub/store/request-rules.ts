// The request lifecycle's rules, over any backend's open transaction (RowTx): submit (classified by the shared rule,
// idempotent per token and key), withdraw, outcome, expiry. Each backend wraps them in its own transaction.
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { ActionClass, ApprovalRequest, Outcome } from '../../shared/domain.js';
import { classify } from '../../shared/policy.js';
import { resolveRights } from '../../shared/decision-rights.js';
import { canonicalJson, GENESIS_HASH } from '../../shared/log-chain.js';
import type { OutcomeBody, SubmitBody as SubmitBodySchema } from '../../shared/protocol.js';
import { sha256Hex } from '../../node-shared/sha256.js';
import type { TokenIdentity } from './tokens.js';
import { applyChange, rowToRequest, type RequestBase, type RequestRow, type RowChange, type RowTx } from './request-rows.js';

/** A submit body after zod (defaults applied). */
export type ParsedSubmit = z.output<typeof SubmitBodySchema>;
export type SubmitResult = { request: ApprovalRequest; created: boolean };
export type ChangeEvent = { requestId: string; cursor: number; status: string };
export type ChangeListener = (e: ChangeEvent) => void;
/** A change event's request id that wakes every waiter: a change the storage cannot name one by one (a notice too big to list, a reconnected listener). */
export const EVERY_REQUEST = '*';

/** The policy as submit reads it: the class a name falls under, and the version it is classified under. */
export interface ClassLookup {
  find(name: string): ActionClass | undefined;
  version(): number;
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

/** The request was submitted by this identity: by id, and by handle only for rows from before identities. */
function isRequester(row: Pick<RequestRow, 'requested_by' | 'requested_by_id'>, who: TokenIdentity): boolean {
  return row.requested_by_id !== null ? row.requested_by_id === who.userId : row.requested_by === who.name;
}

export function submitInTx(
  tx: RowTx,
  policy: ClassLookup,
  nowMs: number,
  s: { token: TokenIdentity; idemKey: string; rawBody: unknown; body: ParsedSubmit },
  events: ChangeEvent[],
): SubmitResult {
  const { token, idemKey, body } = s;
  const bodyHash = sha256Hex(canonicalJson(s.rawBody));
  const existing = tx.findIdem(token.id, idemKey);
  if (existing) {
    if (existing.body_hash !== bodyHash) {
      throw new StoreError(409, 'idempotency_conflict', 'this Idempotency-Key was already used with a different body', rowToRequest(existing));
    }
    return { request: rowToRequest(existing), created: false };
  }
  const id = randomUUID();
  const at = new Date(nowMs).toISOString();
  const cls = policy.find(body.actionClass);
  const c = classify(cls, body.action, { escalate: body.escalate, requestId: id });
  const policyVersion = policy.version() || null;
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
    onBehalfOfId: body.onBehalfOf ? tx.userIdOfHandle(body.onBehalfOf) : null,
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
  let head = tx.appendLog(
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
  if (!waits) head = tx.appendLog(head, { requestId: id, event: 'released', actor: 'policy', at, data: { lane: c.control, sampled: c.sampled } });
  const cursor = tx.nextCursor();
  tx.insertRow({
    id,
    token_id: token.id,
    idem_key: idemKey,
    body_hash: bodyHash,
    requested_by: token.name,
    action_class: body.actionClass,
    control: c.control,
    sampled: c.sampled ? 1 : 0,
    status,
    agent_id: agent.id,
    created_at_ms: nowMs,
    expires_at_ms: expiresAtMs,
    decided_at_ms: null,
    decided_by: null,
    version: 1,
    cursor,
    last_change: waits ? 'created' : 'released',
    base_json: JSON.stringify(base),
    decision_json: null,
    outcome_json: null,
    log_head: head.hash,
    log_count: head.count,
    requested_by_id: token.userId,
    action_hash: base.actionHash,
    action_version: 1,
    pending_action_json: null,
    votes_json: '[]',
    policy_version: policyVersion,
    approvals_required: base.rights.approvals,
    owner_json: null,
  });
  events.push({ requestId: id, cursor, status });
  return { request: { ...base, status, version: 1, decision: null, outcome: null }, created: true };
}

/** A pending request past its expiry (the hub is the authority on time). */
export const lapsed = (row: RequestRow, nowMs: number): boolean => row.status === 'pending' && row.expires_at_ms !== null && row.expires_at_ms <= nowMs;

/** Marks one pending row expired (inside the caller's transaction). */
export function expireRow(tx: RowTx, row: RequestRow, nowMs: number): ChangeEvent {
  const at = new Date(nowMs).toISOString();
  const cursor = applyChange(tx, row, {
    kind: 'expired',
    status: 'expired',
    log: { event: 'expired', actor: 'hub', at, data: { expiresAt: row.expires_at_ms === null ? null : new Date(row.expires_at_ms).toISOString() } },
  });
  return { requestId: row.id, cursor, status: 'expired' };
}

export type Mutation = (row: RequestRow, nowMs: number) => RowChange | null;

/** Agents act only on their own requests; admins on any. A lapsed request is expired first. */
export function mutateInTx(tx: RowTx, id: string, actor: TokenIdentity, nowMs: number, fn: Mutation, events: ChangeEvent[]): ApprovalRequest {
  const row = tx.getRow(id);
  if (!row) throw new StoreError(404, 'not_found', `no request ${id}`);
  if (actor.role !== 'admin' && !isRequester(row, actor)) throw new StoreError(404, 'not_found', `no request ${id}`);
  if (lapsed(row, nowMs)) events.push(expireRow(tx, row, nowMs));
  const change = fn(row, nowMs);
  if (change) events.push({ requestId: row.id, cursor: applyChange(tx, row, change), status: row.status });
  return rowToRequest(row);
}

export function withdrawal(actor: TokenIdentity): Mutation {
  return (row, nowMs) => {
    if (row.status === 'withdrawn') return null;
    if (row.status !== 'pending') throw new StoreError(409, 'not_pending', `request is ${row.status}; only a pending request can be withdrawn`, rowToRequest(row));
    return { kind: 'withdrawn', status: 'withdrawn', log: { event: 'withdrawn', actor: actor.name, at: new Date(nowMs).toISOString(), data: {} } };
  };
}

export function outcomeReport(actor: TokenIdentity, body: Required<OutcomeBody>): Mutation {
  return (row, nowMs) => {
    if (row.status !== 'approved' && row.status !== 'released') {
      throw new StoreError(409, 'not_released', `request is ${row.status}; an outcome can only follow approval or release`, rowToRequest(row));
    }
    // A retried report (the SDK retries on network errors) changes nothing.
    const prev = row.outcome_json ? (JSON.parse(row.outcome_json) as Outcome) : null;
    if (prev && prev.status === body.status && prev.detail === body.detail) return null;
    const at = new Date(nowMs).toISOString();
    const outcome: Outcome = { status: body.status, detail: body.detail, reportedAt: at };
    return { kind: 'outcome', outcome, log: { event: 'outcome', actor: actor.name, at, data: outcome } };
  };
}
