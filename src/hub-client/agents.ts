// The agent endpoints: submit, read (long-poll), outcome, withdraw, and a request's log.
import type { ApprovalRequest } from '../shared/domain.js';
import { RequestView, type OutcomeBody, type SubmitBody } from '../shared/protocol.js';
import { LogPublicKeyAnswer, RequestByKeyAnswer, RequestLogAnswer } from './answers.js';
import { hubCall, type HubConnection } from './transport.js';

interface CallOptions {
  signal?: AbortSignal;
}

const requestPath = (id: string) => `/v1/requests/${encodeURIComponent(id)}`;

/** POST /v1/requests. The key goes with every retry of this call, so the hub makes one request however many arrive. */
export function submitRequest(conn: HubConnection, body: SubmitBody, opts: CallOptions & { idempotencyKey: string }): Promise<ApprovalRequest> {
  return hubCall(conn, { method: 'POST', path: '/v1/requests', json: body, headers: { 'idempotency-key': opts.idempotencyKey }, signal: opts.signal }, RequestView);
}

/** GET /v1/requests/:id; with `wait` (seconds, up to 60) the hub holds a pending request until it changes. */
export function getRequest(conn: HubConnection, id: string, opts: CallOptions & { wait?: number } = {}): Promise<ApprovalRequest> {
  const wait = opts.wait ? Math.round(opts.wait * 1000) / 1000 : 0;
  return hubCall(
    conn,
    // The hub may hold the answer for `wait`: a timeout counts from when it may answer.
    { path: requestPath(id) + (wait ? `?wait=${wait}` : ''), signal: opts.signal, timeoutMs: conn.timeoutMs === undefined ? undefined : conn.timeoutMs + wait * 1000 },
    RequestView,
  );
}

/** GET /v1/idempotency-keys/:key: the request this token submitted under the key, or null (nothing is stored by asking). */
export function findRequestByKey(conn: HubConnection, idempotencyKey: string, opts: CallOptions = {}): Promise<ApprovalRequest | null> {
  return hubCall(conn, { path: `/v1/idempotency-keys/${encodeURIComponent(idempotencyKey)}`, signal: opts.signal }, RequestByKeyAnswer).then((a) => a.request);
}

/** POST /v1/requests/:id/outcome */
export function reportOutcome(conn: HubConnection, id: string, body: OutcomeBody, opts: CallOptions = {}): Promise<ApprovalRequest> {
  return hubCall(conn, { method: 'POST', path: `${requestPath(id)}/outcome`, json: body, signal: opts.signal }, RequestView);
}

/** DELETE /v1/requests/:id */
export function withdrawRequest(conn: HubConnection, id: string, opts: CallOptions = {}): Promise<ApprovalRequest> {
  return hubCall(conn, { method: 'DELETE', path: requestPath(id), signal: opts.signal }, RequestView);
}

/** GET /v1/requests/:id/log */
export function getRequestLog(conn: HubConnection, id: string, opts: CallOptions = {}): Promise<RequestLogAnswer> {
  return hubCall(conn, { path: `${requestPath(id)}/log`, signal: opts.signal }, RequestLogAnswer);
}

/** GET /v1/log/public-key; a hub from before log signing answers 404. */
export function getLogPublicKey(conn: HubConnection, opts: CallOptions = {}): Promise<LogPublicKeyAnswer> {
  return hubCall(conn, { path: '/v1/log/public-key', signal: opts.signal }, LogPublicKeyAnswer);
}
