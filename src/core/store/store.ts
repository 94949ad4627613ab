// The console's local store: sources, queue items, local decisions + outbox, cursors, settings.
// Everything the UI shows is read from here; sources only ever write through ingest/applyPush.
import type { ApprovalRequest, Decision } from '../../shared/domain.js';
import type { LocalDecision, QueueCounts, QueueFilter, QueueItem, QueueItemSummary, QueueQuery, SourceIdentity } from '../../shared/contract.js';
import { QueueQuery as QueueQuerySchema } from '../../shared/contract.js';
import type { PulledItem, PushResult } from '../sources/source.js';
import { openDatabase, type Db, type OpenOptions } from './db.js';
import { readSources, type SourceRow } from './sources.js';

export type { SourceRow } from './sources.js';
import { HOLDING, Outbox, type OutboxEntry } from './outbox.js';
import { ProposalStore } from './proposals.js';
import { rederiveRights } from './rights.js';
import { itemId, itemRow, queueItemOf, summaryOf, type ItemJoinRow, type ItemRow, type ItemSnapshot, type SummaryRow } from './rows.js';
import { ftsQuery } from './search.js';

export interface IngestResult {
  inserted: number;
  updated: number;
  skipped: number;
  /** Items new to the store that landed in the approvals or escalations lane (for notifications). */
  newActionable: Array<{ id: string; lane: 'approvals' | 'escalations'; summary: string; actionClass: string }>;
}

const ITEM_JOIN = `
  SELECT i.id, i.source_id, s.kind AS source_kind, s.name AS source_name, i.external_id, i.lane, i.snapshot_json, i.received_at,
         d.id AS d_id, d.decision_json AS d_decision_json, d.sync_state AS d_sync_state, d.attempts AS d_attempts,
         d.error AS d_error, d.conflict_json AS d_conflict_json, d.seen_json AS d_seen_json, d.answer_json AS d_answer_json,
         d.release_at_ms AS d_release_at_ms
  FROM items i JOIN sources s ON s.id = i.source_id LEFT JOIN decisions d ON d.item_id = i.id`;

/**
 * Decided: most recently decided first. Every other lane: the items I may decide first, then urgency (expiry, nulls
 * last; risk; age). Waiting for me holds only items I may decide.
 */
function orderOf(lane: QueueQuery['lane']): string {
  const urgency = 'i.expires_sort ASC, i.risk DESC, i.created_at_ms ASC, i.rowid ASC';
  return lane === 'decided' ? 'COALESCE(d.created_at_ms, i.decided_at_ms, i.created_at_ms) DESC, i.rowid DESC' : lane === 'waiting' ? urgency : `i.may_decide DESC, ${urgency}`;
}

/** Older than the insights cache re-folds on its own (its 14 recent days, and a day of margin). */
const OLD_HISTORY_MS = 13 * 86_400_000;

export class Store {
  readonly db: Db;
  /** Policy proposals waiting to be sent, and the last policy each source showed. */
  readonly proposals: ProposalStore;
  private readonly st;
  private readonly outboxRows: Outbox;
  /** identity per source id, read once from the sources table and kept in step by setSourceIdentity. */
  private readonly identities = new Map<string, SourceIdentity | null>();

  /**
   * Bumped whenever rows older than the insights cache's recent window change (a source removed, old requests
   * synced in): the cache then re-folds the whole history instead of showing them for up to 10 minutes.
   */
  historyWrites = 0;

  /** FULL (default): an acknowledged decision survives a power cut too. NORMAL: survives a killed process (WAL), not an OS crash. */
  readonly decisionSync: 'FULL' | 'NORMAL';

