// One interrupt of one thread -> one queue item. The item keeps the interrupt value byte-exact (action args, description);
// only the one-line summary is derived and shortened.
import { z } from 'zod';
import { noDecisionRights, type ApprovalRequest, type Decision, type RequestStatus } from '../../../shared/domain.js';
import type { PulledItem, SourceConfig } from '../source.js';
import { markdownSummary } from '../../../shared/markdown-summary.js';
import { parseInterruptValue, partCount, partView, type ParsedInterrupt } from './interrupt-value.js';
import { editSchemaOf } from './json-schema.js';

/** The part of a thread we read (the search asks for just these fields). Unknown keys are ignored, bad shapes are skipped. */
export const ThreadLike = z.object({
  thread_id: z.string().min(1).max(200),
  created_at: z.string(),
  updated_at: z.string().optional(),
  status: z.string().optional(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  interrupts: z.record(z.string(), z.array(z.object({ id: z.string().max(200).optional(), value: z.unknown().optional() }).loose()).nullish()).nullish(),
});
export type ThreadLike = z.infer<typeof ThreadLike>;

/** The fields threads.search returns for us: keeps pages small (no state values). */
export const THREAD_FIELDS = ['thread_id', 'created_at', 'updated_at', 'status', 'metadata', 'interrupts'] as const;

export interface PendingInterrupt {
  threadId: string;
  taskId: string;
  interruptId: string;
  value: unknown;
  parsed: ParsedInterrupt;
  /** How many queue items it is (one per action request / list element); all are answered by one resume. */
  parts: number;
  /** Set when the item's question was asked again after an error (reopen.ts): the id to resume now. */
  resumeId?: string;
}

/** An item's key within its thread: the interrupt id, plus `/<index>` when the interrupt asks several things at once. */
export const partKey = (interruptId: string, index: number, parts: number) => (parts === 1 ? interruptId : `${interruptId}/${index}`);

/** The interrupt id and part index of a key (`abc/2` -> abc, 2; `abc` -> abc, 0 of a one-part interrupt). */
export function splitPartKey(key: string): { interruptId: string; index: number; multi: boolean } {
  const m = /^(.+)\/(\d{1,3})$/.exec(key);
  return m ? { interruptId: m[1]!, index: Number(m[2]), multi: true } : { interruptId: key, index: 0, multi: false };
}

export const externalIdOf = (threadId: string, key: string) => `${threadId}:${key}`;

/** Thread ids never contain ':' (UUIDs); interrupt ids are hex hashes. Split at the first ':'. */
export function splitExternalId(externalId: string): { threadId: string; interruptId: string } | null {
  const at = externalId.indexOf(':');
  if (at <= 0 || at === externalId.length - 1) return null;
  return { threadId: externalId.slice(0, at), interruptId: externalId.slice(at + 1) };
}

/** Every interrupt pending on a thread. Old servers give no interrupt id: the task id and position stand in for it. */
export function pendingInterrupts(thread: ThreadLike): PendingInterrupt[] {
  const out: PendingInterrupt[] = [];
  for (const [taskId, list] of Object.entries(thread.interrupts ?? {})) {
    (list ?? []).forEach((intr, index) => {
      const interruptId = intr.id && intr.id.length > 0 ? intr.id : `${taskId}-${index}`;
      out.push(pendingOf(thread.thread_id, taskId, interruptId, intr.value, intr['response_schema']));
    });
  }
  return out;
}

export function pendingOf(threadId: string, taskId: string, interruptId: string, value: unknown, responseSchema?: unknown): PendingInterrupt {
  const parsed = parseInterruptValue(value, responseSchema);
  return { threadId, taskId, interruptId, value, parsed, parts: partCount(parsed) };
}

/** The pending interrupt an item key belongs to, and the item's part index in it. */
export function findPart(pending: PendingInterrupt[], key: string): { p: PendingInterrupt; index: number } | null {
  const { interruptId, index, multi } = splitPartKey(key);
  const p = pending.find((x) => x.interruptId === interruptId);
  if (!p || (p.parts === 1) === multi || index >= p.parts) return null;
  return { p, index };
}

/** LangGraph Studio's thread view, the link Agent Inbox opens too ("Open in Studio"). */
/** The query part per deployment URL: building a URL object per item was a tenth of a 10,000-item snapshot's time. */
const studioQuery = new Map<string, string>();
export function studioThreadUrl(deploymentUrl: string, threadId: string): string {
  let query = studioQuery.get(deploymentUrl);
  if (query === undefined) {
    query = new URLSearchParams({ baseUrl: deploymentUrl.replace(/\/+$/, '') }).toString();
    if (studioQuery.size > 100) studioQuery.clear();
    studioQuery.set(deploymentUrl, query);
  }
  return `https://smith.langchain.com/studio/thread/${encodeURIComponent(threadId)}?${query}`;
}

const SUMMARY_MAX = 200;

export function graphIdOf(thread: ThreadLike): string {
  const g = thread.metadata?.['graph_id'];
  return typeof g === 'string' && g ? g : 'unknown-graph';
}
export function assistantIdOf(thread: ThreadLike): string | null {
  const a = thread.metadata?.['assistant_id'];
  return typeof a === 'string' && a ? a : null;
}

export interface MapContext {
  config: SourceConfig;
  /** assistant id -> display name, when known. */
  assistantNames?: Map<string, string>;
}

/** The version the store compares: moves forward whenever the thread changes at the source. */
function versionOf(thread: ThreadLike): number {
  const t = Date.parse(thread.updated_at ?? thread.created_at);
  return Number.isFinite(t) && t > 0 ? t : 0;
}

/** "Answered together": what the approver needs to know about an interrupt that asks several things at once. */
function togetherNote(pending: PendingInterrupt, index: number): string {
  const names = Array.from({ length: pending.parts }, (_, i) => partView(pending.parsed, i).action.name);
  return (
    `Request ${index + 1} of ${pending.parts} of one interrupt (${names.join(', ')}). The agent takes one answer for all of them: ` +
    'a decision made here waits in the outbox until every request of this interrupt has one, then all are sent together.'
  );
}

export function toPulledItem(thread: ThreadLike, pending: PendingInterrupt, index: number, ctx: MapContext): PulledItem {
  const graphId = graphIdOf(thread);
  const assistantId = assistantIdOf(thread);
  const sourceUrl = studioThreadUrl(ctx.config.url, thread.thread_id);
  const view = partView(pending.parsed, index);
  const key = partKey(pending.interruptId, index, pending.parts);
  const externalId = externalIdOf(thread.thread_id, key);
  const raw = view.rawValue !== undefined;
  const description = view.description;
  const summary = raw
    ? `Graph "${graphId}" is waiting for an answer${pending.parts > 1 ? ` (${index + 1} of ${pending.parts})` : ''}`
    : markdownSummary(description && description.trim() ? description : view.action.name, SUMMARY_MAX) || view.action.name;
  const kind = pending.parsed.kind === 'hitl' ? 'LangChain human-in-the-loop middleware' : 'Agent Inbox';
  const request: ApprovalRequest = {
    id: externalId,
    source: ctx.config.id,
    externalId,
    actionClass: view.actionClass,
    action: view.action,
    summary,
    evidence: [
      ...(description ? [{ title: 'Description', text: description }] : []),
      ...(pending.parts > 1 ? [{ title: 'Answered together', text: togetherNote(pending, index) }] : []),
      ...(view.schema ? [{ title: raw ? 'Answer schema' : 'Arguments schema', text: JSON.stringify(view.schema, null, 2) }] : []),
      { title: 'LangGraph thread', text: `graph ${graphId} · thread ${thread.thread_id} · task ${pending.taskId}`, url: sourceUrl },
    ],
    agent: {
      id: graphId,
      name: (assistantId && ctx.assistantNames?.get(assistantId)) || graphId,
      runUrl: sourceUrl,
    },
    requestedBy: `langgraph:${assistantId ?? graphId}`,
    createdAt: new Date(Date.parse(thread.created_at) || Date.now()).toISOString(),
    expiresAt: null,
    control: 'approval',
    reasons: [
      {
        factor: null,
        kind: 'override',
        detail: raw
          ? `LangGraph graph "${graphId}" interrupted with a value that is not an Agent Inbox HumanInterrupt (shown as raw JSON; answer it with approve, reject or a JSON value)`
          : `LangGraph graph "${graphId}" interrupted for a human (${kind})`,
      },
    ],
    risk: 2,
    status: 'pending',
    version: versionOf(thread),
    decision: null,
    outcome: null,
    ...noDecisionRights(),
  };
  return {
    externalId,
    request,
    allowedVerdicts: view.verdicts,
    descriptionMarkdown: description,
    rawValue: view.rawValue,
    sourceUrl,
    editSchema: editSchemaOf(view.schema, raw),
  };
}

/** What the request status becomes once an answer is known (ignore: the agent does not act, like a rejection). */
function statusAfter(decision: Decision | null): RequestStatus {
  if (!decision) return 'withdrawn';
  if (decision.verdict === 'approve' || decision.verdict === 'approve_with_edits') return 'approved';
  if (decision.verdict === 'escalate') return 'escalated';
  return 'rejected';
}

const LAST_ANSWER_FAILED = 'The last answer failed';

/**
 * An item whose answer crashed the step that asked it (reopen.ts): still waiting for a decision, with what failed shown
 * first, so the approver can decide again knowing it.
 */
export function reanswerableItem(item: PulledItem, version: number, error: string): PulledItem {
  const note = {
    title: LAST_ANSWER_FAILED,
    text: `The agent's step failed on the last answer, so it took no effect: ${error}. A new decision runs that step again with the new answer.`,
  };
  return {
    ...item,
    request: {
      ...item.request,
      status: 'pending',
      decision: null,
      outcome: null,
      evidence: [note, ...item.request.evidence.filter((e) => e.title !== LAST_ANSWER_FAILED)],
      version: Math.max(version, item.request.version + 1),
    },
    gone: undefined,
  };
}

/**
 * The same item after it stopped waiting: decided (by us or elsewhere) or gone for a reason we could not read.
 * `failure`: the answer reached the graph but its run then failed, so nothing took effect (shown as a failed outcome).
 */
export function settledItem(item: PulledItem, decision: Decision | null, version: number, gone: boolean, failure?: string): PulledItem {
  const outcome = failure ? { status: 'failed' as const, detail: `delivery failed at the source: ${failure}`, reportedAt: new Date().toISOString() } : item.request.outcome;
  return {
    ...item,
    request: { ...item.request, status: statusAfter(decision), decision, outcome, version: Math.max(version, item.request.version + 1) },
    allowedVerdicts: gone ? [] : item.allowedVerdicts,
    gone: gone || undefined,
  };
}
