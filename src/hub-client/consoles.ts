// The console and admin endpoints: the changes feed, the SSE wake-up stream, batch decisions, policy, tokens.
import type { ActionClass, ActionClassInput } from '../shared/domain.js';
import {
  ActionClassList,
  Change,
  DecisionResult,
  Me,
  OwnershipBatchResult,
  StreamTicket,
  type CreateTokenBody,
  type DecisionInput,
  type OwnershipInput,
  type OwnershipResult,
  type Role,
} from '../shared/protocol.js';
import type { z } from 'zod';
import { LenientChangesPage, LenientDecisionResults, parseEach, RotatedToken, TokenAnswer, type MalformedItem } from './answers.js';
import { HubError } from './errors.js';
import { hubCall, hubFetch, readHubAnswer, where, type HubConnection } from './transport.js';

interface CallOptions {
  signal?: AbortSignal;
}

export interface ChangesAnswer {
  changes: Change[];
  /** Changes that did not match the protocol (or nested too deep); the rest of the page is still good. */
  malformed: MalformedItem[];
  next: number;
  hasMore: boolean;
}

/** GET /v1/changes?after=N&limit=M */
export async function getChanges(conn: HubConnection, q: { after: number | string; limit: number }, opts: CallOptions = {}): Promise<ChangesAnswer> {
  const page = await hubCall(conn, { path: `/v1/changes?after=${q.after}&limit=${q.limit}`, signal: opts.signal }, LenientChangesPage);
  // A hub never sends an action deeper than it accepts; such a change would only exhaust whoever walks it.
  const { ok, malformed } = parseEach(page.changes, Change, (c) => [c.request.action, c.request.evidence]);
  return { changes: ok, malformed, next: page.next, hasMore: page.hasMore };
}

/** POST /v1/decisions: one result per decision the hub answered for; unreadable results are listed apart. */
export async function postDecisions(conn: HubConnection, decisions: DecisionInput[], opts: CallOptions = {}): Promise<{ results: DecisionResult[]; malformed: MalformedItem[] }> {
  const answer = await hubCall(conn, { method: 'POST', path: '/v1/decisions', json: { decisions }, signal: opts.signal }, LenientDecisionResults);
  const { ok, malformed } = parseEach(answer.results, DecisionResult);
  return { results: ok, malformed };
}

/** POST /v1/ownership: take or release escalations; every answer is checked whole (a step answered unreadably is an error). */
export async function postOwnership(conn: HubConnection, ops: OwnershipInput[], opts: CallOptions = {}): Promise<OwnershipResult[]> {
  return (await hubCall(conn, { method: 'POST', path: '/v1/ownership', json: { ops }, signal: opts.signal }, OwnershipBatchResult)).results;
}

/** POST /v1/stream-tickets: a single-use ticket for opening the stream without a token in the URL. */
export async function createStreamTicket(conn: HubConnection, opts: CallOptions = {}): Promise<string> {
  return (await hubCall(conn, { method: 'POST', path: '/v1/stream-tickets', signal: opts.signal }, StreamTicket)).ticket;
}

/**
 * GET /v1/stream?ticket=, open: the body that carries the SSE events. Never times out (it is meant to stay open).
 * The token goes only in the ticket request's header; a hub from before tickets (404) is opened with the header.
 */
export async function openChangeStream(conn: HubConnection, opts: CallOptions = {}): Promise<ReadableStream<Uint8Array>> {
  let ticket: string | null = null;
  try {
    ticket = await createStreamTicket(conn, opts);
  } catch (e) {
    if (!(e instanceof HubError && e.status === 404)) throw e;
  }
  const call = { path: ticket ? `/v1/stream?ticket=${encodeURIComponent(ticket)}` : '/v1/stream', accept: 'text/event-stream', signal: opts.signal };
  const res = await hubFetch({ ...conn, timeoutMs: undefined, ...(ticket ? { token: undefined } : {}) }, call);
  if (res.ok && res.body) return res.body;
  const answer = await readHubAnswer(res, call, opts.signal);
  throw HubError.fromAnswer(answer.status, answer.body, where(call));
}

/** GET /v1/action-classes */
export async function getActionClasses(conn: HubConnection, opts: CallOptions = {}): Promise<ActionClass[]> {
  return (await hubCall(conn, { path: '/v1/action-classes', signal: opts.signal }, ActionClassList)).classes;
}

/** GET /v1/action-classes with the policy version they are (to change them with `baseVersion`). */
export async function getPolicyClasses(conn: HubConnection, opts: CallOptions = {}): Promise<{ classes: ActionClass[]; version: number }> {
  const r = await hubCall(conn, { path: '/v1/action-classes', signal: opts.signal }, ActionClassList);
  return { classes: r.classes, version: r.version ?? 0 };
}

/**
 * PUT /v1/action-classes: replaces the whole policy; answers the stored list. With `baseVersion` the hub refuses
 * (409 policy_moved_on) if the policy changed since that version, so a read-merge-write never loses another change.
 */
export async function putActionClasses(
  conn: HubConnection,
  classes: ActionClassInput[],
  opts: CallOptions & { baseVersion?: number; rationale?: string } = {},
): Promise<ActionClass[]> {
  const json = { classes, ...(opts.baseVersion !== undefined ? { baseVersion: opts.baseVersion } : {}), ...(opts.rationale ? { rationale: opts.rationale } : {}) };
  return (await hubCall(conn, { method: 'PUT', path: '/v1/action-classes', json, signal: opts.signal }, ActionClassList)).classes;
}

/**
 * POST /v1/tokens (admin): the new token, shown once. Either a role and a handle (v1: that person, or a new one), or the
 * whole body: `{role, user}` for an existing person, `{role, name, groups, displayName, expiresIn}` for a new one.
 */
export async function createToken(conn: HubConnection, role: Role, name: string, opts?: CallOptions): Promise<string>;
export async function createToken(conn: HubConnection, body: z.input<typeof CreateTokenBody>, opts?: CallOptions): Promise<string>;
export async function createToken(conn: HubConnection, a: Role | z.input<typeof CreateTokenBody>, b?: string | CallOptions, c?: CallOptions): Promise<string> {
  const json = typeof a === 'string' ? { role: a, name: b as string } : a;
  const opts = (typeof a === 'string' ? c : (b as CallOptions | undefined)) ?? {};
  return (await hubCall(conn, { method: 'POST', path: '/v1/tokens', json, signal: opts.signal }, TokenAnswer)).token;
}

/**
 * POST /v1/me/token/rotate: this connection's token replaced by a new one (same owner, role, expiry); the old one is
 * revoked by the hub in the same step, so the caller must store the answer before anything else. Never retried.
 */
export async function rotateOwnToken(conn: HubConnection, opts: CallOptions = {}): Promise<{ token: string; id: number; expiresAt: string | null }> {
  return hubCall({ ...conn, retry: undefined }, { method: 'POST', path: '/v1/me/token/rotate', signal: opts.signal }, RotatedToken);
}

/** GET /v1/me: who the hub says this connection's token is (handle, id, groups, role): the identity decisions are recorded under. */
export async function getMe(conn: HubConnection, opts: CallOptions = {}): Promise<Me> {
  return hubCall(conn, { path: '/v1/me', signal: opts.signal }, Me);
}
