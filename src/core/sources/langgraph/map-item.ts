// One interrupt of one thread -> one queue item. The item keeps the interrupt value byte-exact (action args, description);
// only the one-line summary is derived and shortened.
import { z } from 'zod';
import { DEFAULT_RIGHTS, type ApprovalRequest, type Decision, type RequestStatus } from '../../../shared/domain.js';
import type { PulledItem, SourceConfig } from '../source.js';
import { parseInterruptValue, proposedActionOf, verdictsFor, type ParsedInterrupt } from './human-interrupt.js';

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
  externalId: string;
  value: unknown;
  parsed: ParsedInterrupt;
}

export const externalIdOf = (threadId: string, interruptId: string) => `${threadId}:${interruptId}`;

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
      out.push({
        threadId: thread.thread_id,
        taskId,
        interruptId,
        externalId: externalIdOf(thread.thread_id, interruptId),
        value: intr.value,
        parsed: parseInterruptValue(intr.value),
      });
    });
  }
  return out;
}

/** LangGraph Studio's thread view, the link Agent Inbox opens too ("Open in Studio"). */
export function studioThreadUrl(deploymentUrl: string, threadId: string): string {
  const u = new URL(`https://smith.langchain.com/studio/thread/${encodeURIComponent(threadId)}`);
  u.searchParams.set('baseUrl', deploymentUrl.replace(/\/+$/, ''));
  return u.toString();
}

const SUMMARY_MAX = 200;
function oneLine(text: string): string {
  const first = text.split(/\r\n|\r|\n/, 1)[0]!.trim();
  return first.length > SUMMARY_MAX ? `${first.slice(0, SUMMARY_MAX - 1)}…` : first;
}

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

export function toPulledItem(thread: ThreadLike, pending: PendingInterrupt, ctx: MapContext): PulledItem {
  const graphId = graphIdOf(thread);
  const assistantId = assistantIdOf(thread);
  const sourceUrl = studioThreadUrl(ctx.config.url, thread.thread_id);
  const action = proposedActionOf(pending.parsed);
  const inbox = pending.parsed.kind === 'inbox' ? pending.parsed.interrupt : null;
  const description = inbox?.description ?? null;
  const summary = inbox
    ? oneLine(description && description.trim() ? description : inbox.action_request.action) || inbox.action_request.action
    : `Graph "${graphId}" is waiting for an answer`;
  const request: ApprovalRequest = {
    id: pending.externalId,
    source: ctx.config.id,
    externalId: pending.externalId,
    actionClass: inbox ? inbox.action_request.action : 'langgraph.interrupt',
    action,
    summary,
    evidence: [
      ...(description ? [{ title: 'Description', text: description }] : []),
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
        detail: inbox
          ? `LangGraph graph "${graphId}" interrupted for a human (Agent Inbox)`
          : `LangGraph graph "${graphId}" interrupted with a value that is not an Agent Inbox HumanInterrupt (shown as raw JSON)`,
      },
    ],
    risk: 2,
    status: 'pending',
    version: versionOf(thread),
    decision: null,
    outcome: null,
    onBehalfOf: null,
    actionHash: '',
    pendingAction: null,
    rights: DEFAULT_RIGHTS,
    votes: [],
  };
  return {
    externalId: pending.externalId,
    request,
    allowedVerdicts: verdictsFor(pending.parsed),
    descriptionMarkdown: description,
    rawValue: inbox ? undefined : pending.value,
    sourceUrl,
  };
}

/** What the request status becomes once an answer is known (ignore: the agent does not act, like a rejection). */
function statusAfter(decision: Decision | null): RequestStatus {
  if (!decision) return 'withdrawn';
  if (decision.verdict === 'approve' || decision.verdict === 'approve_with_edits') return 'approved';
  if (decision.verdict === 'escalate') return 'escalated';
  return 'rejected';
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
