// RowTx (src/hub/store/request-rows.ts) for PostgreSQL: the rows a batch touches are read up front (under the head
// lock, see write.ts), the shared rules run on them synchronously, and their writes are buffered and flushed in a
// few set-based statements before the commit. Log entries are signed as one batch, like SQLite's withSignedBatch.
import { handleKey } from '../../shared/handle-key.js';
import { GENESIS_HASH, hashLogEntry } from '../../shared/log-chain.js';
import { signEntries, type LogSigningKey } from '../../node-shared/log-signing.js';
import { sha256Hex } from '../../node-shared/sha256.js';
import type { RequestRow, RowTx } from '../store/request-rows.js';
import type { Queryable } from './pool.js';
import type { LogRow } from '../log/node-chain.js';

type LogInsert = LogRow & { id: number };

/**
 * PostgreSQL text cannot hold NUL or a lone surrogate, which an agent may put in its id or a class name: the columns
 * that copy them out of base_json (for queries) get them escaped as \uXXXX. The snapshot is built from base_json,
 * which keeps them exactly (JSON escapes them).
 */
const pgText = (s: string): string =>
  // eslint-disable-next-line no-control-regex -- NUL is the character PostgreSQL refuses
  s.replace(/\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);

const idemKeyOf = (tokenId: number, key: string) => `${tokenId}\u0000${key}`;

export class PgRowTx implements RowTx {
  private rows = new Map<string, RequestRow>();
  private idem = new Map<string, RequestRow>();
  private users = new Map<string, string>();
  private seen = new Map<string, string>();
  private inserted: RequestRow[] = [];
  private insertedSet = new Set<RequestRow>();
  private updated = new Set<RequestRow>();
  private logs: LogInsert[] = [];
  private decisions: Array<{ id: string; request_id: string; received_at_ms: number }> = [];

  constructor(
    public head: { cursor: number; log_id: number },
    /** The policy version at the head lock (read with it). */
    readonly policyVersion: number,
  ) {}

  /** Reads what the batch may touch: rows by id (locked), earlier submits by (token, key), people by handle, decision ids seen. */
  async load(c: Queryable, want: { ids?: string[]; idem?: Array<[number, string]>; handles?: string[]; decisionIds?: string[] }): Promise<void> {
    if (want.ids?.length) for (const r of (await c.query('SELECT * FROM requests WHERE id = ANY($1) FOR UPDATE', [want.ids])).rows as RequestRow[]) this.rows.set(r.id, r);
    if (want.idem?.length) {
      const res = await c.query('SELECT r.* FROM requests r JOIN unnest($1::bigint[], $2::text[]) AS k(t, i) ON r.token_id = k.t AND r.idem_key = k.i', [
        want.idem.map((k) => k[0]),
        want.idem.map((k) => k[1]),
      ]);
      for (const r of res.rows as RequestRow[]) this.idem.set(idemKeyOf(r.token_id, r.idem_key), r);
    }
    if (want.handles?.length) {
      const res = await c.query('SELECT id, handle_key FROM users WHERE handle_key = ANY($1)', [want.handles.map(handleKey)]);
      for (const u of res.rows as Array<{ id: string; handle_key: string }>) this.users.set(u.handle_key, u.id);
    }
    if (want.decisionIds?.length) {
      const res = await c.query('SELECT id, request_id FROM decisions WHERE id = ANY($1)', [want.decisionIds]);
      for (const d of res.rows as Array<{ id: string; request_id: string }>) this.seen.set(d.id, d.request_id);
    }
  }

  /** Rows the caller read itself (the expiry sweep's selection). */
  adopt(rows: RequestRow[]): void {
    for (const r of rows) this.rows.set(r.id, r);
  }

  getRow(id: string): RequestRow | undefined {
    return this.rows.get(id);
  }
  findIdem(tokenId: number, idemKey: string): RequestRow | undefined {
    return this.idem.get(idemKeyOf(tokenId, idemKey));
  }
  userIdOfHandle(handle: string): string | null {
    return this.users.get(handleKey(handle)) ?? null;
  }
  decisionSeenFor(decisionId: string): string | undefined {
    return this.seen.get(decisionId);
  }
  recordDecision(decisionId: string, requestId: string, receivedAtMs: number): void {
    this.seen.set(decisionId, requestId);
    this.decisions.push({ id: decisionId, request_id: requestId, received_at_ms: receivedAtMs });
  }
  nextCursor(): number {
    return ++this.head.cursor;
  }
  appendLog(head: { hash: string; count: number }, e: Parameters<RowTx['appendLog']>[1]): { hash: string; count: number } {
    const seq = head.count + 1;
    const prevHash = head.count === 0 ? GENESIS_HASH : head.hash;
    const hash = hashLogEntry(prevHash, { seq, ...e }, sha256Hex);
    this.logs.push({
      id: ++this.head.log_id,
      request_id: e.requestId,
      seq,
      event: e.event,
      actor: e.actor,
      at: e.at,
      data_json: JSON.stringify(e.data ?? null),
      prev_hash: prevHash,
      hash,
      sig: null,
    });
    return { hash, count: seq };
  }
  insertRow(row: RequestRow): void {
    this.inserted.push(row);
    this.insertedSet.add(row);
    this.rows.set(row.id, row);
    this.idem.set(idemKeyOf(row.token_id, row.idem_key), row);
  }
  updateRow(row: RequestRow): void {
    if (!this.insertedSet.has(row)) this.updated.add(row);
  }

  get logCount(): number {
    return this.logs.length;
  }

  /**
   * Writes everything buffered in one statement (one round trip): signed log entries, new and changed rows, recorded
   * decision ids, the new head, and the change notice (delivered only if the transaction commits).
   */
  async flush(c: Queryable, key: LogSigningKey, notice: { channel: string; payload: string } | null): Promise<void> {
    if (this.logs.length) {
      const sigs = signEntries(
        key,
        this.logs.map((l) => ({ requestId: l.request_id, seq: l.seq, hash: l.hash })),
      );
      this.logs.forEach((l, i) => (l.sig = sigs[i]!));
    }
    const inserted = this.inserted.map((r) => ({ ...r, agent_id: pgText(r.agent_id), action_class: pgText(r.action_class) }));
    await c.query(
      `WITH l AS (INSERT INTO log SELECT * FROM json_populate_recordset(NULL::log, $1)),
            r AS (INSERT INTO requests SELECT * FROM json_populate_recordset(NULL::requests, $2)),
            u AS (UPDATE requests r SET status = x.status, version = x.version, cursor = x.cursor, last_change = x.last_change, decision_json = x.decision_json,
                    outcome_json = x.outcome_json, decided_at_ms = x.decided_at_ms, decided_by = x.decided_by, log_head = x.log_head, log_count = x.log_count,
                    action_hash = x.action_hash, action_version = x.action_version, pending_action_json = x.pending_action_json, votes_json = x.votes_json,
                    owner_json = x.owner_json
                  FROM json_populate_recordset(NULL::requests, $3) x WHERE r.id = x.id),
            d AS (INSERT INTO decisions SELECT * FROM json_populate_recordset(NULL::decisions, $4)),
            h AS (UPDATE hub_head SET cursor = $5, log_id = $6)
       SELECT pg_notify($7, $8) WHERE $8::text IS NOT NULL`,
      [
        JSON.stringify(this.logs),
        JSON.stringify(inserted),
        JSON.stringify([...this.updated]),
        JSON.stringify(this.decisions),
        this.head.cursor,
        this.head.log_id,
        notice?.channel ?? '',
        notice?.payload ?? null,
      ],
    );
  }
}
