// The only bridge between the sandboxed renderer and the Node side: window.countersign = ConsoleApi.
// Nothing else is exposed. Errors arrive as {code, message, issues} objects (the RpcError shape).
// Sandboxed, so this is bundled whole (zod included): it can require nothing but electron.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ConsoleApi, EventName, EventPayload, MethodInput, MethodName, MethodOutput } from '../shared/contract.js';
import { EVENT_CHANNEL, INVOKE_CHANNEL, IpcAnswer } from '../shared/transport.js';

const api: ConsoleApi = {
  async invoke<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    const parsed = IpcAnswer.safeParse(await ipcRenderer.invoke(INVOKE_CHANNEL, method, input));
    const answer: IpcAnswer = parsed.success ? parsed.data : { ok: false, error: { code: 'internal', message: 'Malformed answer from Countersign' } };
    // The core validated the output against the method's schema before answering.
    if (answer.ok) return answer.output as MethodOutput<M>;
    // A plain object crosses the context bridge intact (an Error would lose code and issues).
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- see the line above
    throw { name: 'ConsoleError', code: answer.error.code, message: answer.error.message, issues: answer.error.issues };
  },
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    // The main process pushes only (name, payload) pairs it took from the core's typed events.
    const handler = (_e: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === event) listener(payload as EventPayload<E>);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => void ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  },
};

contextBridge.exposeInMainWorld('countersign', api);
