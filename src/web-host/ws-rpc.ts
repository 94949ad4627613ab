// The contract over WebSocket. Client -> {"t":"call","id":N,"method":"queue.list","input":{...}};
// server -> {"t":"result","id":N,"ok":true,"output":...} | {"t":"result","id":N,"ok":false,"error":{code,message,issues?}};
// server pushes {"t":"event","event":"queue.changed","payload":{...}}. Malformed messages get an error, never a crash.
// The envelopes are src/shared/transport.ts, which the renderer's client parses with too.
import type { WebSocket, RawData } from 'ws';
import { events, type EventName } from '../shared/contract.js';
import { WsCall, wsResult, type WsEvent, type WsResult } from '../shared/transport.js';
import type { ConsoleCore } from '../core/api.js';
import { issuesOf, toRpcError } from '../core/errors.js';

export const MAX_WS_MESSAGE_BYTES = 1024 * 1024;

/** A frame's bytes as text (ws hands a message over as one Buffer, a Buffer list or an ArrayBuffer). */
export function rawDataText(data: RawData): string {
  return (Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)).toString('utf8');
}

function send(ws: WebSocket, msg: WsResult | WsEvent): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
}

export async function handleMessage(core: ConsoleCore, ws: WebSocket, data: RawData, isBinary: boolean): Promise<void> {
  let raw: unknown;
  try {
    if (isBinary) throw new Error('binary frames are not accepted');
    raw = JSON.parse(rawDataText(data));
  } catch (err) {
    return send(ws, wsResult(null, { ok: false, error: { code: 'invalid_input', message: `Not a JSON message: ${(err as Error).message}` } }));
  }
  const msg = WsCall.safeParse(raw);
  if (!msg.success) {
    const id = raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'number' ? (raw as { id: number }).id : null;
    return send(ws, wsResult(id, { ok: false, error: { code: 'invalid_input', message: 'Malformed call message', issues: issuesOf(msg.error) } }));
  }
  const { id, method, input } = msg.data;
  try {
    const output = await core.dispatch(method, input);
    send(ws, wsResult(id, { ok: true, output }));
  } catch (err) {
    send(ws, wsResult(id, { ok: false, error: toRpcError(err) }));
  }
}

/** Subscribes one socket to every contract event; returns the unsubscribe. */
export function forwardEvents(core: ConsoleCore, ws: WebSocket): () => void {
  const offs = (Object.keys(events) as EventName[]).map((event) => core.on(event, (payload) => send(ws, { t: 'event', event, payload })));
  return () => offs.forEach((off) => off());
}
