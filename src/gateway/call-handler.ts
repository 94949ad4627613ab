// One tool call through the gateway: pass read-only calls straight through; otherwise ask the hub, wait for a
// human when the lane is approval, forward the (possibly edited) call, and report what happened.
import { randomUUID } from 'node:crypto';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ApprovalRequest, Evidence } from '../shared/domain.js';
import { isRetryable } from '../hub-client/index.js';
import { preview, type CallLog } from './call-log.js';
import { atSource, decisionNote, evidence, outcomeDetail, summarize } from './call-texts.js';
import type { CatalogEntry } from './catalog.js';
import type { GatewayConfig } from './config.js';
import { callIdentity, type PendingCalls, type ProgressLike, type SharedCall } from './pending-calls.js';
import { upstreamRpcError } from './rpc-error.js';
import { UpstreamClosedError, type Upstream } from './upstream.js';
import { waitForDecision, type ApprovalHandleLike } from './wait.js';

/** What the gateway submits: the SDK's requestApproval input. */
interface ApprovalInput {
  actionClass: string;
  action: { name: string; args: Record<string, unknown> };
  summary: string;
  evidence?: Evidence[];
  expiresIn?: number;
  agent?: { id: string; name?: string; runUrl?: string | null };
  idempotencyKey?: string;
  signal?: AbortSignal;
}
export type { ApprovalInput };

export interface HubClientLike {
  requestApproval(input: ApprovalInput): Promise<ApprovalHandleLike>;
  /** A handle on a request submitted earlier (re-attaching a retried call). */
  attach?(id: string): Promise<ApprovalHandleLike>;
  /**
   * The id of the request submitted with `idempotencyKey`, null when the hub has none (it never got the submit). A hub
   * without the lookup is asked by submitting `body` under the key: it answers the first request if there is one,
   * else stores `body` as a new one.
   */
  findByKey?(idempotencyKey: string, body: ApprovalInput): Promise<string | null>;
}

/** What a call needs of its upstream; resources/read and prompts/get pass an adapter (src/gateway/surface/gated.ts). */
type CallTarget = Pick<Upstream, 'name' | 'describe' | 'callTool'>;

export interface CallContext {
  entry: CatalogEntry;
  upstream: CallTarget;
  args: Record<string, unknown>;
  client: { name: string; version: string } | undefined;
  sessionId: string | undefined;
  transport: 'stdio' | 'http';
  /** The client's cancellation or the gateway's shutdown. */
  signal: AbortSignal;
  /** The gateway's shutdown alone, to tell the client which of the two ended its call. */
  shutdown?: AbortSignal;
  progress: ProgressLike;
}

export interface CallDeps {
  config: GatewayConfig;
  hub: HubClientLike;
  log: CallLog;
  pending: PendingCalls;
}

function errorResult(text: string, meta?: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true, ...(meta ? { _meta: { countersign: meta } } : {}) };
}

const EXPIRY_GRACE_MS = 3_000;

async function forward(ctx: CallContext, deps: CallDeps, args: Record<string, unknown>): Promise<CallToolResult> {
  const result = await ctx.upstream.callTool(
    ctx.entry.policy.tool,
    args,
    {
      signal: ctx.signal,
      timeout: deps.config.upstreamTimeoutSeconds * 1000,
      resetTimeoutOnProgress: true,
      // The upstream's own progress, values kept (src/gateway/progress.ts).
      onprogress: (p) => void ctx.progress.forward(p),
    },
    // A tool the upstream runs only as a task: the gateway creates, polls and collects that task itself.
    { asTask: ctx.entry.tool.execution?.taskSupport === 'required' },
  );
  // The upstream sent its progress before its answer: so does the gateway.
  await ctx.progress.flush();
  return result;
}

/** Forwards, turning a crashed upstream into a clear error result; rethrows upstream JSON-RPC errors unchanged. */
async function forwardSafely(ctx: CallContext, deps: CallDeps, args: Record<string, unknown>): Promise<{ result: CallToolResult; ok: boolean }> {
  try {
    const result = await forward(ctx, deps, args);
    return { result, ok: !result.isError };
  } catch (e) {
    if (ctx.signal.aborted) {
      const why = ctx.shutdown?.aborted ? 'the gateway is shutting down' : 'the client cancelled it';
      return {
        result: errorResult(`${ctx.entry.policy.tool} was cancelled while it ran on "${ctx.upstream.name}" (${why}); whether it took effect is unknown.`, { error: 'cancelled' }),
        ok: false,
      };
    }
    if (e instanceof UpstreamClosedError && e.phase === 'connect') {
      return {
        result: errorResult(`The upstream MCP server "${ctx.upstream.name}" is not reachable, so ${ctx.entry.policy.tool} was not run: ${e.message}`, {
          error: 'upstream_unreachable',
        }),
        ok: false,
      };
    }
    if (e instanceof UpstreamClosedError) {
      return {
        result: errorResult(
          `The upstream MCP server "${ctx.upstream.name}" stopped during ${ctx.entry.policy.tool} (${(e.cause as Error)?.message ?? e.message}). ` +
            `Whether the call took effect is unknown. The gateway restarts the server on the next call.`,
          { error: 'upstream_closed' },
        ),
        ok: false,
      };
    }
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'number') {
      // A JSON-RPC error from the upstream, rethrown with its own code, message and data (as a direct connection shows it).
      throw upstreamRpcError(code, String((e as Error).message), (e as { data?: unknown }).data);
    }
    throw e;
  }
}