  constructor(file: string, opts: OpenOptions & { decisionSync?: 'FULL' | 'NORMAL' } = {}) {
    this.db = openDatabase(file, opts);
    this.proposals = new ProposalStore(this.db);
    this.decisionSync = opts.decisionSync ?? 'FULL';
    const db = this.db;
    this.outboxRows = new Outbox(db, this.decisionSync);
    this.st = {
      existing: db.prepare<[string], { rowid: number; version: number; has_decision: number }>(
        `SELECT i.rowid, i.version, (SELECT COUNT(*) FROM decisions d WHERE d.item_id = i.id AND ${HOLDING}) AS has_decision FROM items i WHERE i.id = ?`,
      ),
      insert: db.prepare(`INSERT INTO items (id, source_id, external_id, request_id, request_source, lane, status, control, sampled, action_class, agent, summary, risk,
          created_at, created_at_ms, expires_at, expires_sort, has_hidden, version, gone, source_decided, decided_at_ms, verdict, changed, decided_by,
          outcome_status, action_json, source_decision_json, snapshot_json, received_at, may_decide, waiting_for_me, rights_json)
        VALUES (@id, @source_id, @external_id, @request_id, @request_source, @lane, @status, @control, @sampled, @action_class, @agent, @summary, @risk,
          @created_at, @created_at_ms, @expires_at, @expires_sort, @has_hidden, @version, @gone, @source_decided, @decided_at_ms, @verdict, @changed, @decided_by,
          @outcome_status, @action_json, @source_decision_json, @snapshot_json, @received_at, @may_decide, @waiting_for_me, @rights_json)`),
      update: db.prepare(`UPDATE items SET request_id=@request_id, request_source=@request_source, lane=@lane, status=@status, control=@control, sampled=@sampled,
          action_class=@action_class, agent=@agent, summary=@summary, risk=@risk, created_at=@created_at, created_at_ms=@created_at_ms, expires_at=@expires_at,
          expires_sort=@expires_sort, has_hidden=@has_hidden, version=@version, gone=@gone, source_decided=@source_decided, decided_at_ms=@decided_at_ms,
          verdict=@verdict, changed=@changed, decided_by=@decided_by, outcome_status=@outcome_status, action_json=@action_json,
          source_decision_json=@source_decision_json, snapshot_json=@snapshot_json, received_at=@received_at,
          may_decide=@may_decide, waiting_for_me=@waiting_for_me, rights_json=@rights_json WHERE id=@id`),
      ftsInsert: db.prepare(`INSERT INTO items_fts(rowid, summary, action, evidence) VALUES (?, ?, ?, ?)`),
      ftsDelete: db.prepare(`DELETE FROM items_fts WHERE rowid = ?`),
      setCursor: db.prepare(`INSERT INTO cursors(source_id, cursor, updated_at) VALUES (?, ?, ?)
          ON CONFLICT(source_id) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`),
      getCursor: db.prepare<[string], { cursor: string | null }>(`SELECT cursor FROM cursors WHERE source_id = ?`),
      itemById: db.prepare<[string], ItemJoinRow>(`${ITEM_JOIN} WHERE i.id = ?`),
    };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  // ---- sources ----

  addSource(s: SourceRow): void {
    // The source's runner may have asked who we are before the row was written (sources.add starts it first).
    const identity = this.identities.get(s.id) ?? s.identity ?? null;
    this.db
      .prepare(`INSERT INTO sources(id, kind, name, url, watch_json, embedded, synthetic, created_at, identity_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(s.id, s.kind, s.name, s.url, JSON.stringify(s.watch), s.embedded ? 1 : 0, s.synthetic ? 1 : 0, s.createdAt, identity ? JSON.stringify(identity) : null);
  }

  updateSourceUrl(id: string, url: string): void {
    this.db.prepare(`UPDATE sources SET url = ? WHERE id = ?`).run(url, id);
  }

  /** Settings' edit of a source: its name, address and watch list (the id, items and cursor stay). */
  updateSource(id: string, s: Pick<SourceRow, 'name' | 'url' | 'watch'>): void {
    this.db.prepare(`UPDATE sources SET name = ?, url = ?, watch_json = ? WHERE id = ?`).run(s.name, s.url, JSON.stringify(s.watch), id);
  }

  listSources(): SourceRow[] {
    return readSources(this.db);
  }

  /** Who the console acts as at this source; null when not known (yet) or the source has no identities. */
  identityOf(sourceId: string): SourceIdentity | null {
    if (!this.identities.has(sourceId)) {
      const json = this.db.prepare(`SELECT identity_json FROM sources WHERE id = ?`).pluck().get(sourceId) as string | null | undefined;
      this.identities.set(sourceId, json ? (JSON.parse(json) as SourceIdentity) : null);
    }
    return this.identities.get(sourceId) ?? null;
  }

  /**
   * Stores who the console acts as at a source. When the person or their groups changed, every open item of that
   * source is re-derived (may decide, waiting for me), in one transaction.
   */
  setSourceIdentity(sourceId: string, identity: SourceIdentity | null): void {
    const before = this.identityOf(sourceId);
    const same = (a: SourceIdentity | null, b: SourceIdentity | null) => (a && b ? a.id === b.id && a.groups.join('\n') === b.groups.join('\n') : a === b);
    this.db.transaction(() => {
      this.db.prepare(`UPDATE sources SET identity_json = ? WHERE id = ?`).run(identity ? JSON.stringify(identity) : null, sourceId);
      this.identities.set(sourceId, identity);
      if (!same(before, identity)) rederiveRights(this.db, sourceId, identity);
    })();
  }

  getSource(id: string): SourceRow | undefined {
    return this.listSources().find((s) => s.id === id);
  }

  /** Removes a source with its items, decisions and cursor. */
  removeSource(id: string): boolean {
    return this.db.transaction(() => {
      const rowids = this.db.prepare(`SELECT rowid FROM items WHERE source_id = ?`).pluck().all(id) as number[];
      for (const r of rowids) this.st.ftsDelete.run(r);
      this.db.prepare(`DELETE FROM decisions WHERE source_id = ?`).run(id);
      this.identities.delete(id);
      this.historyWrites++;
      return this.db.prepare(`DELETE FROM sources WHERE id = ?`).run(id).changes > 0;
    })();
  }

  getCursor(sourceId: string): string | null {
    return this.st.getCursor.get(sourceId)?.cursor ?? null;
  }

  // ---- ingest ----

  private writeItem(row: ItemRow, existingRowid: number | null): void {
    const { fts_action, fts_evidence, ...cols } = row;
    let rowid = existingRowid;
    if (rowid === null) {
      rowid = Number(this.st.insert.run(cols).lastInsertRowid);
    } else {
      this.st.update.run(cols);
      this.st.ftsDelete.run(rowid);
    }
    this.st.ftsInsert.run(rowid, row.summary, fts_action, fts_evidence);
  }

  /** Writes one page from a source and its cursor in one transaction: either all of it lands or none. */
  ingest(sourceId: string, items: PulledItem[], cursor: string | null, now = new Date().toISOString()): IngestResult {
    const out: IngestResult = { inserted: 0, updated: 0, skipped: 0, newActionable: [] };
    const identity = this.identityOf(sourceId);
    const oldBefore = Date.now() - OLD_HISTORY_MS;
    this.db.transaction(() => {
      for (const p of items) {
        const id = itemId(sourceId, p.externalId);
        const ex = this.st.existing.get(id);
        // A stale snapshot (an older version than we hold) never overwrites a newer one.
        if (ex && p.request.version < ex.version) {
          out.skipped++;
          continue;
        }
        const row = itemRow(sourceId, p, (ex?.has_decision ?? 0) > 0, now, identity);
        this.writeItem(row, ex ? ex.rowid : null);
        if (row.created_at_ms < oldBefore) this.historyWrites++;
        if (ex) out.updated++;
        else {
          out.inserted++;
          if (row.lane === 'approvals' || row.lane === 'escalations') out.newActionable.push({ id, lane: row.lane, summary: row.summary, actionClass: row.action_class });
        }
      }
      this.st.setCursor.run(sourceId, cursor, now);
    })();
    return out;
  }

  /** Replaces an item's request snapshot (e.g. the source's answer to a push), keeping everything else. */
  private updateRequest(id: string, request: ApprovalRequest): void {
    const cur = this.st.itemById.get(id);
    if (!cur) return;
    const ex = this.st.existing.get(id)!;
    if (request.version < ex.version) return;
    const snap = JSON.parse(cur.snapshot_json) as ItemSnapshot;
    const pulled: PulledItem = { ...snap, externalId: cur.external_id, request };
    this.writeItem(itemRow(cur.source_id, pulled, ex.has_decision > 0, new Date().toISOString(), this.identityOf(cur.source_id)), ex.rowid);
  }

  // ---- reads ----

  getItem(id: string): QueueItem | null {
    const row = this.st.itemById.get(id);
    return row ? queueItemOf(row) : null;
  }

  isGone(id: string): boolean {
    return this.db.prepare(`SELECT gone FROM items WHERE id = ?`).pluck().get(id) === 1;
  }

  /** The source / class / agent / search part of a query, as SQL on `items i`; null when the search can match nothing. */
  private filterWhere(q: QueueFilter): { where: string[]; params: Record<string, unknown> } | null {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (q.sourceId) {
      where.push('i.source_id = @sourceId');
      params.sourceId = q.sourceId;
    }
    if (q.actionClass) {
      where.push('i.action_class = @actionClass');
      params.actionClass = q.actionClass;
    }
    if (q.agent) {
      where.push('i.agent = @agent');
      params.agent = q.agent;
    }
    if (q.search && q.search.trim()) {
      const m = ftsQuery(q.search);
      if (!m) return null;
      where.push('i.rowid IN (SELECT rowid FROM items_fts WHERE items_fts MATCH @match)');
      params.match = m;
    }
    return { where, params };
  }

  list(raw: QueueQuery): { total: number; items: QueueItemSummary[] } {
    const q = QueueQuerySchema.parse(raw);
    const f = this.filterWhere(q);
    if (!f) return { total: 0, items: [] };
    // "Waiting for me" is its own partial index; a lane is the first column of the urgency index.
    const where: string[] = [q.lane === 'waiting' ? 'i.waiting_for_me = 1' : 'i.lane = @lane', ...f.where];
    const params: Record<string, unknown> = { limit: q.limit, offset: q.offset, ...(q.lane === 'waiting' ? {} : { lane: q.lane }), ...f.params };
    const w = where.join(' AND ');
    const order = orderOf(q.lane);
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM items i WHERE ${w}`).get(params) as { n: number }).n;
    const cols = `i.id, i.lane, i.action_class, i.summary, i.agent, s.name AS source_name, i.status, i.outcome_status, i.control, i.risk, i.created_at, i.expires_at,
                  d.sync_state, i.has_hidden, i.may_decide, i.rights_json`;
    // Urgency lanes: find the page's rowids by walking the (lane, expires_sort, risk, created_at_ms) index alone,
    // then join only those rows, so a deep offset (scrolling far down 100,000 items) skips index entries,
    // not joined rows.
    const sql =
      q.lane === 'decided'
        ? `SELECT ${cols} FROM items i JOIN sources s ON s.id = i.source_id LEFT JOIN decisions d ON d.item_id = i.id
           WHERE ${w} ORDER BY ${order} LIMIT @limit OFFSET @offset`
        : `SELECT ${cols} FROM (SELECT i.rowid AS rid FROM items i WHERE ${w} ORDER BY ${order} LIMIT @limit OFFSET @offset) page
           JOIN items i ON i.rowid = page.rid JOIN sources s ON s.id = i.source_id LEFT JOIN decisions d ON d.item_id = i.id
           ORDER BY ${order}`;
    const rows = this.db.prepare(sql).all(params) as SummaryRow[];
    return { total, items: rows.map(summaryOf) };
  }

