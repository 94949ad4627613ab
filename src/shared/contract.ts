// The console's one typed contract between the renderer and the Node side.
// Served over Electron IPC (preload contextBridge) and over WebSocket in browser mode: the renderer cannot tell which.
// Every input is validated on the Node side with these schemas before a handler runs.
import { z } from 'zod';
import { ActionClass, ApprovalRequest, Decision, LogEntry, OutcomeStatus, ProposedAction, Verdict } from './domain.js';
import { bulkMethods } from './bulk-triage.js';
import { insightsMethods } from './insights/contract.js';
import { policyMethods } from './policy-view/contract.js';

export const Lane = z.enum(['approvals', 'reviews', 'audit', 'escalations', 'decided']);
export type Lane = z.infer<typeof Lane>;
export const LANE_LABELS: Record<Lane, string> = {
  approvals: 'Approvals',
  reviews: 'Reviews',
  audit: 'Audit samples',
  escalations: 'Escalations',
  decided: 'Decided',
};

/** The lanes plus the "Waiting for me" view (approvals and escalations I may decide and have not voted on). */
export const View = z.enum([...Lane.options, 'waiting']);
export type View = z.infer<typeof View>;
export const VIEW_LABELS: Record<View, string> = { waiting: 'Waiting for me', ...LANE_LABELS };

/**
 * local/syncing: in the outbox. synced: took effect. conflict: someone decided first. failed: did not take effect.
 * Decision rights (hub protocol 2): voted: counted as one approval of a quorum; forbidden: not a decider for this
 * request; stale: it named an action that has changed since, so it was not applied.
 */
export const SyncState = z.enum(['local', 'syncing', 'synced', 'conflict', 'failed', 'voted', 'forbidden', 'stale']);
export type SyncState = z.infer<typeof SyncState>;

/** Who the console acts as at one source: what the hub answers to GET /v1/me, and when it was asked. */
export const SourceIdentity = z.object({
  id: z.string(),
  handle: z.string(),
  displayName: z.string(),
  groups: z.array(z.string()),
  role: z.string(),
  expiresAt: z.string().nullable(),
  checkedAt: z.string(),
});
export type SourceIdentity = z.infer<typeof SourceIdentity>;

/** The source's answer when it did not take a decision as final. */
export const DecisionAnswer = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('vote'), approvals: z.number().int(), required: z.number().int() }),
  z.object({ kind: z.literal('forbidden'), reason: z.string(), deciders: z.array(z.string()) }),
  z.object({ kind: z.literal('stale'), reason: z.string() }),
  /** Sent, and the source is still working on it (a resumed LangGraph run that has not ended): not yet counted either way. */
  z.object({ kind: z.literal('running'), reason: z.string() }),
]);
export type DecisionAnswer = z.infer<typeof DecisionAnswer>;

/** A decision as the console holds it: written locally first, then pushed from the outbox. */
export const LocalDecision = z.object({
  decision: Decision,
  syncState: SyncState,
  attempts: z.number().int().default(0),
  error: z.string().nullable().default(null),
  /** When someone else decided first: their decision. */
  conflict: z.object({ winner: Decision }).nullable().default(null),
  /** What the approver saw: the request version, its action hash, and the action under decision then. */
  seen: z.object({ version: z.number().int(), actionHash: z.string(), action: ProposedAction }).nullable().default(null),
  answer: DecisionAnswer.nullable().default(null),
  /** The end of the undo window: the core sends nothing before it. Null: sent as soon as the source is reachable. */
  releaseAt: z.string().nullable().default(null),
  /** Nothing has tried to send it yet (held in the undo window, or offline), so item.undo can still take it back. */
  undoable: z.boolean().default(false),
});
export type LocalDecision = z.infer<typeof LocalDecision>;

export const SourceKind = z.enum(['hub', 'langgraph']);
export type SourceKind = z.infer<typeof SourceKind>;

export const QueueItem = z.object({
  /** Console-local id: `${sourceId}:${externalId}`. */
  id: z.string(),
  sourceId: z.string(),
  sourceKind: SourceKind,
  sourceName: z.string(),
  externalId: z.string(),
  lane: Lane,
  request: ApprovalRequest,
  /** The verdicts this source accepts for this item (LangGraph's config may forbid edit, etc.). */
  allowedVerdicts: z.array(Verdict),
  /** Markdown description from the source (rendered safely: no raw HTML). */
  descriptionMarkdown: z.string().nullable().default(null),
  /** A source value we could not map (shown as raw JSON, still answerable). */
  rawValue: z.unknown().optional(),
  /** A link to the thread/run/trace at the source, where it has one. */
  sourceUrl: z.string().nullable().default(null),
  /** A JSON Schema the edited action's arguments must fit (LangChain's argsSchema, LangGraph's response_schema). */
  editSchema: z.record(z.string(), z.unknown()).nullable().default(null),
  localDecision: LocalDecision.nullable().default(null),
  receivedAt: z.string(),
});
export type QueueItem = z.infer<typeof QueueItem>;

