// The outbox: local decisions from the moment they are written until their source has answered. Rows in state
// `local`/`syncing` are in it. A decision is held until its release time (the undo window) and is never handed to a
// runner before it, so a crash or reload inside the window sends nothing early and loses nothing.
import type { Decision } from '../../shared/domain.js';
import type { DecisionAnswer, LocalDecision } from '../../shared/contract.js';
import { RELEASING_STATES } from '../../shared/local-decision.js';
import type { DecisionBinding, PushResult } from '../sources/source.js';
import type { Db } from './db.js';

/** How a decision that reached its source but did not take effect there is labelled (the renderer shows it as is). */
const DELIVERY_FAILED = 'delivery failed at the source: ';

/** Local decisions in these states hold their item in Decided (src/shared/local-decision.ts says which do not). */
export const HOLDING = `sync_state NOT IN (${RELEASING_STATES.map((x) => `'${x}'`).join(', ')})`;

/** Never handed to a runner: in the outbox, and its release time (if any) still ahead. */
const RELEASED = `(release_at_ms IS NULL OR release_at_ms <= @now)`;

/**
 * Only a decision nothing has tried to send can be taken back: once a push started (attempts > 0) it may have reached
 * the source even if the answer was lost, so undoing it here could hide a decision that took effect there.
 */
const UNSENT = `sync_state = 'local' AND attempts = 0`;

export interface OutboxEntry {
  decision: Decision;
  externalId: string;
  itemId: string;
  /** The request version and action hash the approver saw; null for decisions from before decision rights. */
  binding: DecisionBinding | null;
}

export class Outbox {
  constructor(
    private readonly db: Db,
    private readonly decisionSync: 'FULL' | 'NORMAL',
  ) {}

  /**
   * Writes a local decision, held `holdMs` before it may be sent, and moves the item to Decided, in one transaction
   * with synchronous=FULL: once this returns, the decision survives a kill -9 and a power cut alike.
   */
  record(id: string, sourceId: string, decision: Decision, seen: LocalDecision['seen'], holdMs: number, now: number): void {
    const write = () =>
      this.db.transaction(() => {
        // A decision that did not hold the item (failed, a recorded vote, forbidden, stale) gives way to the new one.
        this.db.prepare(`DELETE FROM decisions WHERE item_id = ? AND NOT (${HOLDING})`).run(id);
        this.db
          .prepare(
            `INSERT INTO decisions(id, item_id, source_id, decision_json, sync_state, attempts, created_at_ms, seen_json, release_at_ms) VALUES (?, ?, ?, ?, 'local', 0, ?, ?, ?)`,
          )
          .run(decision.id, id, sourceId, JSON.stringify(decision), now, seen ? JSON.stringify(seen) : null, holdMs > 0 ? now + holdMs : null);
        this.db.prepare(`UPDATE items SET lane = 'decided', waiting_for_me = 0 WHERE id = ?`).run(id);
      })();
    // Inside a batch (bulk triage) the batch's own commit is the durable one.
    if (this.db.inTransaction) write();
    else this.durably(write);
  }

  /** Runs `fn` with synchronous=FULL (when configured), so the commit inside it survives a power cut. */
  durably<T>(fn: () => T): T {
    if (this.decisionSync === 'FULL') this.db.pragma('synchronous = FULL');
    try {
      return fn();
    } finally {
      if (this.decisionSync === 'FULL') this.db.pragma('synchronous = NORMAL');
    }
  }

  /**
   * Takes back the item's unsent decision (inside the undo window, or offline before any push). Returns false when
   * there is none (already sent, answered, or never made); the caller re-derives the item's lane in the same transaction.
   */
  undo(itemId: string): boolean {
    return this.db.prepare(`DELETE FROM decisions WHERE item_id = ? AND ${UNSENT}`).run(itemId).changes > 0;
  }

  /** Every decision waiting to sync, held ones included (what the banner counts). */
  count(sourceId?: string): number {
    const sql = `SELECT COUNT(*) FROM decisions WHERE sync_state IN ('local', 'syncing')` + (sourceId ? ' AND source_id = ?' : '');
    return this.db
      .prepare(sql)
      .pluck()
      .get(...(sourceId ? [sourceId] : [])) as number;
  }

  /** Decisions still in their undo window: written, deliberately not sent yet. */
  heldCount(now: number): number {
    return this.db.prepare(`SELECT COUNT(*) FROM decisions WHERE sync_state IN ('local', 'syncing') AND NOT ${RELEASED}`).pluck().get({ now }) as number;
  }

  /** Decisions a runner may send now: past their undo window. */
  releasedCount(sourceId: string, now: number): number {
    return this.db
      .prepare(`SELECT COUNT(*) FROM decisions WHERE source_id = @sourceId AND sync_state IN ('local', 'syncing') AND ${RELEASED}`)
      .pluck()
      .get({ sourceId, now }) as number;
  }

  /** When the next held decision of a source is released (ms), or null when none is held. */
  nextRelease(sourceId: string, now: number): number | null {
    return (
      (this.db
        .prepare(`SELECT MIN(release_at_ms) FROM decisions WHERE source_id = @sourceId AND sync_state IN ('local', 'syncing') AND release_at_ms > @now`)
        .pluck()
        .get({ sourceId, now }) as number | null) ?? null
    );
  }

