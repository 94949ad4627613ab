// The decisions behind a figure (paged), and one request's decision log: the five things to log when approval exists
// (what was proposed, why a human was needed, who decided, whether they changed it and how, what happened after release),
// with the source's hash chain verified here in the console.
import { sha256Hex } from '../node-shared/sha256.js';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { Decision, LogEntry, ProposedAction, Reason, type Control } from '../shared/domain.js';
import { DecisionListInput, type ChainStatus, type DecisionLog, type DecisionRow } from '../shared/insights/schemas.js';
import { verifyChain } from '../shared/log-chain.js';
import { parseJsonOrNull } from '../shared/parse-json.js';
import { filterWhere } from './filter-sql.js';

const ROW_COLUMNS = 'request_id, source, action_class, control, sampled, status, agent, created_at_ms, decided_at_ms, verdict, changed, decided_by, outcome_status';

interface FactRecord {
  request_id: string;
  source: string;
  action_class: string;
  control: string;
  sampled: number;
  status: string;
  agent: string;
  created_at_ms: number;
  decided_at_ms: number | null;
  verdict: string | null;
  changed: number | null;
  decided_by: string | null;
  outcome_status: string | null;
}

function toDecisionRow(r: FactRecord): DecisionRow {
  return {
    requestId: r.request_id,
    source: r.source,
    actionClass: r.action_class,
    control: r.control as DecisionRow['control'],
    sampled: r.sampled === 1,
    status: r.status as DecisionRow['status'],
    agent: r.agent,
    createdAt: new Date(r.created_at_ms).toISOString(),
    decidedAt: r.decided_at_ms === null ? null : new Date(r.decided_at_ms).toISOString(),
    verdict: r.verdict as DecisionRow['verdict'],
    changed: r.changed === null ? null : r.changed === 1,
    decidedBy: r.decided_by,
    outcomeStatus: r.outcome_status as DecisionRow['outcomeStatus'],
  };
}

export function listDecisions(db: Database.Database, raw: z.input<typeof DecisionListInput>): { total: number; rows: DecisionRow[] } {
  const input = DecisionListInput.parse(raw);
  const { where, params } = filterWhere(input);
  const total = (db.prepare(`SELECT count(*) AS n FROM insight_facts WHERE ${where}`).get(...params) as { n: number }).n;
  const rows = db
    .prepare(`SELECT ${ROW_COLUMNS} FROM insight_facts WHERE ${where} ORDER BY created_at_ms DESC, request_id LIMIT ? OFFSET ?`)
    .all(...params, input.limit, input.offset) as FactRecord[];
  return { total, rows: rows.map(toDecisionRow) };
}

/** Where the hash-chained log of a request lives (the console's store, the hub's table); absent when the source keeps none. */
export type LogReader = (requestId: string) => { entries: LogEntry[]; head?: string | null } | null;

export { sha256Hex };

/** opts.reasons: the request's recorded reasons from elsewhere (the console's copy), used when the log has none. */
export function decisionLog(db: Database.Database, requestId: string, readLog?: LogReader, opts: { unreachable?: boolean; reasons?: Reason[] } = {}): DecisionLog | null {
  const r = db.prepare(`SELECT ${ROW_COLUMNS}, action_json, decision_json FROM insight_facts WHERE request_id = ?`).get(requestId) as
    (FactRecord & { action_json: string | null; decision_json: string | null }) | undefined;
  if (!r) return null;
  const log = readLog?.(requestId) ?? null;
  const entries = log ? z.array(LogEntry).catch([]).parse(log.entries) : [];
  const chain = opts.unreachable
    ? { ok: null, checked: 0, brokenAt: null, reason: 'the source is not reachable now: the chain was not checked' }
    : verify(entries, log ? log.head : undefined, log !== null);
  const proposed = parseJsonOrNull(r.action_json, ProposedAction);
  const decision = parseJsonOrNull(r.decision_json, Decision);
  const classified = entries.find((e) => e.event === 'classified') ?? entries.find((e) => e.event === 'submitted');
  // The hub records the classification inside its 'submitted' entry; other sources may log a 'classified' one.
  const Reasons = z.array(Reason);
  const fromLog = z.union([z.object({ reasons: Reasons }), z.object({ classification: z.object({ reasons: Reasons }) })]).safeParse(classified?.data);
  const reasons = fromLog.success ? ('reasons' in fromLog.data ? fromLog.data.reasons : fromLog.data.classification.reasons) : (opts.reasons ?? null);
  const outcomeEntry = [...entries].reverse().find((e) => e.event === 'outcome');
  const outcomeDetail = z.object({ detail: z.string() }).safeParse(outcomeEntry?.data);
  return {
    row: toDecisionRow(r),
    proposed,
    why: reasons ?? [],
    whyText: explainControl(r.control as Control, r.sampled === 1, reasons),
    decision:
      decision ??
      (r.verdict
        ? {
            verdict: r.verdict as DecisionRow['verdict'] & string,
            decidedBy: r.decided_by ?? '',
            decidedAt: r.decided_at_ms === null ? null : new Date(r.decided_at_ms).toISOString(),
            feedback: '',
            editedAction: null,
            patch: [],
          }
        : null),
    outcome: r.outcome_status ? { status: r.outcome_status as 'executed', detail: outcomeDetail.success ? outcomeDetail.data.detail : '' } : null,
    entries,
    chain,
  };
}

function verify(entries: LogEntry[], head: string | null | undefined, hasLog: boolean): ChainStatus {
  if (!hasLog) return { ok: null, checked: 0, brokenAt: null, reason: 'this source keeps no hash-chained log for the request' };
  if (entries.length === 0) return { ok: false, checked: 0, brokenAt: 1, reason: 'the log is empty or unreadable' };
  const v = verifyChain(entries, sha256Hex, head);
  return { ok: v.ok, checked: v.checked, brokenAt: v.brokenAt ?? null, reason: v.reason ?? null };
}

function explainControl(control: Control, sampled: boolean, reasons: Reason[] | null): string {
  const base =
    control === 'approval'
      ? 'Approval: the action waited for a human'
      : control === 'escalation'
        ? 'Escalation: the agent stopped and a person owned the case'
        : control === 'review'
          ? 'Review lane: released at once, checked by a human afterwards'
          : sampled
            ? 'Audit lane: released at once and sampled for a human'
            : 'Audit lane: released at once, not sampled';
  if (!reasons) return `${base}; no recorded reasons`;
  return reasons.length ? `${base}; ${reasons.length} recorded reason${reasons.length === 1 ? '' : 's'} below` : `${base}; no risk factor was true`;
}
