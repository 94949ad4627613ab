// The PostgreSQL connection pool (node-postgres): BIGINT columns (ms times, cursors, log positions) as numbers,
// which they fit (2^53), and an idle client's error logged instead of crashing the process (a server restart).
import pg from 'pg';

export const isPostgresUrl = (s: string | undefined): s is string => !!s && /^postgres(ql)?:\/\//i.test(s);

const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
    oid === INT8_OID ? (v: string) => Number(v) : (pg.types.getTypeParser(oid, format) as unknown)) as typeof pg.types.getTypeParser,
};

export function openPool(url: string, onError: (e: Error) => void): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 10, types, connectionTimeoutMillis: 5000, application_name: 'countersign-hub' });
  pool.on('error', onError);
  return pool;
}

export type Queryable = Pick<pg.PoolClient, 'query'>;

/**
 * A pooled client for one transaction. A connection that dies while checked out between two queries emits 'error' on
 * the client, which the pool only listens for on idle ones: unheard, it would end the process (a database restart).
 * The next query fails instead, and release(true) discards the client.
 */
export async function checkout(pool: pg.Pool): Promise<{ c: pg.PoolClient; release: (broken: boolean) => void }> {
  const c = await pool.connect();
  let dead = false;
  const onError = () => (dead = true);
  c.on('error', onError);
  return {
    c,
    release: (broken) => {
      c.off('error', onError);
      c.release(broken || dead);
    },
  };
}

/** One transaction on a pooled client; `lockHead` first takes the hub_head row lock every feed write takes (write.ts). */
export async function transaction<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>, opts: { lockHead?: boolean } = {}): Promise<T> {
  const { c, release } = await checkout(pool);
  let broken = false;
  try {
    await c.query('BEGIN');
    if (opts.lockHead) await c.query('SELECT 1 FROM hub_head FOR UPDATE');
    const out = await fn(c);
    await c.query('COMMIT');
    return out;
  } catch (e) {
    await c.query('ROLLBACK').catch(() => (broken = true));
    throw e;
  } finally {
    release(broken);
  }
}
