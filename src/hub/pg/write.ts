// One write transaction on the shared database. It first locks the one-row hub_head, so writes from every replica
// take turns: feed cursors and log positions are assigned under that lock and so become visible in commit order (a
// console that read cursor N never later meets a change below N). The cost: writes serialise on that row (measured
// in bench/hub-pg.bench.ts; docs/deploy.md). The change notice goes out with the commit (NOTIFY is transactional).
import type pg from 'pg';
import type { LogSigningKey } from '../../node-shared/log-signing.js';
import type { ChangeEvent } from '../store/request-rules.js';
import { CHECKPOINT_EVERY } from '../log/signer.js';
import { writePgCheckpoint } from './log.js';
import { checkout } from './pool.js';
import { PgRowTx } from './row-tx.js';

export const CHANGES_CHANNEL = 'countersign_changes';
/** A NOTIFY payload must stay under 8000 bytes: past this many ids it says "something changed" instead. */
const MAX_NOTIFY_IDS = 100;

export interface WriteResult<T> {
  value: T;
  events: ChangeEvent[];
}

export async function withWrite<T>(
  pool: pg.Pool,
  key: LogSigningKey,
  origin: string,
  fn: (c: pg.PoolClient, tx: PgRowTx, events: ChangeEvent[]) => Promise<T>,
): Promise<WriteResult<T>> {
  const { c, release } = await checkout(pool);
  let broken = false;
  try {
    // One round trip: the transaction, the head lock, and the policy version submits are classified under.
    const results = (await c.query(
      'BEGIN; SELECT cursor, log_id, (SELECT COALESCE(MAX(version), 0) FROM policy_versions) AS policy_version FROM hub_head FOR UPDATE',
    )) as unknown as pg.QueryResult[];
    const head = results[1]!.rows[0] as { cursor: number; log_id: number; policy_version: number };
    const startLog = head.log_id;
    const tx = new PgRowTx({ cursor: head.cursor, log_id: head.log_id }, head.policy_version);
    const events: ChangeEvent[] = [];
    const value = await fn(c, tx, events);
    const ids = events.length <= MAX_NOTIFY_IDS ? [...new Set(events.map((e) => e.requestId))] : null;
    await tx.flush(c, key, events.length ? { channel: CHANGES_CHANNEL, payload: JSON.stringify({ origin, cursor: tx.head.cursor, ids }) } : null);
    if (Math.floor(tx.head.log_id / CHECKPOINT_EVERY) > Math.floor(startLog / CHECKPOINT_EVERY)) await writePgCheckpoint(c, key);
    await c.query('COMMIT');
    return { value, events };
  } catch (e) {
    await c.query('ROLLBACK').catch(() => (broken = true));
    throw e;
  } finally {
    release(broken);
  }
}