  /** The released decisions of one source, oldest first. */
  due(sourceId: string, limit: number, now: number): OutboxEntry[] {
    const rows = this.db
      .prepare(
        `SELECT d.decision_json, d.item_id, i.external_id, d.seen_json FROM decisions d JOIN items i ON i.id = d.item_id
         WHERE d.source_id = @sourceId AND d.sync_state IN ('local', 'syncing') AND ${RELEASED.replace(/release_at_ms/g, 'd.release_at_ms')}
         ORDER BY d.created_at_ms, d.rowid LIMIT @limit`,
      )
      .all({ sourceId, limit, now }) as Array<{ decision_json: string; item_id: string; external_id: string; seen_json: string | null }>;
    return rows.map((r) => {
      const seen = r.seen_json ? (JSON.parse(r.seen_json) as NonNullable<LocalDecision['seen']>) : null;
      return {
        decision: JSON.parse(r.decision_json) as Decision,
        externalId: r.external_id,
        itemId: r.item_id,
        binding: seen ? { version: seen.version, actionHash: seen.actionHash } : null,
      };
    });
  }

  markSyncing(ids: string[]): void {
    const st = this.db.prepare(`UPDATE decisions SET sync_state = 'syncing', attempts = attempts + 1 WHERE id = ? AND sync_state IN ('local', 'syncing')`);
    this.db.transaction(() => ids.forEach((id) => st.run(id)))();
  }

  /** A push failed as a whole (network): the decisions stay in the outbox with the error shown. */
  markPushFailed(ids: string[], error: string): void {
    const st = this.db.prepare(`UPDATE decisions SET sync_state = 'local', error = ? WHERE id = ? AND sync_state = 'syncing'`);
    this.db.transaction(() => ids.forEach((id) => st.run(error, id)))();
  }

  /** After a restart nothing is in flight: whatever was 'syncing' goes back to the outbox (the id keeps re-sends idempotent). */
  resetInFlight(): void {
    this.db.prepare(`UPDATE decisions SET sync_state = 'local' WHERE sync_state = 'syncing'`).run();
  }

  /**
   * Writes each answer onto its decision; returns the items whose lane must follow the source's request again (a
   * decision that did not take effect no longer holds its item), for the store to re-derive in the same transaction.
   */
  applyResults(results: PushResult[], now: number): Array<{ itemId: string; result: PushResult }> {
    const set = this.db.prepare(`UPDATE decisions SET sync_state = ?, error = ?, conflict_json = ?, synced_at_ms = ?, answer_json = NULL WHERE id = ?`);
    const answered = this.db.prepare(`UPDATE decisions SET sync_state = ?, error = ?, answer_json = ?, conflict_json = NULL, synced_at_ms = ? WHERE id = ?`);
    const answer = (state: string, error: string | null, a: DecisionAnswer, id: string) => answered.run(state, error, JSON.stringify(a), now, id);
    const itemOf = this.db.prepare(`SELECT item_id FROM decisions WHERE id = ?`).pluck();
    const touched: Array<{ itemId: string; result: PushResult }> = [];
    for (const r of results) {
      const item = itemOf.get(r.decisionId) as string | undefined;
      if (!item) continue;
      switch (r.status) {
        case 'accepted':
        case 'duplicate':
          set.run('synced', null, null, now, r.decisionId);
          break;
        case 'conflict':
          set.run('conflict', 'Someone else decided first', r.winner ? JSON.stringify(r.winner) : null, now, r.decisionId);
          break;
        case 'expired':
          set.run('failed', 'expired: the request expired before this decision reached the source', null, now, r.decisionId);
          break;
        case 'rejected':
          set.run('failed', `rejected by the source: ${r.reason ?? 'no reason given'}`, null, now, r.decisionId);
          break;
        case 'failed':
          set.run('failed', `${DELIVERY_FAILED}${r.reason ?? 'no reason given'}`, null, now, r.decisionId);
          break;
        case 'vote_recorded':
          answer('voted', null, { kind: 'vote', approvals: r.approvals ?? 0, required: r.required ?? 0 }, r.decisionId);
          break;
        case 'forbidden':
          answer('forbidden', `not yours to decide: ${r.reason ?? 'no reason given'}`, { kind: 'forbidden', reason: r.reason ?? '', deciders: r.deciders ?? [] }, r.decisionId);
          break;
        case 'stale':
          answer('stale', `not applied: ${r.reason ?? 'the action changed'}`, { kind: 'stale', reason: r.reason ?? '' }, r.decisionId);
          break;
        case 'held':
          // Still in the outbox, with what it waits for shown on the item.
          set.run('local', r.reason ?? 'waiting for other decisions it must be sent with', null, null, r.decisionId);
          break;
        case 'running':
          // Sent, not yet judged: stays in the outbox (the next push reads how the run ended), shown as sent.
          answer('local', null, { kind: 'running', reason: r.reason ?? 'the source is still working on it' }, r.decisionId);
          break;
      }
      touched.push({ itemId: item, result: r });
    }
    return touched;
  }
}
