// Hub protocol v1: the HTTP JSON shapes agents and consoles exchange with the hub.
// docs/protocol.md documents these with examples; change both together.
import { z } from 'zod';
import { ActionClass, ApprovalRequest, Decision, Evidence, ExpiresInSeconds, GroupName, OutcomeStatus, Ownership, PatchOp, ProposedAction, Verdict } from './domain.js';

/**
 * 2 adds decision rights: `forbidden` and `vote_recorded` results, votes in snapshots, decisions bound to a version and
 * action hash. A console says it speaks 2 with the PROTOCOL_HEADER; a v1 console's decision that would need a v2
 * answer is refused with a reason instead (docs/protocol.md "Versions").
 */
export const PROTOCOL_VERSION = 2;
/** The request header a v2 client sends (the hub client sends it on every call); the hub reads it on POST /v1/decisions. */
export const PROTOCOL_HEADER = 'countersign-protocol';
export const Role = z.enum(['agent', 'approver', 'admin']);
export type Role = z.infer<typeof Role>;

/** A person's or agent's handle: 1..64 characters, no spaces or control/format characters. */
export const Handle = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[^\s\p{C}]+$/u, 'no spaces or control characters');

/** GET/POST /v1/users (admin): a person or an agent identity. The id is stable; records name it. */
export const HubUser = z.object({
  id: z.string(),
  kind: z.enum(['user', 'agent']),
  handle: z.string(),
  displayName: z.string(),
  groups: z.array(z.string()),
  createdAt: z.string(),
  /** When an admin removed this person: their tokens stopped working then; their records stay. */
  removedAt: z.string().nullable().optional(),
});
export type HubUser = z.infer<typeof HubUser>;
export const CreateUserBody = z.object({
  handle: Handle,
  displayName: z.string().max(200).default(''),
  groups: z.array(GroupName).max(100).default([]),
  kind: z.enum(['user', 'agent']).default('user'),
});
/** PATCH /v1/users/:id. A new `handle` is refused when it is, or looks like, another person's. */
export const UpdateUserBody = z.object({ handle: Handle.optional(), displayName: z.string().min(1).max(200).optional(), groups: z.array(GroupName).max(100).optional() });

/** GET /v1/tokens (admin): a token without its secret. */
export const TokenInfo = z.object({
  id: z.number().int(),
  label: z.string(),
  role: Role,
  userId: z.string(),
  handle: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  state: z.enum(['active', 'revoked', 'expired']),
});
export type TokenInfo = z.infer<typeof TokenInfo>;
/**
 * POST /v1/tokens (admin). `user` (id or exact handle) adds a token for an existing person; `name` alone (v1) is the
 * token for that handle: the existing user when it is theirs exactly, a new user otherwise (a look-alike is refused).
 */
export const CreateTokenBody = z
  .object({
    role: Role,
    name: Handle.optional(),
    user: z.string().min(1).max(200).optional(),
    groups: z.array(GroupName).max(100).optional(),
    displayName: z.string().max(200).optional(),
    /** Seconds until the token stops working; absent = never. */
    expiresIn: z
      .number()
      .int()
      .positive()
      .max(60 * 60 * 24 * 3650)
      .optional(),
  })
  .refine((b) => !!b.name !== !!b.user, { message: 'give exactly one of name (a new or exact handle) or user (an existing user id or handle)', path: ['name'] });

/** GET /v1/me (any valid token): who the hub says this token is. */
export const Me = z.object({
  kind: z.enum(['user', 'agent']),
  id: z.string(),
  handle: z.string(),
  displayName: z.string(),
  groups: z.array(z.string()),
  role: Role,
  tokenId: z.number().int(),
  expiresAt: z.string().nullable(),
});
export type Me = z.infer<typeof Me>;

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
  /** The person the agent acts for (their hub handle): they can never count as an approver of this request. */
  onBehalfOf: z.string().min(1).max(200).optional(),
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
export const HUB_VERDICTS: readonly Verdict[] = ['approve', 'approve_with_edits', 'reject', 'escalate', 'resolve'];

export const DecisionInput = z.object({
  id: z.string().min(8).max(100),
  requestId: z.string().min(1).max(200),
  verdict: Verdict,
  editedAction: ProposedAction.nullable().default(null),
  feedback: z.string().max(100_000).default(''),
  decidedAt: z.string().datetime({ offset: true }),
  /** v2: the request version and action hash this decision is for; a stale one is a conflict, never applied. */
  version: z.number().int().nonnegative().optional(),
  actionHash: z.string().max(128).optional(),
});
export type DecisionInput = z.input<typeof DecisionInput>;

/** POST /v1/decisions */
export const DecisionBatch = z.object({ decisions: z.array(DecisionInput).min(1).max(20_000) });

