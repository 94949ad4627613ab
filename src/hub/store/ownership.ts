// Escalation ownership (#15): one named person takes the case, every console sees who and since when, and a second
// take is refused until the owner releases it (first take wins, like decisions). Who may take it is the shared
// decision rule (mayOwn in src/shared/decision-rights.ts). Each step is hash-chained in the request's log ("owned")
// and idempotent by its id, which shares the decision ids' table. Runs inside any backend's transaction (RowTx).
import { mayOwn } from '../../shared/decision-rights.js';
import { isLapsed, openCheck } from '../../shared/can-decide.js';
import type { Control, Ownership } from '../../shared/domain.js';
import type { OwnershipResult } from '../../shared/protocol.js';
import { expireRow, type ChangeEvent } from './request-rules.js';
import { applyChange, parseBase, rowToRequest, votesOf, type RequestRow, type RowTx } from './request-rows.js';
import type { TokenIdentity } from './tokens.js';

export interface ParsedOwnershipStep {
  id: string;
  requestId: string;
  action: 'take' | 'release';
  at: string;
}

function ownerOf(row: Pick<RequestRow, 'owner_json'>): Ownership | null {
  return row.owner_json ? (JSON.parse(row.owner_json) as Ownership) : null;
}

/** The steps of one batch, in order, inside the caller's transaction; `events` collects the feed changes. */
export function ownInTx(tx: RowTx, nowMs: number, who: TokenIdentity, steps: ParsedOwnershipStep[], events: ChangeEvent[]): OwnershipResult[] {
  return steps.map((s): OwnershipResult => {
    const row = tx.getRow(s.requestId);
    if (!row) return { id: s.id, status: 'rejected', reason: 'unknown_request', request: null };
    const seenFor = tx.decisionSeenFor(s.id);
    if (seenFor !== undefined)
      return seenFor === s.requestId
        ? { id: s.id, status: 'duplicate', request: rowToRequest(row) }
        : { id: s.id, status: 'rejected', reason: 'decision_id_reused', request: rowToRequest(row) };
    if (row.control !== 'escalation') return { id: s.id, status: 'rejected', reason: 'not_an_escalation', request: rowToRequest(row) };
    const facts = { status: row.status, control: row.control as Control, sampled: false, expiresAtMs: row.expires_at_ms, decided: !!row.decision_json };
    if (isLapsed(facts, nowMs)) events.push(expireRow(tx, row, nowMs));
    const open = openCheck({ ...facts, status: row.status }); // expireRow may have just changed it
    if (!open.ok) return { id: s.id, status: 'rejected', reason: open.code === 'expired' ? 'expired' : `not_open_${row.status}`, request: rowToRequest(row) };
    const base = parseBase(row);
    const rights = mayOwn(
      { id: who.userId, handle: who.name, groups: who.groups },
      {
        rights: base.rights,
        control: 'escalation',
        status: row.status,
        requestedBy: row.requested_by,
        requestedById: row.requested_by_id,
        onBehalfOf: base.onBehalfOf,
        onBehalfOfId: base.onBehalfOfId ?? null,
        votes: votesOf(row),
        actionHash: row.action_hash,
      },
    );
    if (!rights.ok)
      return rights.code === 'forbidden'
        ? { id: s.id, status: 'forbidden', reason: 'not_a_decider', deciders: rights.deciders, request: rowToRequest(row) }
        : { id: s.id, status: 'rejected', reason: rights.code, request: rowToRequest(row) };
    const owner = ownerOf(row);
    const mine = owner?.userId === who.userId;
    if (s.action === 'take') {
      if (owner && !mine) return { id: s.id, status: 'conflict', reason: 'owned', owner, request: rowToRequest(row) };
      if (mine) return { id: s.id, status: 'duplicate', request: rowToRequest(row) };
    } else {
      if (!owner) return { id: s.id, status: 'duplicate', request: rowToRequest(row) };
      if (!mine) return { id: s.id, status: 'rejected', reason: 'not_the_owner', request: rowToRequest(row) };
    }
    tx.recordDecision(s.id, s.requestId, nowMs);
    const nowIso = new Date(nowMs).toISOString();
    // "since" is when the person took it (an offline console sends later), never in the future or before the request.
    const sinceMs = Math.min(nowMs, Math.max(row.created_at_ms, Date.parse(s.at) || nowMs));
    const next: Ownership | null = s.action === 'take' ? { userId: who.userId, handle: who.name, since: new Date(sinceMs).toISOString() } : null;
    const cursor = applyChange(tx, row, {
      kind: 'updated',
      owner: next,
      log: { event: 'owned', actor: who.name, at: nowIso, data: { stepId: s.id, action: s.action, owner: next, previous: owner } },
    });
    events.push({ requestId: row.id, cursor, status: row.status });
    return { id: s.id, status: 'accepted', request: rowToRequest(row) };
  });
}
