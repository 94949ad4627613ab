// The batch decision endpoint's core. The whole batch is one transaction, so the first decision to reach
// the hub wins and a retried batch changes nothing: each decision is accepted, duplicate, conflict, expired or rejected.
import { canDecide, isLapsed, type DecideFacts, type RefusalCode } from '../../shared/can-decide.js';
import type { ApprovalRequest, Control, Decision, Outcome, RequestStatus, Verdict } from '../../shared/domain.js';
import { actionPatch } from '../../shared/diff.js';
import { HUB_VERDICTS, type DecisionResult } from '../../shared/protocol.js';
import { isRequester, type RequestStore } from './requests.js';
import type { TokenIdentity } from './tokens.js';
import { applyChange, getRow, rowToRequest, type RequestRow } from './request-rows.js';
import { stmt } from './statements.js';

export interface ParsedDecision {
  id: string;
  requestId: string;
  verdict: Verdict;
  editedAction: Decision['editedAction'];
  feedback: string;
  decidedAt: string;
}

const UNSUPPORTED = 'verdict not supported by hub';

const STATUS_BY_VERDICT: Partial<Record<Verdict, RequestStatus>> = {
  approve: 'approved',
  approve_with_edits: 'approved',
  reject: 'rejected',
  escalate: 'escalated',
};

export function decideBatch(store: RequestStore, decider: TokenIdentity, decisions: ParsedDecision[]): DecisionResult[] {
  const db = store.db;
  const events: Array<{ requestId: string; cursor: number; status: string }> = [];
  const results = db
    .transaction(() => {
      const nowMs = store.now();
      const seenDecision = stmt(db, 'SELECT request_id FROM decisions WHERE id = ?').pluck();
      const recordDecision = stmt(db, 'INSERT INTO decisions (id, request_id, received_at_ms) VALUES (?,?,?)');
      return decisions.map((d): DecisionResult => {
        const row = getRow(db, d.requestId);
        if (!row) return { id: d.id, status: 'rejected', reason: 'unknown_request', request: null };
        const view = (): ApprovalRequest => rowToRequest(row);
        const seenFor = seenDecision.get(d.id) as string | undefined;
        if (seenFor !== undefined) {
          return seenFor === d.requestId ? { id: d.id, status: 'duplicate', request: view() } : { id: d.id, status: 'rejected', reason: 'decision_id_reused', request: view() };
        }
        if (!HUB_VERDICTS.includes(d.verdict)) return { id: d.id, status: 'rejected', reason: UNSUPPORTED, request: view() };
        if (isRequester(row, decider)) return { id: d.id, status: 'rejected', reason: 'self_approval', request: view() };
        // The hub is the authority on time: a lapsed request becomes expired here, whatever the verdict.
        if (isLapsed(factsOfRow(row), nowMs)) events.push(store.expireRow(row, nowMs));
        const check = canDecide(factsOfRow(row), d.verdict, nowMs);
        if (!check.ok) return refusal(check.code, d.id, row, view());
        const isReview = row.status === 'released';

        const base = JSON.parse(row.base_json) as ApprovalRequest;
        const proposed = base.action;
        const patch = actionPatch(proposed, d.editedAction);
        const decision: Decision = {
          id: d.id,
          requestId: d.requestId,
          verdict: d.verdict,
          editedAction: d.editedAction,
          feedback: d.feedback,
          decidedBy: decider.name,
          decidedById: decider.userId,
          decidedAt: d.decidedAt,
          changed: patch.length > 0,
          patch,
        };
        // Wait time counts from creation to the human's moment of decision (an offline console sends it later).
        const decidedMs = Math.min(nowMs, Math.max(row.created_at_ms, Date.parse(d.decidedAt) || nowMs));
        const cursor = applyChange(db, row, {
          kind: 'decided',
          status: isReview ? 'released' : STATUS_BY_VERDICT[d.verdict]!,
          decision,
          decidedAtMs: decidedMs,
          log: { event: 'decided', actor: decider.name, at: new Date(nowMs).toISOString(), data: decision },
        });
        recordDecision.run(d.id, d.requestId, nowMs);
        events.push({ requestId: row.id, cursor, status: row.status });
        // Built from what we already hold: 10,000 decisions should not re-parse 10,000 rows.
        return {
          id: d.id,
          status: 'accepted',
          request: { ...base, status: row.status, version: row.version, decision, outcome: row.outcome_json ? (JSON.parse(row.outcome_json) as Outcome) : null },
        };
      });
    })
    .immediate();
  store.emit(events);
  return results;
}

function factsOfRow(row: RequestRow): DecideFacts {
  return {
    status: row.status,
    control: row.control as Control,
    sampled: !!row.sampled,
    expiresAtMs: row.expires_at_ms,
    decided: !!row.decision_json,
  };
}

/** The shared rule's refusal as the batch result the protocol promises (reasons are part of the API). */
function refusal(code: RefusalCode, id: string, row: RequestRow, request: ApprovalRequest): DecisionResult {
  switch (code) {
    case 'decided':
      return { id, status: 'conflict', reason: 'decided', winner: JSON.parse(row.decision_json!) as Decision, request };
    case 'expired':
      return { id, status: 'expired', request };
    case 'not_open':
      return { id, status: 'rejected', reason: row.status === 'withdrawn' ? 'withdrawn' : `not_decidable_${row.status}`, request };
    case 'not_sampled':
      return { id, status: 'rejected', reason: 'not_sampled', request };
    case 'verdict_not_allowed':
      return { id, status: 'rejected', reason: UNSUPPORTED, request };
  }
}
