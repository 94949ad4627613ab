// The contract over Electron IPC: one invoke channel in, one event channel out.
// Answers travel as {ok, output} | {ok:false, error: RpcError}, so codes and issues survive the trip.
import { z } from 'zod';
import { ipcMain, type BrowserWindow } from 'electron';
import { events, type EventName } from '../../shared/contract.js';
import type { ConsoleCore } from '../core/api.js';
import { toRpcError } from '../core/errors.js';
import { isOurRenderer } from './security.js';

export const INVOKE_CHANNEL = 'countersign:invoke';
export const EVENT_CHANNEL = 'countersign:event';

const Invoke = z.tuple([z.string().min(1).max(200), z.unknown()]);

export function registerIpc(core: ConsoleCore, loc: { devUrl: string | null; fileUrl: string }): void {
  ipcMain.handle(INVOKE_CHANNEL, async (event, ...args: unknown[]) => {
    if (!isOurRenderer(event.senderFrame, loc)) return { ok: false, error: { code: 'forbidden', message: 'IPC from a frame that is not the Countersign renderer' } };
    const parsed = Invoke.safeParse(args);
    if (!parsed.success) return { ok: false, error: { code: 'invalid_input', message: 'IPC payload must be (method, input)' } };
    try {
      return { ok: true, output: await core.call(parsed.data[0], parsed.data[1]) };
    } catch (err) {
      return { ok: false, error: toRpcError(err) };
    }
  });
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