  /** Items per lane, under the filters when given (so the lanes agree with the list); the outbox is never filtered. */
  counts(filter: QueueFilter = {}): QueueCounts {
    const c: QueueCounts = { approvals: 0, reviews: 0, audit: 0, escalations: 0, decided: 0, waiting: 0, outbox: this.outboxCount() };
    const f = this.filterWhere(filter);
    if (!f) return c;
    const and = f.where.map((x) => ` AND ${x}`).join('');
    // Two queries, each answered from its own index alone when unfiltered (lanes: the urgency index; waiting: its
    // partial index). One query over both columns read every row: 0.5-1 s at 100,000 items, after every decision.
    const lanes = this.db.prepare(`SELECT i.lane, COUNT(*) AS n FROM items i WHERE i.lane IS NOT NULL${and} GROUP BY i.lane`).all(f.params) as Array<{
      lane: keyof QueueCounts;
      n: number;
    }>;
    for (const r of lanes) if (r.lane in c) c[r.lane] = r.n;
    c.waiting = this.db.prepare(`SELECT COUNT(*) FROM items i WHERE i.waiting_for_me = 1${and}`).pluck().get(f.params) as number;
    return c;
  }

  /** Where an item stands in a lane's order under the filters (0-based), or null when it is not in that list. */
  position(raw: QueueQuery, id: string): number | null {
    const q = QueueQuerySchema.parse(raw);
    const f = this.filterWhere(q);
    if (!f) return null;
    const where = [q.lane === 'waiting' ? 'i.waiting_for_me = 1' : 'i.lane = @lane', ...f.where].join(' AND ');
    const join = q.lane === 'decided' ? 'LEFT JOIN decisions d ON d.item_id = i.id' : '';
    const row = this.db
      .prepare(`SELECT n FROM (SELECT i.id, ROW_NUMBER() OVER (ORDER BY ${orderOf(q.lane)}) - 1 AS n FROM items i ${join} WHERE ${where}) WHERE id = @id`)
      .pluck()
      .get({ ...f.params, ...(q.lane === 'waiting' ? {} : { lane: q.lane }), id }) as number | undefined;
    return row ?? null;
  }

