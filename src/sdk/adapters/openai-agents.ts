// OpenAI Agents SDK (JS, @openai/agents 0.11.x) -> the hub: every tool call a `needsApproval` tool raises becomes a
// hub request; the verdict is applied with `state.approve(item)` / `state.reject(item, { message })` and the run is
// resumed from its state, until it finishes without interruptions. docs/frameworks.md.
//
// Types only from the SDK: the caller hands in its own `run` (or a Runner), so nothing here loads the package.
import type { Agent, AgentInputItem, FunctionTool, NonStreamRunOptions, RunResult, RunState, RunToolApprovalItem } from '@openai/agents';
import { checkRunId, detailOf, errorText, PausedRunError, gateCall, recordOf, report, reportDenial, type GateOptions, type GateRecord, type GatedCall } from './hub-gate.js';

export type { ActionClassMapping, GateOptions, GateRecord } from './hub-gate.js';
export { PausedRunError } from './hub-gate.js';
/* eslint-disable @typescript-eslint/no-explicit-any -- agents of any context and output type, as the SDK's own run() takes them */
type AnyAgent = Agent<any, any>;
type AnyResult = RunResult<any, AnyAgent>;
type AnyInput = string | AgentInputItem[] | RunState<any, AnyAgent>;
type AnyRunOptions = NonStreamRunOptions<any, AnyAgent>;
type AnyFunctionTool = FunctionTool<any, any, any>;
/* eslint-enable @typescript-eslint/no-explicit-any */

/** `run` from '@openai/agents', or a `Runner` (its `run`), non-streaming. */
export interface AgentsRunner {
  run(agent: AnyAgent, input: AnyInput, options?: AnyRunOptions): Promise<AnyResult>;
}

export interface OpenAIAgentsApprovals {
  /**
   * The same function tool, able to run with an approver's edited arguments: the SDK has no way to change a pending
   * call's arguments in the RunState, so the wrapper swaps the input when the approved call reaches it. The edited
   * arguments pass through the tool's own parameter schema. Calls to tools not wrapped refuse edits.
   */
  editable<T extends AnyFunctionTool>(tool: T): T;
  /** Runs the agent, asking the hub about every interruption, until the run ends without one. */
  run(agent: AnyAgent, input: AnyInput, options?: AnyRunOptions): Promise<{ result: AnyResult; approvals: GateRecord[] }>;
}

const ADAPTER = 'openai-agents';
const NOT_WRAPPED = 'the OpenAI Agents SDK cannot change the arguments of a pending tool call, and this tool is not wrapped with editable()';

function callIdOf(item: RunToolApprovalItem): string {
  const raw = item.rawItem as { callId?: unknown; id?: unknown };
  const id = typeof raw.callId === 'string' ? raw.callId : typeof raw.id === 'string' ? raw.id : undefined;
  if (!id) throw new Error(`tool approval item for ${item.name ?? 'an unnamed tool'} has no call id; it cannot be gated`);
  return id;
}

function argsOf(item: RunToolApprovalItem): Record<string, unknown> {
  const text = item.arguments;
  if (text === undefined) return {};
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { input: v };
  } catch {
    return { arguments: text };
  }
}

/** The tool's result for a call, from the run's history: the SDK records it as an item with the same call id. */
function resultFor(history: AgentInputItem[], callId: string): { found: boolean; output?: unknown } {
  for (const item of history) {
    const it = item as { type?: string; callId?: string; output?: unknown };
    if (it.callId === callId && typeof it.type === 'string' && /_(result|output)$/.test(it.type)) {
      const out = it.output as { type?: string; text?: string } | string | undefined;
      return { found: true, output: typeof out === 'object' && out?.type === 'text' ? out.text : out };
    }
  }
  return { found: false };
}

export function openAIAgentsApprovals(runner: AgentsRunner, opts: GateOptions): OpenAIAgentsApprovals {
  checkRunId(opts.runId);
  const wrapped = new WeakSet<object>();
  /** call id -> the approved, edited arguments as JSON (what the tool's invoke parses). */
  const editedArgs = new Map<string, string>();

  function editableFor(item: RunToolApprovalItem): { ok: true } | { ok: false; reason: string } {
    const tool = (item.agent.tools as Array<{ name?: string }>).find((t) => t.name === item.name);
    return tool && wrapped.has(tool) && item.rawItem.type === 'function_call' ? { ok: true } : { ok: false, reason: NOT_WRAPPED };
  }

  return {
    editable<T extends AnyFunctionTool>(tool: T): T {
      const invoke: AnyFunctionTool['invoke'] = (ctx, input, details) => {
        const id = details?.toolCall?.callId;
        return tool.invoke(ctx, (id && editedArgs.get(id)) || input, details);
      };
      const copy: T = { ...tool, invoke };
      wrapped.add(copy);
      return copy;
    },

    async run(agent, input, options) {
      const approvals: GateRecord[] = [];
      let next = input;
      /** Calls approved in the last round, whose results the resumed run holds. */
      let released: Array<{ record: GateRecord; handle: Parameters<typeof report>[1] }> = [];
      const settle = async (history: AgentInputItem[], error?: unknown) => {
        for (const { record, handle } of released) {
          const r = resultFor(history, record.callId);
          if (r.found) await report(record, handle, { status: 'executed', detail: detailOf(r.output) });
          else
            await report(record, handle, {
              status: 'failed',
              detail: error ? `the run failed before the tool returned: ${errorText(error)}` : 'the tool produced no result in the run',
            });
        }
        released = [];
      };

      for (;;) {
        let result: AnyResult;
        try {
          result = await runner.run(agent, next, { ...options, stream: false });
        } catch (e) {
          // The state we resumed holds whatever ran before the failure.
          if (typeof next === 'object' && !Array.isArray(next)) await settle(next.history, e);
          throw e;
        }
        await settle(result.history);
        const interruptions = result.interruptions ?? [];
        if (interruptions.length === 0) return { result, approvals };

        const state = result.state;
        const calls: GatedCall[] = interruptions.map((item) => ({ callId: callIdOf(item), toolName: item.name ?? item.rawItem.type, args: argsOf(item) }));
        const verdicts = await Promise.all(calls.map((call, i) => gateCall(opts, ADAPTER, call, editableFor(interruptions[i]!)))).catch((e: unknown) => {
          throw new PausedRunError(e, state);
        });
        for (const [i, v] of verdicts.entries()) {
          const item = interruptions[i]!;
          const record = recordOf(calls[i]!, v);
          approvals.push(record);
          if (v.kind === 'run') {
            if (v.edited) editedArgs.set(v.callId, JSON.stringify(v.args));
            state.approve(item);
            released.push({ record, handle: v.handle });
          } else {
            state.reject(item, { message: v.message });
            await reportDenial(record, v);
          }
        }
        next = state;
      }
    },
  };
}