async function report(handle: ApprovalHandleLike, deps: CallDeps, ok: boolean, detail: string): Promise<void> {
  try {
    await handle.reportOutcome({ status: ok ? 'executed' : 'failed', detail });
  } catch (e) {
    deps.log.write({ event: 'outcome_report_failed', requestId: handle.id, error: (e as Error).message });
  }
}

/**
 * The approver edited which tool runs. The gateway only runs the tool the client called (the approver edits what runs,
 * not which tool), so running that tool would not be what was approved: refuse, and say so to both sides.
 */
function renamedByApprover(req: ApprovalRequest): string | null {
  const edited = req.status === 'approved' ? req.decision?.editedAction : null;
  return edited && edited.name !== req.action.name ? edited.name : null;
}

export async function handleToolCall(ctx: CallContext, deps: CallDeps): Promise<CallToolResult> {
  const { entry } = ctx;
  const base = { tool: entry.exposedName, upstream: ctx.upstream.name, class: entry.policy.actionClass.name };

  if (entry.policy.route === 'pass') {
    const { result, ok } = await forwardSafely(ctx, deps, ctx.args);
    deps.log.write({ event: 'pass', ...base, why: entry.policy.why, ok, args: preview(ctx.args, 200) });
    return result;
  }

  const agentId = ctx.client ? `${deps.config.agentId}:${ctx.client.name}` : deps.config.agentId;
  const identity = callIdentity({ agentId, upstream: ctx.upstream.name, tool: entry.policy.tool, args: ctx.args });
  return deps.pending.run(
    identity,
    { signal: ctx.signal, progress: ctx.progress },
    (shared) => hubCall({ ...ctx, signal: shared.signal, progress: shared.progress }, deps, identity, shared),
    () =>
      errorResult(`The call was cancelled while waiting for approval; its request stays open ${deps.config.retryGraceSeconds} s for a retry of the same call, then is withdrawn.`, {
        status: 'cancelled',
      }),
  );
}

/** A request this gateway submitted earlier for the same call (a retry, or after a restart), if it can still serve it. */
async function reattach(deps: CallDeps, identity: string, input: ApprovalInput): Promise<ApprovalHandleLike | null | 'may_have_run'> {
  const prior = deps.pending.recorded(identity);
  if (!prior || !deps.hub.attach) return null;
  // The gateway before us had handed this call to its upstream when it stopped: running it again could do it twice.
  if (prior.running) return 'may_have_run';
  try {
    // Only the intent was recorded (killed mid-submit): the key finds the request, or makes this call's.
    const id = prior.requestId ?? (await deps.hub.findByKey?.(prior.idempotencyKey, { ...input, idempotencyKey: prior.idempotencyKey }));
    if (!id) throw new Error('no request id and no way to find it');
    const h = await deps.hub.attach(id);
    if (h.request.status === 'withdrawn' || h.request.status === 'expired' || h.request.outcome) throw new Error(`request ended as ${h.request.status}`);
    deps.log.write({ event: 'reattached', requestId: h.id, tool: prior.tool, status: h.request.status });
    return h;
  } catch (e) {
    // The hub did not answer: the earlier request may still be pending, so its record stays (the caller gives it up).
    if (isRetryable(e)) throw e;
    deps.pending.forget(identity);
    return null;
  }
}

