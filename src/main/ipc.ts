// The contract over Electron IPC: one invoke channel in, one event channel out.
// Answers travel as {ok, output} | {ok:false, error: RpcError}, so codes and issues survive the trip.
// Channel names and envelopes: src/shared/transport.ts, which the preload uses too.
import { ipcMain, type BrowserWindow } from 'electron';
import { events, type EventName, type EventPayload } from '../shared/contract.js';
import { EVENT_CHANNEL, INVOKE_CHANNEL, type IpcEventArgs } from '../shared/transport.js';
import type { ConsoleCore } from '../core/api.js';
import { answerInvoke, type RendererLocation } from './renderer-origin.js';

/** Pushes one contract event to the window's renderer (if the window is still there). */
export function sendEvent<E extends EventName>(win: BrowserWindow | null, event: E, payload: EventPayload<E>): void {
  const args: IpcEventArgs = [event, payload];
  if (win && !win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, ...args);
}

export function registerIpc(core: ConsoleCore, loc: RendererLocation): void {
  ipcMain.handle(INVOKE_CHANNEL, (event, ...args: unknown[]) => answerInvoke(core, loc, event.senderFrame?.url, args));
}

/** Forwards every contract event to the window; returns the unsubscribe. */
export function forwardEventsTo(core: ConsoleCore, getWindow: () => BrowserWindow | null): () => void {
  const offs = (Object.keys(events) as EventName[]).map((name) => core.on(name, (payload) => sendEvent(getWindow(), name, payload)));
  return () => offs.forEach((o) => o());
}