/** A quorum's state for the row: the approvals that count, newest last. Null when one approval decides and none is in. */
export const RowQuorum = z.object({
  approvals: z.number().int(),
  required: z.number().int(),
  votes: z.array(z.object({ handle: z.string(), at: z.string(), edited: z.boolean(), mine: z.boolean() })),
  /** Approvals an edit superseded (they approved an earlier action). */
  superseded: z.number().int(),
});
export type RowQuorum = z.infer<typeof RowQuorum>;

/** What the list needs per row (kept small: 100,000 of them must scroll smoothly). */
export const QueueItemSummary = z.object({
  id: z.string(),
  lane: Lane,
  actionClass: z.string(),
  summary: z.string(),
  agentName: z.string(),
  sourceName: z.string(),
  status: z.string(),
  /** What the source reported after release (null: not reported): a row never says only "approved" for an action that failed. */
  outcome: OutcomeStatus.nullable(),
  control: z.string(),
  risk: z.number(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  syncState: SyncState.nullable(),
  hasHiddenChars: z.boolean(),
  /** The signed-in person may decide it (always true where the source has no identities). */
  mayDecide: z.boolean(),
  /** The groups that may decide it now (empty: any approver). */
  needs: z.array(z.string()),
  quorum: RowQuorum.nullable(),
});
export type QueueItemSummary = z.infer<typeof QueueItemSummary>;

export const QueueQuery = z.object({
  lane: View.default('approvals'),
  sourceId: z.string().max(200).optional(),
  actionClass: z.string().max(200).optional(),
  agent: z.string().max(200).optional(),
  /** Full-text search (SQLite FTS5) over summary, action, evidence. */
  search: z.string().max(500).optional(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(200),
});
export type QueueQuery = z.input<typeof QueueQuery>;
/** The filters of a query without lane or paging: lane counts under the same filters as the list. */
export const QueueFilter = QueueQuery.pick({ sourceId: true, actionClass: true, agent: true, search: true }).strict();
export type QueueFilter = z.input<typeof QueueFilter>;

export const QueueCounts = z.object({
  approvals: z.number(),
  reviews: z.number(),
  audit: z.number(),
  escalations: z.number(),
  decided: z.number(),
  /** Approvals and escalations the signed-in person may decide and has not voted on. */
  waiting: z.number(),
  /** Decisions waiting in the outbox to sync. */
  outbox: z.number(),
});
export type QueueCounts = z.infer<typeof QueueCounts>;

const SourceStatus = z.object({
  /** rate_limited: the source answered 429; the console waits what its Retry-After asks (the error says how long). */
  state: z.enum(['online', 'offline', 'error', 'connecting', 'rate_limited']),
  lastSyncAt: z.string().nullable(),
  error: z.string().nullable(),
});
export const SourceView = z.object({
  id: z.string(),
  kind: SourceKind,
  name: z.string(),
  url: z.string(),
  /** Never the token itself: the renderer only learns whether one is stored. */
  hasToken: z.boolean(),
  watch: z.array(z.string()).default([]),
  embedded: z.boolean().default(false),
  status: SourceStatus,
  /** Who the console acts as there, from the source (hub: GET /v1/me); null when unknown or the source has no identities. */
  identity: SourceIdentity.nullable(),
});
export type SourceView = z.infer<typeof SourceView>;

export const SourceInput = z.object({
  kind: SourceKind,
  name: z.string().min(1).max(200),
  url: z
    .string()
    .url()
    .max(2000)
    .refine((u) => /^https?:\/\//.test(u), 'http(s) URL only'),
  token: z.string().max(10_000).optional(),
  /** LangGraph: graph ids or assistant ids to watch (empty = all). */
  watch: z.array(z.string().max(200)).max(100).default([]),
});
export type SourceInput = z.input<typeof SourceInput>;

/** Settings' edit of a source: any of its fields but the kind (a new token replaces the stored one). */
const SourceUpdate = z.object({
  id: z.string().max(200),
  name: SourceInput.shape.name.optional(),
  url: SourceInput.shape.url.optional(),
  token: SourceInput.shape.token,
  // No default here: a field left out keeps its value.
  watch: z.array(z.string().max(200)).max(100).optional(),
});

/** A connection test: whether the source answered, in words, and who it says we are there. */
export const SourceTest = z.object({ ok: z.boolean(), detail: z.string(), identity: SourceIdentity.nullable(), checkedAt: z.string() });
export type SourceTest = z.infer<typeof SourceTest>;

const Hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
export const Settings = z.object({
  /** The name on decisions for sources without identities (LangGraph) and the embedded hub's first token; a hub names you itself. */
  approverName: z.string().min(1).max(200),
  notifications: z.object({
    enabled: z.boolean(),
    quietHours: z.object({ enabled: z.boolean(), start: Hhmm, end: Hhmm }),
    /** More than this many new items at once become one digest notification. */
    digestThreshold: z.number().int().min(1).max(1000),
  }),
});
export type Settings = z.infer<typeof Settings>;

export const SyncStatus = z.object({
  online: z.boolean(),
  outbox: z.number(),
  /** Of the outbox, the decisions still in their undo window: held on purpose, not being sent. */
  held: z.number().default(0),
  sources: z.array(z.object({ id: z.string(), name: z.string(), state: SourceStatus.shape.state, lastSyncAt: z.string().nullable(), error: z.string().nullable() })),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const AppInfo = z.object({
  mode: z.enum(['electron', 'browser']),
  version: z.string(),
  dataDir: z.string(),
  /** Where secrets are kept, so the UI can say so. */
  secretStorage: z.enum(['safeStorage', 'file-0600']),
  embeddedHubUrl: z.string().nullable(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const ItemDetail = z.object({
  item: QueueItem,
  /** The source's decision log (hub: hash-chained), when the source has one. */
  log: z.array(LogEntry),
  logVerified: z.boolean().nullable(),
  /** Who the console acts as at this item's source (decision rights are checked against it). */
  identity: SourceIdentity.nullable(),
  /** The source's policy class the item falls under (its display description, description, owner), current or last known; null when unknown. */
  policyClass: ActionClass.nullable().default(null),
  /** The source's current policy version (policyClass is from it); null when the source keeps no policy versions. */
  policyVersionNow: z.number().int().positive().nullable().default(null),
});
export type ItemDetail = z.infer<typeof ItemDetail>;

export const DecideInput = z.object({
  id: z.string().max(500),
  verdict: Verdict,
  editedAction: ProposedAction.nullable().optional(),
  feedback: z.string().max(100_000).optional(),
});
export type DecideInput = z.input<typeof DecideInput>;

const Empty = z.object({}).strict().default({});
const Ok = z.object({ ok: z.literal(true) });

/** The core's own methods (src/core/handlers.ts serves exactly these). */
export const coreMethods = {
  'app.info': { input: Empty, output: AppInfo },
  'queue.list': { input: QueueQuery, output: z.object({ total: z.number(), items: z.array(QueueItemSummary) }) },
  /** The lane counts; with filters, the counts of the lists those filters give (the outbox is never filtered). */
  'queue.counts': { input: QueueFilter.default({}), output: QueueCounts },
  /** Where an item stands in a list (0-based), so a cleared search can keep the selection in place; null: not in it. */
  'queue.position': { input: QueueQuery.extend({ id: z.string().max(500) }), output: z.object({ index: z.number().int().nullable() }) },
  'queue.facets': {
    input: Empty,
    output: z.object({ sources: z.array(z.object({ id: z.string(), name: z.string() })), actionClasses: z.array(z.string()), agents: z.array(z.string()) }),
  },
  'item.get': { input: z.object({ id: z.string().max(500) }), output: ItemDetail },
  'item.decide': { input: DecideInput, output: QueueItem },
  /** Takes back a decision made here that nothing has tried to send yet; the item is back in its lane as before. */
  'item.undo': { input: z.object({ id: z.string().max(500) }), output: QueueItem },
  ...bulkMethods,
  'sources.list': { input: Empty, output: z.array(SourceView) },
  'sources.add': { input: SourceInput, output: SourceView },
  'sources.remove': { input: z.object({ id: z.string().max(200) }), output: Ok },
  'sources.update': { input: SourceUpdate, output: SourceView },
  'sources.test': { input: z.object({ id: z.string().max(200) }), output: SourceTest },
  /** Hub sources: the token replaces itself at the hub (the old one is revoked there) and the new one is stored. */
  'sources.rotateToken': { input: z.object({ id: z.string().max(200) }), output: SourceView },
  'sync.status': { input: Empty, output: SyncStatus },
  'sync.now': { input: Empty, output: Ok },
  'settings.get': { input: Empty, output: Settings },
  'settings.set': { input: Settings.partial(), output: Settings },
} as const;

/** method name -> input and output schemas: every part's methods. */
export const methods = { ...coreMethods, ...insightsMethods, ...policyMethods } as const;
export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type CoreMethodName = keyof typeof coreMethods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;

/** Events the Node side pushes to the renderer. */
export const events = {
  'queue.changed': QueueCounts,
  'sync.status': SyncStatus,
  /** Browser mode only: the renderer raises a Web Notification (Electron shows an OS one itself). */
  notify: z.object({ itemId: z.string().nullable(), title: z.string(), body: z.string() }),
  /** Open this item (a notification was clicked, or a deep link). */
  'item.open': z.object({ id: z.string() }),
} as const;
type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.infer<Events[E]>;

/** What the renderer sees, whichever transport is under it. */
export interface ConsoleApi {
  invoke<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** Errors cross the transport as this shape; the renderer shows `message`. */
export const RpcError = z.object({
  code: z.enum(['invalid_input', 'not_found', 'forbidden', 'conflict', 'expired', 'internal']),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type RpcError = z.infer<typeof RpcError>;
