// The contract over Electron IPC: one invoke channel in, one event channel out.
// Answers travel as {ok, output} | {ok:false, error: RpcError}, so codes and issues survive the trip.
import { ipcMain, type BrowserWindow } from 'electron';
import { events, type EventName } from '../shared/contract.js';
import type { ConsoleCore } from '../core/api.js';
import { answerInvoke, type RendererLocation } from './renderer-origin.js';

export const INVOKE_CHANNEL = 'countersign:invoke';
export const EVENT_CHANNEL = 'countersign:event';

export function registerIpc(core: ConsoleCore, loc: RendererLocation): void {
  ipcMain.handle(INVOKE_CHANNEL, (event, ...args: unknown[]) => answerInvoke(core, loc, event.senderFrame?.url, args));
}

/** Forwards every contract event to the window; returns the unsubscribe. */
export function forwardEventsTo(core: ConsoleCore, getWindow: () => BrowserWindow | null): () => void {
  const offs = (Object.keys(events) as EventName[]).map((name) =>
    core.on(name, (payload) => {
      const win = getWindow();
      if (win && !win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, name, payload);
    }),
  );
  return () => offs.forEach((o) => o());
}
