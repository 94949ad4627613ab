// MCP Tasks for the gateway's clients: a tools/call sent with `task` is answered at once with a task the client
// polls (tasks/get, tasks/result), so a human who approves after minutes still reaches a client whose own request
// timeout is far shorter. The call itself runs exactly as an ordinary one (src/gateway/call-handler.ts); waiting
// messages become the task's statusMessage; tasks/cancel withdraws the hub request like a cancelled call.
import { InMemoryTaskStore } from '@modelcontextprotocol/sdk/experimental/tasks';
import type { RequestTaskStore } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult, ServerCapabilities, Task, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { CallLog } from '../call-log.js';
import { ProgressReporter } from '../progress.js';

export const TASK_CAPABILITIES: NonNullable<ServerCapabilities['tasks']> = { list: {}, cancel: {}, requests: { tools: { call: {} } } };

/** How often the client is told to poll: often enough that an approval shows up within a couple of seconds. */
const POLL_MS = 2_000;
/** How long a finished task's result stays readable (the client polls it within POLL_MS; a slow one gets room). */
const RESULT_KEEP_MS = 10 * 60_000;

/** One per downstream session: tasks are the session's own; tasks/cancel or the session's end aborts the call. */
export class GatewayTaskStore extends InMemoryTaskStore {
  private readonly running = new Map<string, AbortController>();

  watch(taskId: string): AbortSignal {
    const ac = new AbortController();
    this.running.set(taskId, ac);
    return ac.signal;
  }

  done(taskId: string): void {
    this.running.delete(taskId);
  }

  override async updateTaskStatus(taskId: string, status: Task['status'], statusMessage?: string, sessionId?: string): Promise<void> {
    await super.updateTaskStatus(taskId, status, statusMessage, sessionId);
    if (status === 'cancelled') this.running.get(taskId)?.abort(new Error('the client cancelled the task'));
  }

  /** The session ended: every call still waiting is cancelled (its hub request withdrawn), and the timers stop. */
  closeAll(): void {
    for (const ac of this.running.values()) ac.abort(new Error('the client session ended'));
    this.running.clear();
    this.cleanup();
  }
}

/** Hub-bound tools may wait for a human: they offer task execution (the upstream's own setting is kept otherwise). */
export function withTaskSupport(tool: Tool, route: 'pass' | 'hub'): Tool {
  const own = tool.execution?.taskSupport;
  if (route !== 'hub' || (own && own !== 'forbidden')) return tool;
  return { ...tool, execution: { ...tool.execution, taskSupport: 'optional' } };
}

export interface TaskRun {
  store: GatewayTaskStore;
  /** The request-scoped view the SDK hands the handler (sends notifications/tasks/status on each change). */
  requestStore: RequestTaskStore;
  requestedTtlMs: number | undefined;
  /** How long the call may wait for a decision: the task lives at least that long. */
  waitMs: number;
  tool: string;
  log: CallLog;
  /** Runs the call with the task's signal and a progress reporter that writes the task's status message. */
  run: (signal: AbortSignal, progress: ProgressReporter) => Promise<CallToolResult>;
}

export async function startTask(t: TaskRun): Promise<{ task: Task }> {
  const ttl = Math.max(t.requestedTtlMs ?? 0, t.waitMs + RESULT_KEEP_MS);
  const task = await t.requestStore.createTask({ ttl, pollInterval: POLL_MS });
  const signal = t.store.watch(task.taskId);
  const progress = new ProgressReporter(task.taskId, async (n) => {
    const message = (n.params as { message?: string }).message;
    await t.requestStore.updateTaskStatus(task.taskId, 'working', message);
  });
  t.log.write({ event: 'task_created', tool: t.tool, taskId: task.taskId });
  void (async () => {
    let result: CallToolResult;
    try {
      result = await t.run(signal, progress);
    } catch (e) {
      // An upstream JSON-RPC error: the task fails with the upstream's message as its result.
      result = { content: [{ type: 'text', text: (e as Error).message }], isError: true };
      await t.requestStore.storeTaskResult(task.taskId, 'failed', result).catch(() => {});
      return;
    }
    // A rejection or an expiry is still a completed call: its result carries the approver's feedback to the model.
    await t.requestStore.storeTaskResult(task.taskId, 'completed', result).catch(() => {
      // Cancelled meanwhile: the task is already terminal and the call was withdrawn.
    });
  })()
    .catch((e: unknown) => t.log.write({ event: 'task_error', taskId: task.taskId, error: String((e as Error)?.message ?? e) }))
    .finally(() => t.store.done(task.taskId));
  return { task };
}
