// Mapping between what a source reports (PulledItem) and the items table's row, and back to contract shapes.
import type { ApprovalRequest, Decision, Verdict } from '../../shared/domain.js';
import type { LocalDecision, QueueItem, QueueItemSummary, SourceKind } from '../../shared/contract.js';
import { findHiddenInValue } from '../../shared/hidden-chars.js';
import type { DeciderIdentity } from '../../shared/decision-rights.js';
import type { PulledItem } from '../sources/source.js';
import { isSampled, laneOf } from './lanes.js';
import { rightsColumns, rowRightsOf } from './rights.js';

/** Far-future sentinel so items without expiry sort last under a plain ascending index. */
const NO_EXPIRY = 9_007_199_254_740_991;

export function itemId(sourceId: string, externalId: string): string {
  return `${sourceId}:${externalId}`;
}

/** What the JSON snapshot column holds (everything of a QueueItem that is not derived from other columns). */
export interface ItemSnapshot {
  request: ApprovalRequest;
  allowedVerdicts: Verdict[];
  descriptionMarkdown: string | null;
  rawValue?: unknown;
  sourceUrl: string | null;
  editSchema?: Record<string, unknown> | null;
  gone?: boolean;
}

function ms(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : null;
}

// A superset of every character hidden-chars flags. Since the UTS #39 look-alike scan (fullwidth, mathematical,
// combining marks, any script's look-alike letters) can flag almost any non-ASCII letter, only printable ASCII
// (with tab, newline, return) is known clean and skips the full scan. In the action's JSON text, control
// characters appear escaped (\uXXXX, \b, \f), hence the second pattern.
const MAYBE_HIDDEN_RAW = /[^\t\n\r\x20-\x7e]/;
const MAYBE_HIDDEN_JSON = /[^\x20-\x7e]|\\u|\\b|\\f/;

/**
 * The queue row's flag: hidden or look-alike characters in anything of the row the source wrote (summary, action,
 * and `others`: agent, class, the request's source), not only the action.
 */
export function hasHiddenChars(summary: string, action: unknown, actionJson: string, others: string[] = []): boolean {
  if (!MAYBE_HIDDEN_RAW.test(summary) && !MAYBE_HIDDEN_JSON.test(actionJson) && !others.some((o) => MAYBE_HIDDEN_RAW.test(o))) return false;
  return findHiddenInValue({ summary, action, others }).length > 0;
}

function evidenceText(req: ApprovalRequest): string {
  return req.evidence.map((e) => [e.title, e.text ?? '', e.url ?? ''].join(' ')).join('\n');
}

/** The named parameters the upsert statement takes. */
export function itemRow(sourceId: string, p: PulledItem, hasLocalDecision: boolean, receivedAt: string, identity: DeciderIdentity | null = null) {
  const r = p.request;
  const d = r.decision;
  const snapshot: ItemSnapshot = {
    request: r,
    allowedVerdicts: p.allowedVerdicts,
    descriptionMarkdown: p.descriptionMarkdown ?? null,
    rawValue: p.rawValue,
    sourceUrl: p.sourceUrl ?? null,
    ...(p.editSchema ? { editSchema: p.editSchema } : {}),
    gone: p.gone ?? false,
  };
  const actionJson = JSON.stringify(r.action);
  const lane = laneOf(r, hasLocalDecision, p.gone ?? false);
  return {
    id: itemId(sourceId, p.externalId),
    source_id: sourceId,
    external_id: p.externalId,
    request_id: r.id,
    request_source: r.source,
    lane,
    status: r.status,
    control: r.control,
    sampled: isSampled(r) ? 1 : 0,
    action_class: r.actionClass,
    agent: r.agent.name || r.agent.id,
    summary: r.summary,
    risk: r.risk,
    created_at: r.createdAt,
    created_at_ms: ms(r.createdAt) ?? 0,
    expires_at: r.expiresAt,
    expires_sort: ms(r.expiresAt) ?? NO_EXPIRY,
    has_hidden: hasHiddenChars(r.summary, r.action, actionJson, [r.agent.name, r.agent.id, r.actionClass, r.source]) ? 1 : 0,
    version: r.version,
    gone: p.gone ? 1 : 0,
    source_decided: d ? 1 : 0,
    decided_at_ms: d ? ms(d.decidedAt) : null,
    verdict: d ? d.verdict : null,
    changed: d ? (d.changed ? 1 : 0) : null,
    decided_by: d ? d.decidedBy : null,
    outcome_status: r.outcome ? r.outcome.status : null,
    action_json: actionJson,
    source_decision_json: d ? JSON.stringify(d) : null,
    snapshot_json: JSON.stringify(snapshot),
    received_at: receivedAt,
    ...rightsColumns(r, lane, identity),
    fts_action: `${r.action.name} ${actionJson}`,
    fts_evidence: evidenceText(r),
  };
}
export type ItemRow = ReturnType<typeof itemRow>;