  facets(): { sources: Array<{ id: string; name: string }>; actionClasses: string[]; agents: string[] } {
    return {
      sources: this.db.prepare(`SELECT id, name FROM sources ORDER BY name`).all() as Array<{ id: string; name: string }>,
      actionClasses: this.db.prepare(`SELECT DISTINCT action_class FROM items ORDER BY 1`).pluck().all() as string[],
      agents: this.db.prepare(`SELECT DISTINCT agent FROM items ORDER BY 1`).pluck().all() as string[],
    };
  }

  // ---- decisions + outbox (store/outbox.ts) ----

  /** Writes a local decision held `holdMs` (the undo window) and moves the item to Decided; durable once it returns. */
  recordDecision(id: string, sourceId: string, decision: Decision, seen: LocalDecision['seen'] = null, holdMs = 0, now = Date.now()): void {
    this.outboxRows.record(id, sourceId, decision, seen, holdMs, now);
  }

  /** Many decision writes (or undos) as one durable transaction: all land or none, with one sync to disk. */
  batch<T>(fn: () => T): T {
    return this.outboxRows.durably(() => this.db.transaction(fn)());
  }

  /**
   * Takes back an item's decision that nothing has tried to send yet, and puts the item back where its request says
   * (its lane, waiting for me), in one transaction. False when there was no such decision.
   */
  undoDecision(id: string): boolean {
    return this.db.transaction(() => {
      const item = this.getItem(id);
      if (!item || !this.outboxRows.undo(id)) return false;
      this.updateRequest(id, item.request);
      return true;
    })();
  }

