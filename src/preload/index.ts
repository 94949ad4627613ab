// The only bridge between the sandboxed renderer and the Node side: window.countersign = ConsoleApi.
// Nothing else is exposed. Errors arrive as {code, message, issues} objects (the RpcError shape).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ConsoleApi, EventName } from '../shared/contract.js';

const INVOKE_CHANNEL = 'countersign:invoke';
const EVENT_CHANNEL = 'countersign:event';

type Answer = { ok: true; output: unknown } | { ok: false; error: { code: string; message: string; issues?: unknown } };

const api = {
  async invoke(method: string, input: unknown): Promise<unknown> {
    const answer = (await ipcRenderer.invoke(INVOKE_CHANNEL, method, input)) as Answer;
    if (answer.ok) return answer.output;
    // A plain object crosses the context bridge intact (an Error would lose code and issues).
    throw { name: 'ConsoleError', code: answer.error.code, message: answer.error.message, issues: answer.error.issues };
  },
  on(event: EventName, listener: (payload: unknown) => void): () => void {
    const handler = (_e: IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => void ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  },
} as unknown as ConsoleApi;

contextBridge.exposeInMainWorld('countersign', api);
