// Vercel AI SDK 6 (`ai` 6.x) -> the hub: a tool with `needsApproval` stops generateText with a
// `tool-approval-request {approvalId, toolCall}` part; each one becomes a hub request, and the verdict goes back as a
// `tool-approval-response {approvalId, approved, reason}` in a tool message of the next call, which runs the approved
// tools and continues. docs/frameworks.md.
//
// Types only from the SDK: the caller hands in its own `generateText`, so nothing here loads the package.
import type { ModelMessage, ToolApprovalResponse, ToolModelMessage } from 'ai';
import { checkRunId, detailOf, errorText, PausedRunError, gateCall, recordOf, report, reportDenial, type GateOptions, type GateRecord, type GatedCall } from './hub-gate.js';

export type { ActionClassMapping, GateOptions, GateRecord } from './hub-gate.js';
export { PausedRunError } from './hub-gate.js';
const ADAPTER = 'vercel-ai';
/** Why an edit is refused: the SDK binds an approval to the call's own input. */
export const AI_SDK_EDIT_REFUSAL =
  'the AI SDK runs an approved tool call with the input the model gave: an approval cannot carry other arguments (the SDK re-validates the approved input, and with experimental_toolApprovalSecret checks its signature)';

/** The parts of a generateText result this adapter reads. */
export interface ApprovalAwareResult {
  content: ReadonlyArray<{ type: string }>;
  response: { messages: ModelMessage[] };
}

export interface ApprovalRequestPart {
  type: 'tool-approval-request';
  approvalId: string;
  toolCall: { toolCallId: string; toolName: string; input: unknown; providerExecuted?: boolean };
}

/** A call approved in this round: its result arrives in the next call's answer, and is reported then. */
export interface Released {
  record: GateRecord;
  report(outcome: { status: 'executed' | 'failed'; detail: string }): Promise<void>;
}

function asArgs(input: unknown): Record<string, unknown> {
  if (input !== null && typeof input === 'object' && !Array.isArray(input)) return input as Record<string, unknown>;
  return input === undefined ? {} : { input };
}

/** Submits every approval request to the hub, waits for each verdict, and builds the tool message that answers them. */
export async function answerToolApprovals(
  parts: ReadonlyArray<{ type: string }>,
  opts: GateOptions,
): Promise<{ message: ToolModelMessage | null; approvals: GateRecord[]; released: Released[] }> {
  checkRunId(opts.runId);
  const requests = parts.filter((p): p is ApprovalRequestPart => p.type === 'tool-approval-request');
  if (requests.length === 0) return { message: null, approvals: [], released: [] };
  const calls: GatedCall[] = requests.map((p) => ({ callId: p.toolCall.toolCallId, toolName: p.toolCall.toolName, args: asArgs(p.toolCall.input) }));
  const verdicts = await Promise.all(calls.map((call) => gateCall(opts, ADAPTER, call, { ok: false, reason: AI_SDK_EDIT_REFUSAL })));
  const approvals: GateRecord[] = [];
  const released: Released[] = [];
  const content: ToolApprovalResponse[] = [];
  for (const [i, v] of verdicts.entries()) {
    const record = recordOf(calls[i]!, v);
    approvals.push(record);
    if (v.kind === 'run') {
      const by = v.request.decision?.decidedBy;
      content.push({ type: 'tool-approval-response', approvalId: requests[i]!.approvalId, approved: true, reason: by ? `approved by ${by}` : `released (${v.request.control})` });
      if (!requests[i]!.toolCall.providerExecuted) released.push({ record, report: (o) => report(record, v.handle, o) });
    } else {
      content.push({ type: 'tool-approval-response', approvalId: requests[i]!.approvalId, approved: false, reason: v.message });
      await reportDenial(record, v);
    }
  }
  return { message: { role: 'tool', content }, approvals, released };
}

/**
 * Approval requests already in a conversation and not answered yet (a run saved while it waited): rebuilt as the
 * parts generateText returns, so a resumed run answers them before calling the model again.
 */
export function unansweredApprovals(messages: ModelMessage[]): ApprovalRequestPart[] {
  const calls = new Map<string, ApprovalRequestPart['toolCall']>();
  const answered = new Set<string>();
  const asked: Array<{ approvalId: string; toolCallId: string }> = [];
  for (const m of messages) {
    if (typeof m.content === 'string') continue;
    for (const part of m.content) {
      if (part.type === 'tool-call')
        calls.set(part.toolCallId, { toolCallId: part.toolCallId, toolName: part.toolName, input: part.input, providerExecuted: part.providerExecuted });
      else if (part.type === 'tool-approval-request') asked.push(part);
      else if (part.type === 'tool-approval-response') answered.add(part.approvalId);
    }
  }
  return asked.flatMap((a) => {
    const toolCall = calls.get(a.toolCallId);
    return !answered.has(a.approvalId) && toolCall ? [{ type: 'tool-approval-request' as const, approvalId: a.approvalId, toolCall }] : [];
  });
}

/** The tool's result for a call id in the messages the SDK answered with: executed, failed (error output) or absent. */
function resultFor(messages: ModelMessage[], toolCallId: string): { status: 'executed' | 'failed'; detail: string } | null {
  for (const m of messages) {
    if (m.role !== 'tool') continue;
    for (const part of m.content) {
      if (part.type !== 'tool-result' || part.toolCallId !== toolCallId) continue;
      const out = part.output;
      const failed = out.type === 'error-text' || out.type === 'error-json' || out.type === 'execution-denied';
      return { status: failed ? 'failed' : 'executed', detail: detailOf('value' in out ? out.value : out) };
    }
  }
  return null;
}

/**
 * generateText with every approval request decided at the hub: calls `generate` (the SDK's generateText) with
 * `params`, answers the approval requests it stops on, calls again, and reports each released tool's result as the
 * request's outcome, until a call ends without approval requests. Returns the last result and the whole conversation.
 */
export async function generateTextWithApprovals<P extends { messages: ModelMessage[] }, R extends ApprovalAwareResult>(
  generate: (params: P) => PromiseLike<R>,
  params: P,
  opts: GateOptions,
): Promise<{ result: R; messages: ModelMessage[]; approvals: GateRecord[] }> {
  checkRunId(opts.runId);
  let messages = [...params.messages];
  const approvals: GateRecord[] = [];
  let released: Released[] = [];
  const ask = (parts: ReadonlyArray<{ type: string }>) =>
    answerToolApprovals(parts, opts).catch((e: unknown) => {
      throw new PausedRunError(e, messages);
    });
  const waiting = await ask(unansweredApprovals(messages));
  if (waiting.message) {
    messages.push(waiting.message);
    approvals.push(...waiting.approvals);
    released = waiting.released;
  }
  for (;;) {
    let result: R;
    try {
      result = await generate({ ...params, messages });
    } catch (e) {
      for (const r of released) await r.report({ status: 'failed', detail: `the call that runs approved tools failed: ${errorText(e)}` });
      throw e;
    }
    for (const r of released) await r.report(resultFor(result.response.messages, r.record.callId) ?? { status: 'failed', detail: 'the tool produced no result' });
    messages = [...messages, ...result.response.messages];
    const answered = await ask(result.content);
    approvals.push(...answered.approvals);
    if (!answered.message) return { result, messages, approvals };
    messages.push(answered.message);
    released = answered.released;
  }
}