  outboxCount(sourceId?: string): number {
    return this.outboxRows.count(sourceId);
  }

  heldCount(now = Date.now()): number {
    return this.outboxRows.heldCount(now);
  }

  /** Decisions of a source a runner may send now (their undo window is over). */
  releasedCount(sourceId: string, now = Date.now()): number {
    return this.outboxRows.releasedCount(sourceId, now);
  }

  /** When the next held decision of a source may be sent (ms since the epoch), or null. */
  nextRelease(sourceId: string, now = Date.now()): number | null {
    return this.outboxRows.nextRelease(sourceId, now);
  }

  /** The decisions a runner may send now, oldest first: never one still inside its undo window. */
  outbox(sourceId: string, limit: number, now = Date.now()): OutboxEntry[] {
    return this.outboxRows.due(sourceId, limit, now);
  }

  markSyncing(ids: string[]): void {
    this.outboxRows.markSyncing(ids);
  }

  markPushFailed(ids: string[], error: string): void {
    this.outboxRows.markPushFailed(ids, error);
  }

  resetInFlight(): void {
    this.outboxRows.resetInFlight();
  }

  applyPushResults(results: PushResult[]): void {
    this.db.transaction(() => {
      for (const { itemId, result: r } of this.outboxRows.applyResults(results, Date.now())) {
        // A failed decision no longer holds the item in Decided: its lane follows the source's request again, so an item
        // still waiting there is back in front of the approver (with the error shown) and one that is not stays decided.
        const request = r.request ?? (!['accepted', 'duplicate', 'conflict', 'held', 'running'].includes(r.status) ? this.getItem(itemId)?.request : undefined);
        if (request) this.updateRequest(itemId, request);
      }
    })();
  }

  // ---- settings ----

  getSetting<T>(key: string): T | undefined {
    const v = this.db.prepare(`SELECT value_json FROM settings WHERE key = ?`).pluck().get(key) as string | undefined;
    return v === undefined ? undefined : (JSON.parse(v) as T);
  }

  setSetting(key: string, value: unknown): void {
    this.db.prepare(`INSERT INTO settings(key, value_json) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json`).run(key, JSON.stringify(value));
  }
}
