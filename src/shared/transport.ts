// The two envelopes the console contract travels in, defined once for both ends of each transport
// (docs/architecture.md documents the wire). Pure: no Electron, no Node, no DOM.
//   Electron IPC: ipcRenderer.invoke(INVOKE_CHANNEL, method, input) -> IpcAnswer;
//                 webContents.send(EVENT_CHANNEL, name, payload).
//   WebSocket:    WsCall in; WsResult and WsEvent out.
import { z } from 'zod';
import { RpcError, type EventName } from './contract.js';

export const INVOKE_CHANNEL = 'countersign:invoke';
export const EVENT_CHANNEL = 'countersign:event';

const MethodName = z.string().min(1).max(200);

/** What one invoke carries after the channel: (method, input). The core validates the input itself. */
export const IpcInvokeArgs = z.tuple([MethodName, z.unknown()]);

/** What follows the channel in one event push. */
export type IpcEventArgs = [event: EventName, payload: unknown];

// The answer proper, shared by both transports: the WebSocket result is this with `t` and `id` in front.
const Succeeded = z.object({ ok: z.literal(true), output: z.unknown() });
const Failed = z.object({ ok: z.literal(false), error: RpcError });

/** An IPC invoke's answer: {ok, output} | {ok:false, error}, so codes and issues survive the trip. */
export const IpcAnswer = z.discriminatedUnion('ok', [Succeeded, Failed]);
export type IpcAnswer = z.infer<typeof IpcAnswer>;

export const WsCall = z.object({
  t: z.literal('call'),
  id: z.number().int().safe(),
  method: MethodName,
  input: z.unknown().optional(),
});
export type WsCall = z.infer<typeof WsCall>;

// id is null when the call was too malformed to tell which one it was.
const ResultHead = { t: z.literal('result'), id: z.number().nullable() };
export const WsResult = z.discriminatedUnion('ok', [Succeeded.extend(ResultHead), Failed.extend(ResultHead)]);
export type WsResult = z.infer<typeof WsResult>;

export const WsEvent = z.object({ t: z.literal('event'), event: z.string(), payload: z.unknown() });
export type WsEvent = z.infer<typeof WsEvent>;

/** Everything the server sends over the socket. */
export const WsServerMessage = z.union([WsResult, WsEvent]);

/** The WebSocket result for one answer; key order t, id, ok, output|error is the wire format. */
export function wsResult(id: number | null, answer: IpcAnswer): WsResult {
  return { t: 'result', id, ...answer };
}
