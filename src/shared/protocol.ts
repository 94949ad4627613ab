// Hub protocol v1: the HTTP JSON shapes agents and consoles exchange with the hub.
// docs/protocol.md documents these with examples; change both together.
import { z } from 'zod';
import { ActionClass, ApprovalRequest, Decision, Evidence, ExpiresInSeconds, OutcomeStatus, ProposedAction, Verdict } from './domain.js';

export const PROTOCOL_VERSION = 1;
export const Role = z.enum(['agent', 'approver', 'admin']);
export type Role = z.infer<typeof Role>;

/** POST /v1/requests (header Idempotency-Key required). */
export const SubmitBody = z.object({
  actionClass: z.string().min(1).max(200),
  action: ProposedAction,
  summary: z.string().min(1).max(10_000),
  evidence: z.array(Evidence).max(200).default([]),
  agent: z.object({ id: z.string().min(1).max(200), name: z.string().max(200).default(''), runUrl: z.string().max(4000).nullable().default(null) }).optional(),
  /** Seconds until the request expires; defaults to the class's defaultExpiresIn. */
  expiresIn: ExpiresInSeconds.optional(),
  /** The agent asks for escalation: it stops and a human owns the case. */
  escalate: z.boolean().default(false),
  externalId: z.string().max(500).nullable().default(null),
});
export type SubmitBody = z.input<typeof SubmitBody>;

/** Answer to submit and to GET /v1/requests/:id. */
export const RequestView = ApprovalRequest;
export type RequestView = ApprovalRequest;

/** POST /v1/requests/:id/outcome */
export const OutcomeBody = z.object({ status: OutcomeStatus, detail: z.string().max(100_000).default('') });
export type OutcomeBody = z.input<typeof OutcomeBody>;

/** One decision as a console sends it; decidedBy is taken from the token, not trusted from the body. */
/** The verdicts a hub accepts. No "ignore": an agent waiting on the hub needs an answer it can act on. */
export const HUB_VERDICTS: readonly Verdict[] = ['approve', 'approve_with_edits', 'reject', 'escalate'];

export const DecisionInput = z.object({
  id: z.string().min(8).max(100),
  requestId: z.string().min(1).max(200),
  verdict: Verdict,
  editedAction: ProposedAction.nullable().default(null),
  feedback: z.string().max(100_000).default(''),
  decidedAt: z.string().datetime({ offset: true }),
});
export type DecisionInput = z.input<typeof DecisionInput>;

/** POST /v1/decisions */
export const DecisionBatch = z.object({ decisions: z.array(DecisionInput).min(1).max(20_000) });

export const DecisionResult = z.discriminatedUnion('status', [
  z.object({ id: z.string(), status: z.literal('accepted'), request: ApprovalRequest }),
  z.object({ id: z.string(), status: z.literal('duplicate'), request: ApprovalRequest }),
  /** Someone decided first: who and what. */
  z.object({ id: z.string(), status: z.literal('conflict'), winner: Decision, request: ApprovalRequest }),
  z.object({ id: z.string(), status: z.literal('expired'), request: ApprovalRequest }),
  /** The request cannot take this decision: withdrawn, unknown, self-approval, or a verdict the lane does not allow. */
  z.object({ id: z.string(), status: z.literal('rejected'), reason: z.string(), request: ApprovalRequest.nullable() }),
]);
export type DecisionResult = z.infer<typeof DecisionResult>;
export const DecisionBatchResult = z.object({ results: z.array(DecisionResult) });

/** GET /v1/changes?after=CURSOR&limit=N: each change carries the request's full current snapshot. */
export const Change = z.object({
  cursor: z.number().int(),
  kind: z.enum(['created', 'decided', 'expired', 'withdrawn', 'outcome', 'released', 'updated']),
  request: ApprovalRequest,
});
export type Change = z.infer<typeof Change>;
export const ChangesPage = z.object({ changes: z.array(Change), next: z.number().int(), hasMore: z.boolean() });
export type ChangesPage = z.infer<typeof ChangesPage>;

/**
 * GET /v1/stream: SSE. Event `changes` with data `{"cursor": N}` whenever the feed moves; a comment ping every 15 s.
 * Part of the documented wire protocol (docs/protocol.md); the console only wakes on the event, so nothing here parses it.
 * @public
 */
export const StreamEvent = z.object({ cursor: z.number().int() });

/** POST /v1/stream-tickets: a single-use, short-lived credential for `GET /v1/stream?ticket=`, so no bearer token goes in a URL. */
export const StreamTicket = z.object({ ticket: z.string().min(1), expiresIn: z.number().int().positive() });

/** GET/PUT /v1/action-classes */
export const ActionClassList = z.object({ classes: z.array(ActionClass) });

/** Every 4xx/5xx answer. */
export const ErrorBody = z.object({
  error: z.string(),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