async function hubCall(ctx: CallContext, deps: CallDeps, identity: string, shared: SharedCall): Promise<CallToolResult> {
  const { entry } = ctx;
  const base = { tool: entry.exposedName, upstream: ctx.upstream.name, class: entry.policy.actionClass.name };
  // The request expires when the gateway stops waiting: a per-tool expiresIn, else waitTimeoutSeconds.
  const waitSeconds = entry.policy.expiresIn ?? deps.config.waitTimeoutSeconds;
  // Our own idempotency key: should the client cancel while the submit is in flight, the key finds that request to withdraw it.
  const input = {
    actionClass: entry.policy.actionClass.name,
    action: { name: entry.policy.tool, args: ctx.args },
    summary: summarize(ctx),
    evidence: evidence(ctx),
    expiresIn: waitSeconds,
    agent: {
      id: ctx.client ? `${deps.config.agentId}:${ctx.client.name}` : deps.config.agentId,
      name: ctx.client ? `${ctx.client.name} ${ctx.client.version} via Countersign gateway` : 'Countersign gateway',
    },
    idempotencyKey: randomUUID(),
  };
  let handle: ApprovalHandleLike;
  try {
    const prior = await reattach(deps, identity, input);
    if (prior === 'may_have_run') {
      deps.pending.forget(identity);
      deps.log.write({ event: 'not_rerun', ...base });
      return errorResult(
        `${entry.policy.tool} with these arguments was approved and being run on "${ctx.upstream.name}" when the Countersign gateway stopped; ` +
          `whether it took effect is unknown, so it is not run again. Check the result on the upstream, then call it again if it is still needed.`,
        { error: 'outcome_unknown' },
      );
    }
    if (prior) handle = prior;
    else {
      // The intent first: killed between the hub storing the request and the record below, the next gateway still finds it.
      deps.pending.record(identity, { requestId: null, idempotencyKey: input.idempotencyKey, tool: entry.exposedName });
      handle = await deps.hub.requestApproval({ ...input, signal: ctx.signal });
    }
  } catch (e) {
    if (ctx.signal.aborted) {
      // The hub may have stored the request before the abort, or never got it. Nothing is submitted again (that made a
      // new request just to withdraw it): the intent stays recorded, given up, and recover() looks the key up (which
      // stores nothing) one grace period later, when the hub has finished any submit it had, and withdraws what it
      // finds. After a shutdown the next gateway does the same from the state file.
      deps.pending.giveUp(identity, { requestId: null, idempotencyKey: input.idempotencyKey, tool: entry.exposedName });
      deps.log.write({ event: 'cancelled', ...base, during: 'submit' });
      const why = ctx.shutdown?.aborted ? 'the gateway is shutting down' : 'the call was cancelled';
      return errorResult(`${entry.policy.tool} was not submitted to Countersign because ${why}; it was not run. Should the hub have stored the request, it is withdrawn.`, {
        status: 'cancelled',
      });
    }
    // Fail closed: without the hub nobody can approve, so the call does not run. The hub may still have stored the
    // request before its answer was lost: the intent stays recorded, given up, so a retry of the same call re-attaches
    // to it by its key, and otherwise it is found and withdrawn (never left pending with nobody to run it).
    deps.pending.giveUp(identity, { requestId: null, idempotencyKey: input.idempotencyKey, tool: entry.exposedName });
    deps.log.write({ event: 'hub_error', ...base, error: (e as Error).message });
    return errorResult(
      `Countersign could not submit ${entry.policy.tool} for approval, so it was not run: ${(e as Error).message}. ` +
        `Should the hub have stored the request, retrying the same call within ${deps.config.retryGraceSeconds} s picks it up again; otherwise it is withdrawn.`,
      { error: 'hub_unavailable' },
    );
  }
  const ids = { ...base, requestId: handle.id };
  // Recorded until answered: a gateway killed meanwhile finds it at its next start (none is orphaned).
  deps.pending.record(identity, { requestId: handle.id, idempotencyKey: input.idempotencyKey, tool: entry.exposedName });
  deps.log.write({ event: 'submitted', ...ids, control: handle.request.control, status: handle.request.status });
  try {
    return await afterSubmit(ctx, deps, handle, shared, waitSeconds, ids, () => deps.pending.markRunning(identity));
  } finally {
    deps.pending.forget(identity);
  }
}

