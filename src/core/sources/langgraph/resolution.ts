// "What happened to this interrupt?" once it is no longer pending: read the thread's runs and find the resume that
// answered it. Our own resumes carry the decision id in run metadata (so a retried push is a duplicate, not a conflict);
// anyone else's (Agent Inbox, Studio, a script) becomes a synthetic Decision by 'langgraph' describing what they sent.
import type { Client } from '@langchain/langgraph-sdk';
import { z } from 'zod';
import { actionChanged, actionPatch } from '../../../shared/diff.js';
import type { Decision, ProposedAction } from '../../../shared/domain.js';
import { verdictOfPart, type ParsedInterrupt } from './interrupt-value.js';
import { splitPartKey } from './map-item.js';

/**
 * Metadata key our resume runs carry: item key (interrupt id, `/<part>` for a part) -> who decided and with which
 * decision id; `interrupt` when the interrupt resumed was the item's question asked again after an error (reopen.ts).
 */
export const RUN_METADATA_KEY = 'countersign';
const RunMark = z.record(z.string(), z.object({ decision_id: z.string(), decided_by: z.string(), interrupt: z.string().optional() }));

const RunLike = z
  .object({
    run_id: z.string(),
    created_at: z.string(),
    status: z.string().optional(),
    metadata: z.record(z.string(), z.unknown()).nullish(),
    // Not in the SDK's types, but the LangGraph API returns the run's kwargs (with the command) in run listings.
    kwargs: z
      .object({ command: z.object({ resume: z.unknown().optional() }).loose().nullish() })
      .loose()
      .nullish(),
  })
  .loose();
type RunLike = z.infer<typeof RunLike>;

export interface Resolution {
  /** Set when one of our own decisions resumed it. */
  ownDecisionId: string | null;
  /** The decision that answered the interrupt (ours rebuilt, or a synthetic one for an answer given elsewhere). */
  decision: Decision;
  runId: string | null;
  /** The answering run's status (`success`, `error`, ...), when a run answered it. */
  runStatus: string | null;
}

const XXH3_HEX = /^[0-9a-f]{32}$/;

/** The resume value one run gave this interrupt: by id from a resume map, or a plain resume when the thread had one interrupt. */
function resumeFor(run: RunLike, interruptId: string, soleInterrupt: boolean): { found: boolean; value: unknown } {
  const resume = run.kwargs?.command?.resume;
  if (resume === undefined || resume === null) return { found: false, value: undefined };
  if (typeof resume === 'object' && !Array.isArray(resume)) {
    const keys = Object.keys(resume);
    if (keys.length > 0 && keys.every((k) => XXH3_HEX.test(k))) {
      return interruptId in (resume as Record<string, unknown>) ? { found: true, value: (resume as Record<string, unknown>)[interruptId] } : { found: false, value: undefined };
    }
  }
  return soleInterrupt ? { found: true, value: resume } : { found: false, value: undefined };
}

/**
 * Finds the answer to an item (`key`: its interrupt id and part) that is no longer pending. `parsed` is the interrupt as
 * it was asked, when known (to read one part's answer out of the whole resume). `proposed` is the action as it was shown
 * (for the diff of an edit). `threadState` is a short description of the thread now, used when no answer can be read.
 */
export async function resolveInterrupt(
  client: Client,
  args: { threadId: string; key: string; parsed: ParsedInterrupt | null; requestId: string; proposed: ProposedAction | null; soleInterrupt: boolean; threadState: string },
  signal?: AbortSignal,
): Promise<Resolution> {
  const { interruptId, index } = splitPartKey(args.key);
  const runs = z
    .array(RunLike)
    .catch([])
    .parse(await client.runs.list(args.threadId, { limit: 100, signal }));
  // Newest first, whatever order the server used.
  runs.sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
  for (const run of runs) {
    const mark = RunMark.safeParse(run.metadata?.[RUN_METADATA_KEY]);
    const own = mark.success ? mark.data[args.key] : undefined;
    const { found, value } = resumeFor(run, own?.interrupt ?? interruptId, args.soleInterrupt);
    if (!own && !found) continue;
    const read = found ? verdictOfPart(args.parsed, value, index) : null;
    const edited = read?.editedAction ?? null;
    const decision: Decision = {
      id: own?.decision_id ?? `langgraph:${run.run_id}:${args.key}`,
      requestId: args.requestId,
      verdict: read?.verdict ?? 'ignore',
      editedAction: edited,
      feedback: read ? read.feedback : `Resumed elsewhere (run ${run.run_id}) with a value we cannot read as an answer: ${truncate(JSON.stringify(value) ?? 'undefined', 2000)}`,
      decidedBy: own?.decided_by ?? 'langgraph',
      decidedAt: new Date(Date.parse(run.created_at) || Date.now()).toISOString(),
      changed: edited && args.proposed ? actionChanged(args.proposed, edited) : false,
      patch: edited && args.proposed ? actionPatch(args.proposed, edited) : [],
    };
    return { ownDecisionId: own?.decision_id ?? null, decision, runId: run.run_id, runStatus: run.status ?? null };
  }
  return {
    ownDecisionId: null,
    runId: null,
    runStatus: null,
    decision: {
      id: `langgraph:gone:${args.threadId}:${args.key}`,
      requestId: args.requestId,
      verdict: 'ignore',
      editedAction: null,
      feedback: `No longer waiting at LangGraph, answered elsewhere or cancelled; the answer could not be read (${args.threadState}).`,
      decidedBy: 'langgraph',
      decidedAt: new Date().toISOString(),
      changed: false,
      patch: [],
    },
  };
}

/**
 * The interrupt id an item's question was last asked under (its own, or the newest re-ask one of our runs answered),
 * and the decision our newest run for it carried.
 */
export async function incarnationOf(client: Client, threadId: string, interruptId: string, signal?: AbortSignal): Promise<{ interruptId: string; decisionId: string | null }> {
  const runs = z
    .array(RunLike)
    .catch([])
    .parse(await client.runs.list(threadId, { limit: 100, signal }));
  runs.sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
  for (const run of runs) {
    const mark = RunMark.safeParse(run.metadata?.[RUN_METADATA_KEY]);
    if (!mark.success) continue;
    const entry = Object.entries(mark.data).find(([key]) => splitPartKey(key).interruptId === interruptId);
    if (entry) return { interruptId: entry[1].interrupt ?? interruptId, decisionId: entry[1].decision_id };
  }
  return { interruptId, decisionId: null };
}

/** Our resume runs on the thread that have not ended yet: decision id -> run id (a push finding its own run still going). */
export async function activeOwnRuns(client: Client, threadId: string, signal?: AbortSignal): Promise<Map<string, string>> {
  const runs = z
    .array(RunLike)
    .catch([])
    .parse(await client.runs.list(threadId, { limit: 20, signal }));
  const out = new Map<string, string>();
  for (const run of runs) {
    if (run.status !== 'pending' && run.status !== 'running') continue;
    const mark = RunMark.safeParse(run.metadata?.[RUN_METADATA_KEY]);
    if (mark.success) for (const m of Object.values(mark.data)) out.set(m.decision_id, run.run_id);
  }
  return out;
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