interface DecisionRowDb {
  id: string;
  decision_json: string;
  sync_state: string;
  attempts: number;
  error: string | null;
  conflict_json: string | null;
  seen_json: string | null;
  answer_json: string | null;
  release_at_ms: number | null;
}

function localDecisionOf(d: DecisionRowDb | undefined | null): LocalDecision | null {
  if (!d || !d.id) return null;
  return {
    decision: JSON.parse(d.decision_json) as Decision,
    syncState: d.sync_state as LocalDecision['syncState'],
    attempts: d.attempts,
    error: d.error,
    conflict: d.conflict_json ? { winner: JSON.parse(d.conflict_json) as Decision } : null,
    seen: d.seen_json ? (JSON.parse(d.seen_json) as LocalDecision['seen']) : null,
    answer: d.answer_json ? (JSON.parse(d.answer_json) as LocalDecision['answer']) : null,
    releaseAt: d.release_at_ms !== null ? new Date(d.release_at_ms).toISOString() : null,
    undoable: d.sync_state === 'local' && d.attempts === 0,
  };
}

export interface ItemJoinRow {
  id: string;
  source_id: string;
  source_kind: string;
  source_name: string;
  external_id: string;
  lane: string | null;
  snapshot_json: string;
  received_at: string;
  d_id: string | null;
  d_decision_json: string | null;
  d_sync_state: string | null;
  d_attempts: number | null;
  d_error: string | null;
  d_conflict_json: string | null;
  d_seen_json: string | null;
  d_answer_json: string | null;
  d_release_at_ms: number | null;
}

export function queueItemOf(row: ItemJoinRow): QueueItem {
  const snap = JSON.parse(row.snapshot_json) as ItemSnapshot;
  const local = row.d_id
    ? localDecisionOf({
        id: row.d_id,
        decision_json: row.d_decision_json!,
        sync_state: row.d_sync_state!,
        attempts: row.d_attempts ?? 0,
        error: row.d_error,
        conflict_json: row.d_conflict_json,
        seen_json: row.d_seen_json,
        answer_json: row.d_answer_json,
        release_at_ms: row.d_release_at_ms ?? null,
      })
    : null;
  return {
    id: row.id,
    sourceId: row.source_id,
    sourceKind: row.source_kind as SourceKind,
    sourceName: row.source_name,
    externalId: row.external_id,
    // Items in no lane (unsampled audit) are only reachable by id; report them as reviews-like history.
    lane: (row.lane ?? 'decided') as QueueItem['lane'],
    request: snap.request,
    allowedVerdicts: snap.allowedVerdicts,
    descriptionMarkdown: snap.descriptionMarkdown ?? null,
    ...(snap.rawValue !== undefined ? { rawValue: snap.rawValue } : {}),
    sourceUrl: snap.sourceUrl ?? null,
    editSchema: snap.editSchema ?? null,
    localDecision: local,
    receivedAt: row.received_at,
  };
}

export interface SummaryRow {
  id: string;
  lane: string;
  action_class: string;
  summary: string;
  agent: string;
  source_name: string;
  status: string;
  outcome_status: string | null;
  control: string;
  risk: number;
  created_at: string;
  expires_at: string | null;
  sync_state: string | null;
  has_hidden: number;
  may_decide: number;
  rights_json: string | null;
}

export function summaryOf(r: SummaryRow): QueueItemSummary {
  return {
    id: r.id,
    lane: r.lane as QueueItemSummary['lane'],
    actionClass: r.action_class,
    summary: r.summary.length > 500 ? r.summary.slice(0, 500) : r.summary,
    agentName: r.agent,
    sourceName: r.source_name,
    status: r.status,
    outcome: (r.outcome_status ?? null) as QueueItemSummary['outcome'],
    control: r.control,
    risk: r.risk,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    syncState: (r.sync_state ?? null) as QueueItemSummary['syncState'],
    hasHiddenChars: r.has_hidden === 1,
    mayDecide: r.may_decide === 1,
    ...rowRightsOf(r.rights_json),
  };
}