async function afterSubmit(
  ctx: CallContext,
  deps: CallDeps,
  handle: ApprovalHandleLike,
  shared: SharedCall,
  waitSeconds: number,
  ids: Record<string, unknown>,
  running: () => void,
): Promise<CallToolResult> {
  const { entry } = ctx;

  let request = handle.request;
  if (request.status === 'pending') {
    await ctx.progress.report(`Waiting for a human to approve ${entry.policy.tool} in Countersign (request ${handle.id})`);
    const started = Date.now();
    const stop = ctx.progress.every(
      deps.config.progressIntervalSeconds * 1000,
      () => `Still waiting for approval of ${entry.policy.tool} (${Math.round((Date.now() - started) / 1000)} s, request ${handle.id})`,
    );
    let outcome;
    try {
      // A little grace past the request's expiry so the hub's own `expired` answer wins over our timeout.
      outcome = await waitForDecision(handle, {
        timeoutMs: waitSeconds * 1000 + EXPIRY_GRACE_MS,
        stepMs: Math.min(deps.config.progressIntervalSeconds * 1000, 60_000),
        signal: ctx.signal,
      });
    } catch (e) {
      stop();
      deps.log.write({ event: 'wait_error', ...ids, error: (e as Error).message });
      return errorResult(`Countersign lost track of the approval request ${handle.id} for ${entry.policy.tool}, so it was not run: ${(e as Error).message}`, {
        requestId: handle.id,
        error: 'wait_failed',
      });
    } finally {
      stop();
    }
    if (outcome.kind !== 'final') {
      await handle.withdraw().catch(() => {});
      deps.log.write({ event: outcome.kind === 'cancelled' ? 'cancelled' : 'wait_timeout', ...ids });
      return errorResult(
        outcome.kind === 'cancelled'
          ? ctx.shutdown?.aborted
            ? `The Countersign gateway is shutting down; request ${handle.id} was withdrawn and ${entry.policy.tool} was not run. Retry once it is back.`
            : `The call was cancelled while waiting for approval; request ${handle.id} was withdrawn.`
          : `No decision on ${entry.policy.tool} within ${waitSeconds} s; request ${handle.id} was withdrawn and the call was not run. Try again later or ask an approver.`,
        { requestId: handle.id, status: outcome.kind === 'cancelled' ? 'cancelled' : 'timeout' },
      );
    }
    request = outcome.request;
  }

  const meta = { requestId: handle.id, status: request.status, control: request.control };
  switch (request.status) {
    case 'released':
    case 'approved': {
      if (!(await shared.waitForCaller())) {
        // Approved while its client was gone, and no retry came back: not run, and the hub is told so.
        await report(handle, deps, false, 'not run: the client had gone and did not retry the call');
        deps.log.write({ event: 'not_run_client_gone', ...ids });
        return errorResult(`${entry.policy.tool} was not run: its client had gone.`, { ...meta, error: 'client_gone' });
      }
      const renamed = renamedByApprover(request);
      if (renamed !== null) {
        const why = `the approver changed the tool to "${renamed}", which the gateway cannot apply (it only runs the tool that was called)`;
        await report(handle, deps, false, `not run: ${why}`);
        deps.log.write({ event: 'refused_edit', ...ids, editedName: renamed });
        return errorResult(
          `${entry.policy.tool} was approved by ${request.decision?.decidedBy ?? 'an approver'} in Countersign, but not run: ${why}. Call "${renamed}" yourself if that is what is wanted.`,
          { ...meta, error: 'edit_not_applicable' },
        );
      }
      const edited = request.status === 'approved' ? request.decision?.editedAction?.args : undefined;
      const args = edited ?? ctx.args;
      let forwarded;
      running();
      try {
        forwarded = await forwardSafely(ctx, deps, args);
      } catch (e) {
        // An upstream JSON-RPC error (passed on to the client as it is) still ends the request as failed on the hub.
        await report(handle, deps, false, `${atSource(ctx)} answered with an error: ${(e as Error).message}`);
        deps.log.write({ event: 'forwarded', ...ids, status: request.status, control: request.control, ok: false, error: (e as Error).message });
        throw e;
      }
      const { result, ok } = forwarded;
      await report(handle, deps, ok, outcomeDetail(ctx, result, ok));
      deps.log.write({ event: 'forwarded', ...ids, status: request.status, control: request.control, edited: !!request.decision?.changed, ok });
      if (request.status === 'approved') {
        const note = decisionNote(request);
        return { ...result, content: [...(result.content ?? []), { type: 'text', text: note }], _meta: { ...result._meta, countersign: meta } };
      }
      return result;
    }
    case 'rejected': {
      const d = request.decision;
      deps.log.write({ event: 'rejected', ...ids, by: d?.decidedBy });
      return errorResult(`Rejected by ${d?.decidedBy ?? 'an approver'} in Countersign; ${entry.policy.tool} was not run. Feedback: ${d?.feedback || '(none given)'}`, meta);
    }
    case 'escalated':
      deps.log.write({ event: 'escalated', ...ids });
      return errorResult(
        `${entry.policy.tool} was escalated to a human owner in Countersign and was not run. Stop this line of work; a person will take it from here.${request.decision?.feedback ? ` Note: ${request.decision.feedback}` : ''}`,
        meta,
      );
    case 'expired':
      deps.log.write({ event: 'expired', ...ids });
      return errorResult(`The approval request ${handle.id} for ${entry.policy.tool} expired before anyone decided; the call was not run. Ask again if it is still needed.`, meta);
    default:
      deps.log.write({ event: request.status, ...ids });
      return errorResult(`The approval request ${handle.id} for ${entry.policy.tool} ended as ${request.status}; the call was not run.`, meta);
  }
}