export const DecisionResult = z.discriminatedUnion('status', [
  z.object({ id: z.string(), status: z.literal('accepted'), request: ApprovalRequest }),
  z.object({ id: z.string(), status: z.literal('duplicate'), request: ApprovalRequest }),
  /**
   * Someone decided first (reason `decided`: who and what in `winner`), or (v2, reason `stale`) the decision named a
   * version or action hash that is no longer current: `winner` is null and `request` holds the current action.
   */
  z.object({
    id: z.string(),
    status: z.literal('conflict'),
    reason: z.enum(['decided', 'stale']).default('decided'),
    winner: Decision.nullable(),
    request: ApprovalRequest,
  }),
  /** v2: this identity has no right to decide this request; `deciders` are the groups that do. */
  z.object({ id: z.string(), status: z.literal('forbidden'), reason: z.string(), deciders: z.array(z.string()), request: ApprovalRequest }),
  /** v2: an approval counted towards the quorum; the request stays pending until `approvals` reaches `required`. */
  z.object({ id: z.string(), status: z.literal('vote_recorded'), approvals: z.number().int(), required: z.number().int(), request: ApprovalRequest }),
  z.object({ id: z.string(), status: z.literal('expired'), request: ApprovalRequest }),
  /** The request cannot take this decision: withdrawn, unknown, self-approval, or a verdict the lane does not allow. */
  z.object({ id: z.string(), status: z.literal('rejected'), reason: z.string(), request: ApprovalRequest.nullable() }),
]);
export type DecisionResult = z.infer<typeof DecisionResult>;
export const DecisionBatchResult = z.object({ results: z.array(DecisionResult) });

/** One ownership step on an escalation as a console sends it (POST /v1/ownership); who is taken from the token. */
export const OwnershipInput = z.object({
  /** Made by the console; the step's idempotency key (shares the decision ids' namespace). */
  id: z.string().min(8).max(100),
  requestId: z.string().min(1).max(200),
  action: z.enum(['take', 'release']),
  /** When the person took the step (an offline console sends it later). */
  at: z.string().datetime({ offset: true }),
});
export type OwnershipInput = z.input<typeof OwnershipInput>;
export const OwnershipBatch = z.object({ ops: z.array(OwnershipInput).min(1).max(1000) });

export const OwnershipResult = z.discriminatedUnion('status', [
  z.object({ id: z.string(), status: z.literal('accepted'), request: ApprovalRequest }),
  /** The same step again (a retry), or a take by the person who already owns it: nothing changed. */
  z.object({ id: z.string(), status: z.literal('duplicate'), request: ApprovalRequest }),
  /** Someone else owns it (first take wins): who and since when in `owner`. */
  z.object({ id: z.string(), status: z.literal('conflict'), reason: z.literal('owned'), owner: Ownership, request: ApprovalRequest }),
  /** This identity may not own this escalation; `deciders` are the groups that may. */
  z.object({ id: z.string(), status: z.literal('forbidden'), reason: z.string(), deciders: z.array(z.string()), request: ApprovalRequest }),
  /** Not an open escalation (decided, expired, another lane), a release by someone who is not the owner, an unknown request. */
  z.object({ id: z.string(), status: z.literal('rejected'), reason: z.string(), request: ApprovalRequest.nullable() }),
]);
export type OwnershipResult = z.infer<typeof OwnershipResult>;
export const OwnershipBatchResult = z.object({ results: z.array(OwnershipResult) });

/** GET /v1/changes?after=CURSOR&limit=N: each change carries the request's full current snapshot. */
export const Change = z.object({
  cursor: z.number().int(),
  kind: z.enum(['created', 'decided', 'voted', 'expired', 'withdrawn', 'outcome', 'released', 'updated']),
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

/** GET/PUT /v1/action-classes: the current policy and its version (0 before any was stored). */
export const ActionClassList = z.object({ classes: z.array(ActionClass), version: z.number().int().nonnegative().optional() });

/** PUT /v1/action-classes (admin): a new policy version. */
export const PutPolicyBody = z.object({
  classes: z.array(ActionClass).max(10_000),
  /** Why the policy changes: kept with the version and shown beside it. */
  rationale: z.string().max(10_000).default(''),
  /** The figures the change is based on (e.g. an insights snapshot), kept as given. */
  evidence: z.unknown().optional(),
  /** The version the author started from: if the policy moved on since, 409 policy_moved_on and nothing changes. */
  baseVersion: z.number().int().nonnegative().optional(),
});
export type PutPolicyBody = z.input<typeof PutPolicyBody>;

/** One policy version without its classes. */
export const PolicyVersionInfo = z.object({
  version: z.number().int().positive(),
  author: z.string(),
  authorId: z.string().nullable(),
  at: z.string(),
  rationale: z.string(),
  evidence: z.unknown(),
  classCount: z.number().int().nonnegative(),
  hash: z.string(),
});
export type PolicyVersionInfo = z.infer<typeof PolicyVersionInfo>;
/** GET /v1/policy/versions: every version, oldest first, and whether their hash chain holds. */
export const PolicyVersionList = z.object({
  current: z.number().int().nonnegative(),
  verified: z.boolean(),
  problem: z.object({ brokenAt: z.number().int(), reason: z.string() }).optional(),
  versions: z.array(PolicyVersionInfo),
});
/** GET /v1/policy/versions/:version */
export const PolicyVersionDetail = z.object({ info: PolicyVersionInfo, classes: z.array(ActionClass) });
/** GET /v1/policy/diff?from=A&to=B: per class, added, removed or changed (RFC 6902 patch from A's definition to B's). */
export const PolicyDiffView = z.object({
  from: z.number().int(),
  to: z.number().int(),
  changes: z.array(z.object({ name: z.string(), kind: z.enum(['added', 'removed', 'changed']), patch: z.array(PatchOp) })),
});

/** Every 4xx/5xx answer. */
export const ErrorBody = z.object({
  error: z.string(),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
