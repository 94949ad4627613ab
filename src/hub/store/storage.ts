// The hub's storage seam: everything the HTTP layer asks of the database, asynchronous, so one protocol runs on the
// embedded SQLite file (sqlite-storage.ts, synchronous transactions inside) or on PostgreSQL shared by several hub
// replicas (src/hub/pg/). The rules live above the seam or in shared code; each backend keeps its own transactions.
import type { ActionClass, ApprovalRequest, LogEntry } from '../../shared/domain.js';
import type { ChainVerdict } from '../../shared/log-chain.js';
import type { ChangesPage, DecisionResult, HubUser, OutcomeBody, OwnershipResult, PolicyVersionInfo, Role, TokenInfo } from '../../shared/protocol.js';
import type { InsightsQueryInput, InsightsReport } from '../../shared/insights/schemas.js';
import type { CheckpointFile } from '../log/checkpoint-file.js';
import type { ParsedDecision } from './decide.js';
import type { ParsedOwnershipStep } from './ownership.js';
import type { PolicyChangeMeta, PolicyChainVerdict } from './policy-versions.js';
import type { ChangeListener, ParsedSubmit, SubmitResult } from './request-rules.js';
import type { AuthResult, TokenIdentity } from './tokens.js';

export interface RequestsApi {
  /** Idempotent by (token, key); resolves only after the commit. */
  submit(token: TokenIdentity, idemKey: string, rawBody: unknown, body: ParsedSubmit): Promise<SubmitResult>;
  /** The current snapshot (a lapsed pending request is expired first). */
  get(id: string): Promise<ApprovalRequest | null>;
  /** The request this token submitted under the key, or null (an agent that lost a submit's answer). */
  byIdempotencyKey(token: TokenIdentity, idemKey: string): Promise<ApprovalRequest | null>;
  changes(after: number, limit: number): Promise<ChangesPage>;
  withdraw(id: string, actor: TokenIdentity): Promise<ApprovalRequest>;
  outcome(id: string, actor: TokenIdentity, body: Required<OutcomeBody>): Promise<ApprovalRequest>;
  /** One batch, first decision wins; `protocol` is what the caller speaks. */
  decide(decider: TokenIdentity, decisions: ParsedDecision[], opts: { protocol?: number }): Promise<DecisionResult[]>;
  /** Escalation ownership steps, one transaction, first take wins (ownership.ts). */
  own(who: TokenIdentity, steps: ParsedOwnershipStep[]): Promise<OwnershipResult[]>;
  sweepExpired(): Promise<number>;
  /** The feed position now (what a new SSE client is told first). */
  cursor(): Promise<number>;
  /** Hears every committed change: this process's own, and on a shared database every replica's (a wake-up only). */
  onChange(l: ChangeListener): () => void;
}

export interface LogApi {
  /** A request's entries with the chain's verdict (signatures are checked above the seam, with the hub's key). */
  requestLog(id: string): Promise<ChainVerdict & { entries: LogEntry[] }>;
  /** Signs a checkpoint over the tail and returns every checkpoint. */
  exportCheckpoints(): Promise<CheckpointFile>;
  /** A checkpoint over the entries since the last one (timer, shutdown). */
  checkpoint(): Promise<void>;
}

export interface PolicyApi {
  list(): Promise<ActionClass[]>;
  version(): Promise<number>;
  change(classes: ActionClass[], meta: PolicyChangeMeta, baseVersion?: number): Promise<{ classes: ActionClass[]; version: number; changed: boolean }>;
  propose(
    proposalId: string,
    cls: ActionClass,
    meta: Omit<PolicyChangeMeta, 'proposalId'>,
    baseVersion: number,
  ): Promise<{ status: 'applied' | 'duplicate'; version: PolicyVersionInfo }>;
  versions(): Promise<PolicyVersionInfo[]>;
  versionAt(version: number): Promise<{ info: PolicyVersionInfo; classes: ActionClass[] } | null>;
  verify(): Promise<PolicyChainVerdict>;
}

export interface IdentityApi {
  authenticate(token: string): Promise<AuthResult>;
  createToken(role: Role, userId: string, opts?: { label?: string; expiresInS?: number }): Promise<{ token: string; info: TokenInfo }>;
  createTokenForName(role: Role, name: string, opts?: { expiresInS?: number; groups?: string[]; displayName?: string }): Promise<{ token: string; info: TokenInfo }>;
  listTokens(): Promise<TokenInfo[]>;
  revokeToken(id: number): Promise<TokenInfo>;
  rotateToken(id: number): Promise<{ token: string; info: TokenInfo; revoked: TokenInfo }>;
  /** Registers a token generated elsewhere (the bootstrap admin's); a no-op when it exists. */
  ensureToken(role: Role, name: string, token: string): Promise<void>;
  findUser(idOrHandle: string): Promise<HubUser | null>;
  listUsers(): Promise<HubUser[]>;
  createUser(u: { handle: string; displayName?: string; groups?: string[]; kind?: 'user' | 'agent' }): Promise<HubUser>;
  updateUser(id: string, patch: { handle?: string; displayName?: string; groups?: string[] }): Promise<HubUser>;
  removeUser(id: string, nowMs: number): Promise<HubUser>;
}

/** Where stream tickets live: this process (SQLite, one hub), or the shared database (replicas: issued by one, redeemed by any). */
export interface TicketStore {
  issue(identity: TokenIdentity): Promise<{ ticket: string; expiresIn: number }>;
  /** The ticket's identity, once: a second use, an expired or an unknown ticket is undefined. */
  redeem(ticket: string): Promise<TokenIdentity | undefined>;
}

export interface HubStorage {
  readonly kind: 'sqlite' | 'postgres';
  readonly requests: RequestsApi;
  readonly log: LogApi;
  readonly policy: PolicyApi;
  readonly identities: IdentityApi;
  insights(query: InsightsQueryInput): Promise<InsightsReport>;
  /** Stream tickets shared by every replica (absent: each process keeps its own, which one hub process is). */
  readonly streamTickets?: TicketStore;
  /** Resolves when the database answers; rejects with why not. */
  ready(): Promise<void>;
  /** After the HTTP server closed: a last checkpoint, then the connections. */
  close(): Promise<void>;
}
