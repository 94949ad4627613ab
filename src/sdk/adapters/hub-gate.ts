// The part every framework adapter shares: one tool call that paused for approval becomes one hub request, the
// hub's final answer becomes a verdict the framework can apply (run with these args, or deny with this message),
// and what happened after release is reported back as the request's outcome.
//
// A call is identified by (runId, callId): the Idempotency-Key is derived from both, so running the same run again
// (after a crash, from a saved state) attaches to the request already there instead of asking twice, and a call the
// hub already has an outcome for is never run a second time.
import { createHash } from 'node:crypto';
import type { ApprovalRequest, Evidence } from '../../shared/domain.js';
import { ApprovalTimeoutError, HubError, type ApprovalHandle, type HubClient } from '../index.js';

/** One tool call waiting for a human, as the adapters see it. */
export interface GatedCall {
  callId: string;
  toolName: string;
  args: Record<string, unknown>;
}

/** Tool name -> action class: one class for every tool, a table (unlisted tools use their own name), or a function. */
export type ActionClassMapping = string | Readonly<Record<string, string>> | ((call: GatedCall) => string);

export interface GateOptions {
  hub: HubClient;
  /** A stable id of this run (a conversation id, a job id): with the call id it makes the Idempotency-Key. */
  runId: string;
  /** Default: the tool's name is its action class. */
  actionClass?: ActionClassMapping;
  agent?: { id: string; name?: string; runUrl?: string | null };
  /** Default: `<tool>(<args as JSON, cut at 300 chars>)`. */
  summary?: (call: GatedCall) => string;
  evidence?: (call: GatedCall) => Evidence[];
  /**
   * The person the run acts for (a hub handle, e.g. the customer or employee who asked the agent): that person can
   * never approve the call (docs/policy.md "Decision rights"). A function picks it per call.
   */
  onBehalfOf?: string | ((call: GatedCall) => string | undefined);
  /** Seconds until each request expires (default: the class's). */
  expiresIn?: number;
  /** How long to wait for each decision; then the request is withdrawn and the call denied. Default: no limit. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** What the framework should do with the call. */
export type Verdict =
  | { kind: 'run'; callId: string; args: Record<string, unknown>; edited: boolean; request: ApprovalRequest; handle: ApprovalHandle }
  | { kind: 'deny'; callId: string; message: string; request: ApprovalRequest; handle: ApprovalHandle };

/** One gated call as it ended: the adapters return these so the caller can see what the hub recorded. */
export interface GateRecord {
  callId: string;
  toolName: string;
  requestId: string;
  status: ApprovalRequest['status'];
  /** What the adapter did: ran the tool (as approved, edited or not), or denied it with `message`. */
  applied: 'ran' | 'denied';
  edited: boolean;
  message?: string;
  /** The outcome reported to the hub, if any. */
  outcome?: { status: 'executed' | 'failed'; detail: string };
  /** Reporting the outcome failed (the hub stayed away past the client's retries); the tool's result is kept. */
  outcomeError?: string;
}

/**
 * Asking the hub failed (a refused submit, a hub away past the retries, an abort) while the run was paused:
 * `resumeFrom` is where the run stands (the RunState, or the messages), so nothing is lost: fix the cause and
 * call the adapter again with it; requests already submitted are re-attached, not asked again.
 */
export class PausedRunError<S> extends Error {
  constructor(
    override readonly cause: unknown,
    readonly resumeFrom: S,
  ) {
    super(`the run is paused at a tool approval and asking the hub failed: ${errorText(cause)}`);
    this.name = 'PausedRunError';
  }
}

const MAX_KEY = 200;
const PRINTABLE = /^[\x21-\x7e]+$/;

function idempotencyKey(adapter: string, runId: string, callId: string): string {
  const plain = `${adapter}:${runId}:${callId}`;
  if (plain.length <= MAX_KEY && PRINTABLE.test(plain)) return plain;
  return `${adapter}:sha256:${createHash('sha256').update(runId).update('\0').update(callId).digest('hex')}`;
}

function actionClassFor(mapping: ActionClassMapping | undefined, call: GatedCall): string {
  if (mapping === undefined) return call.toolName;
  if (typeof mapping === 'string') return mapping;
  if (typeof mapping === 'function') return mapping(call);
  return Object.hasOwn(mapping, call.toolName) ? mapping[call.toolName]! : call.toolName;
}

function onBehalfOfFor(option: GateOptions['onBehalfOf'], call: GatedCall): { onBehalfOf?: string } {
  const who = typeof option === 'function' ? option(call) : option;
  return who ? { onBehalfOf: who } : {};
}

function defaultSummary(call: GatedCall): string {
  const args = JSON.stringify(call.args);
  return `${call.toolName}(${args.length > 300 ? `${args.slice(0, 299)}…` : args})`;
}

export function checkRunId(runId: string): void {
  if (typeof runId !== 'string' || runId.length === 0 || runId.length > 500) throw new TypeError('runId must be a non-empty string of at most 500 characters');
}

/** Submits (or re-attaches to) the call's request and waits for its final status. */
async function decide(opts: GateOptions, adapter: string, call: GatedCall): Promise<{ handle: ApprovalHandle; request: ApprovalRequest }> {
  const handle = await opts.hub.requestApproval({
    actionClass: actionClassFor(opts.actionClass, call),
    action: { name: call.toolName, args: call.args },
    summary: (opts.summary ?? defaultSummary)(call),
    evidence: opts.evidence?.(call) ?? [],
    ...(opts.expiresIn !== undefined ? { expiresIn: opts.expiresIn } : {}),
    ...(opts.agent ? { agent: opts.agent } : {}),
    ...onBehalfOfFor(opts.onBehalfOf, call),
    externalId: call.callId.slice(0, 500),
    idempotencyKey: idempotencyKey(adapter, opts.runId, call.callId),
    signal: opts.signal,
  });
  try {
    return { handle, request: await handle.decision({ timeout: opts.timeoutMs, signal: opts.signal }) };
  } catch (e) {
    if (!(e instanceof ApprovalTimeoutError)) throw e;
  }
  // Nobody decided in time: withdraw, unless a decision landed in the meantime (then that one counts).
  try {
    return { handle, request: await handle.withdraw() };
  } catch (w) {
    if (!(w instanceof HubError && w.status === 409)) throw w;
    return { handle, request: await opts.hub.getRequest(handle.id) };
  }
}

/** Why a call that is not approved did not run, in words the model (and the approver's audit) can use. */
function denialMessage(r: ApprovalRequest): string {
  const who = r.decision?.decidedBy ?? 'the approver';
  const feedback = r.decision?.feedback ? `: ${r.decision.feedback}` : '';
  switch (r.status) {
    case 'rejected':
      return `Rejected by ${who}${feedback}`;
    case 'escalated':
      return `Escalated by ${who} to a person who owns the case; do not retry this call${feedback}`;
    case 'expired':
      return 'Not run: nobody decided before the approval request expired';
    case 'withdrawn':
      return 'Not run: the approval request was withdrawn (no decision in time)';
    default:
      return `Not run: the approval request is ${r.status}`;
  }
}

/**
 * Asks the hub about one call and says what to do. `editable` tells whether the framework can run the call with
 * other arguments; when it cannot, an approval with edits is denied with the reason and reported as failed, since
 * running the unedited call would run something the approver did not approve.
 */
export async function gateCall(opts: GateOptions, adapter: string, call: GatedCall, editable: { ok: true } | { ok: false; reason: string }): Promise<Verdict> {
  const { handle, request } = await decide(opts, adapter, call);
  const deny = (message: string): Verdict => ({ kind: 'deny', callId: call.callId, message, request, handle });
  if (request.outcome) {
    // This call was released and reported before (a retried run): never run it twice.
    return deny(`Not run again: this call already ran and was reported ${request.outcome.status}${request.outcome.detail ? ` (${request.outcome.detail})` : ''}`);
  }
  if (request.status === 'released') return { kind: 'run', callId: call.callId, args: call.args, edited: false, request, handle };
  if (request.status !== 'approved') return deny(denialMessage(request));

  const edit = request.decision?.editedAction;
  if (!edit || request.decision?.changed === false) return { kind: 'run', callId: call.callId, args: call.args, edited: false, request, handle };
  const feedback = request.decision?.feedback ? ` Their note: ${request.decision.feedback}` : '';
  const refusal = (reason: string) =>
    `Not run: ${request.decision?.decidedBy ?? 'the approver'} approved it only with edited arguments ${JSON.stringify(edit.args)}, which could not be applied (${reason}).${feedback}`;
  if (edit.name !== call.toolName) return deny(refusal(`the edit names another tool, ${edit.name}`));
  if (!editable.ok) return deny(refusal(editable.reason));
  return { kind: 'run', callId: call.callId, args: edit.args, edited: true, request, handle };
}

/** Reports the outcome; a hub that stays away is recorded on the record, never thrown over a tool that already ran. */
export async function report(record: GateRecord, handle: ApprovalHandle, outcome: { status: 'executed' | 'failed'; detail: string }): Promise<void> {
  record.outcome = { status: outcome.status, detail: outcome.detail.slice(0, 10_000) };
  try {
    const after = await handle.reportOutcome(record.outcome);
    record.status = after.status;
  } catch (e) {
    record.outcomeError = errorText(e);
  }
}

export function recordOf(call: GatedCall, v: Verdict): GateRecord {
  return {
    callId: call.callId,
    toolName: call.toolName,
    requestId: v.request.id,
    status: v.request.status,
    applied: v.kind === 'run' ? 'ran' : 'denied',
    edited: v.kind === 'run' && v.edited,
    ...(v.kind === 'deny' ? { message: v.message } : {}),
  };
}

/** A denial of an approved call (a refused edit) is itself an outcome: the approved action did not happen. */
export async function reportDenial(record: GateRecord, v: Verdict): Promise<void> {
  if (v.kind === 'deny' && v.request.status === 'approved' && !v.request.outcome) await report(record, v.handle, { status: 'failed', detail: v.message });
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : typeof e === 'string' ? e : JSON.stringify(e);
}

/** Tool output as a short outcome detail. */
export function detailOf(output: unknown): string {
  const text = typeof output === 'string' ? output : JSON.stringify(output);
  return text === undefined ? '' : text.length > 2000 ? `${text.slice(0, 1999)}…` : text;
}
