// What every approval source implements: the hub (native protocol) and LangGraph deployments.
// The sync engine owns the cursor, the outbox, backoff and the local store; a source only speaks its wire protocol.
import type { ApprovalRequest, Decision, LogEntry, Verdict } from '../../shared/domain.js';
import type { SourceIdentity, SourceKind } from '../../shared/contract.js';
import type { SourcePolicy } from '../../shared/policy-view/contract.js';
import type { OutboxProposal, ProposalPushResult } from '../store/proposals.js';

export interface SourceConfig {
  id: string;
  kind: SourceKind;
  name: string;
  url: string;
  /** The secret, read from the secret store by the core; never sent to the renderer. */
  token?: string;
  /** LangGraph: graph or assistant ids to watch (empty = all). */
  watch: string[];
}

/** One item as a source reports it. */
export interface PulledItem {
  externalId: string;
  request: ApprovalRequest;
  allowedVerdicts: Verdict[];
  descriptionMarkdown?: string | null;
  rawValue?: unknown;
  sourceUrl?: string | null;
  /** A JSON Schema the edited action's arguments must fit (checked before the decision is written). */
  editSchema?: Record<string, unknown> | null;
  /** The item is gone at the source (e.g. thread no longer interrupted): keep it, but it can no longer be decided. */
  gone?: boolean;
}

export interface PullPage {
  items: PulledItem[];
  /** Opaque; persisted by the store and handed back on the next pull. */
  cursor: string | null;
  hasMore: boolean;
}

/**
 * `accepted`/`duplicate` only when the source confirms the decision took effect (the hub holds it, the resumed LangGraph
 * run ended well); `failed`: it reached the source but did not take effect there (the resumed run errored), `reason` says why.
 * `held`: nothing was sent, on purpose: the decision waits in the outbox for others it must be sent with (the other
 * requests of one LangGraph interrupt); `reason` says what is still missing.
 * `running`: sent, and the source is still working on it (the resumed LangGraph run has not ended): neither counted nor
 * failed; it stays in the outbox and a later push judges it; `reason` says what it waits for.
 * Decision rights (hub protocol 2): `vote_recorded`: counted as one approval of a quorum (`approvals` of `required`);
 * `forbidden`: not a decider for this request (`deciders` are); `stale`: it named an action that has changed since.
 */
type PushStatus = 'accepted' | 'duplicate' | 'conflict' | 'expired' | 'rejected' | 'failed' | 'held' | 'running' | 'vote_recorded' | 'forbidden' | 'stale';
export interface PushResult {
  decisionId: string;
  status: PushStatus;
  /** conflict: the decision that won. */
  winner?: Decision;
  /** The item's state at the source after the push, when known. */
  request?: ApprovalRequest;
  reason?: string;
  approvals?: number;
  required?: number;
  deciders?: string[];
}

/** The exact proposal a decision is for: the request version and action hash the approver saw. */
export interface DecisionBinding {
  version: number;
  actionHash: string;
}

type SourceIdentityAnswer = Omit<SourceIdentity, 'checkedAt'>;
type SourcePolicyAnswer = Pick<SourcePolicy, 'version' | 'verified' | 'classes' | 'versions'>;

/** A network-level failure: the engine retries with backoff. Anything else thrown is treated the same but logged. */
export class SourceUnreachableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SourceUnreachableError';
  }
}

/** The source limits our rate (HTTP 429): not offline; the engine waits `retryAfterMs` before the next try. */
export class SourceRateLimitedError extends SourceUnreachableError {
  constructor(
    message: string,
    readonly retryAfterMs: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SourceRateLimitedError';
  }
}

export interface Source {
  readonly config: SourceConfig;
  pull(cursor: string | null, signal?: AbortSignal): Promise<PullPage>;
  /** Push decisions for items of this source; one result per decision, in order. */
  push(batch: Array<{ decision: Decision; externalId: string; binding?: DecisionBinding | null }>, signal?: AbortSignal): Promise<PushResult[]>;
  /** Who this source's credential is (hub: GET /v1/me); null when the source has no identities. */
  whoAmI?(signal?: AbortSignal): Promise<SourceIdentityAnswer | null>;
  /** Wake the engine when changes may exist (hub: SSE). Without it the engine polls with backoff. Returns a stop function. */
  watch?(onWake: () => void, onState: (online: boolean, error?: string) => void): () => void;
  /** The source's policy and its versions (hub: GET /v1/action-classes + /v1/policy/versions); null when it has none. */
  policy?(signal?: AbortSignal): Promise<SourcePolicyAnswer | null>;
  /** Which classes a policy version changed against the one before (hub: GET /v1/policy/diff). */
  policyDiff?(from: number, to: number, signal?: AbortSignal): Promise<Array<{ name: string; kind: 'added' | 'removed' | 'changed' }>>;
  /** Sends one policy proposal (hub: POST /v1/policy/proposals); throws SourceUnreachableError when it got no answer. */
  propose?(p: OutboxProposal, signal?: AbortSignal): Promise<ProposalPushResult>;
  /** The source's decision log for one item, when it keeps one. */
  log?(externalId: string, signal?: AbortSignal): Promise<{ entries: LogEntry[]; verified: boolean | null }>;
  close(): Promise<void> | void;
}
