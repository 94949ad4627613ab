// Hub on PostgreSQL (loopback only, about a minute): submit throughput and p50/p99 with 16 concurrent agents on
// SQLite, on PostgreSQL with one replica and with two, beside raw inserts of the same rows (a request row and its log
// entry, one commit each, fsync on, through node-postgres: the storage limit) and the no-op route (the HTTP limit);
// then submit latency at half the measured PostgreSQL maximum. Two cores: replicas cannot show scaling here, only
// that a second replica costs nothing in correctness and what the shared head row lock costs.
import http from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { spawnHub, type HubProcess } from '../test/helpers/hub.js';
import { startPostgres } from '../test/helpers/postgres.js';

const AGENTS = 16;
const PHASE_MS = 3000;
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function call(url: string, method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}): Promise<number> {
  const data = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL(path, url),
      {
        method,
        agent,
        headers: { authorization: `Bearer ${token}`, ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}), ...headers },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

const proposal = (i: number) => ({
  actionClass: 'refund.issue',
  action: { name: 'payments.refund', args: { orderId: `ORD-${i}`, amount: 250, currency: 'EUR' } },
  summary: `Refund order ${i}`,
  evidence: [{ title: 'Ticket', text: 'Damaged on arrival.' }],
});

interface Figures {
  rate: number;
  p50: number;
  p99: number;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** `AGENTS` closed loops for `ms`: the rate and the latency percentiles of `op`. */
async function closedLoop(ms: number, op: (i: number, worker: number) => Promise<void>): Promise<Figures> {
  const lat: number[] = [];
  let n = 0;
  const end = Date.now() + ms;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: AGENTS }, async (_, w) => {
      while (Date.now() < end) {
        const s = performance.now();
        await op(n++, w);
        lat.push(performance.now() - s);
      }
    }),
  );
  lat.sort((x, y) => x - y);
  return { rate: lat.length / ((performance.now() - t0) / 1000), p50: pct(lat, 50), p99: pct(lat, 99) };
}

/** Open loop at `rate`/s for `ms`: latency when the hub is not saturated. */
async function paced(rate: number, ms: number, op: (i: number) => Promise<void>): Promise<Figures> {
  const lat: number[] = [];
  const pending: Promise<void>[] = [];
  const t0 = performance.now();
  for (let i = 0; performance.now() - t0 < ms; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const s = performance.now();
    pending.push(op(i).then(() => void lat.push(performance.now() - s)));
  }
  await Promise.all(pending);
  lat.sort((x, y) => x - y);
  return { rate: lat.length / ((performance.now() - t0) / 1000), p50: pct(lat, 50), p99: pct(lat, 99) };
}

let run = 0;
const submitter = (hubs: HubProcess[]) => {
  const prefix = `b${run++}`;
  return async (i: number) => {
    const h = hubs[i % hubs.length]!;
    const s = await call(h.url, 'POST', '/v1/requests', h.agentToken, proposal(i), { 'idempotency-key': `${prefix}-${i}` });
    if (s !== 201) throw new Error(`submit ${s}`);
  };
};

const out: Array<[string, string]> = [];
const say = (k: string, f: Figures) => out.push([k, `${f.rate.toFixed(0)} /s   p50 ${f.p50.toFixed(1)} ms   p99 ${f.p99.toFixed(1)} ms`]);

const server = await startPostgres({ durable: true });
const keyDir = mkdtempSync(join(tmpdir(), 'countersign-bench-key-'));
const hubs: HubProcess[] = [];
try {
  const sqlite = await spawnHub({ args: ['--rate-limit', '0'] });
  hubs.push(sqlite);
  const noop = async () => {
    if ((await call(sqlite.url, 'GET', '/v1/noop', sqlite.agentToken)) !== 200) throw new Error('noop');
  };
  await closedLoop(800, noop);
  const noopF = await closedLoop(PHASE_MS, noop);
  say('no-op route (HTTP limit)', noopF);
  await closedLoop(800, submitter([sqlite]));
  const sqliteF = await closedLoop(PHASE_MS, submitter([sqlite]));
  say('submit, SQLite', sqliteF);
  await sqlite.stop();
  hubs.length = 0;

  const args = ['--rate-limit', '0', '--log-key', join(keyDir, 'key.pem')];
  const db1 = await server.createDatabase();
  const one = await spawnHub({ db: db1, args });
  hubs.push(one);
  await closedLoop(800, submitter([one]));
  const pg1 = await closedLoop(PHASE_MS, submitter([one]));
  say('submit, PostgreSQL, 1 replica', pg1);
  const half = await paced(pg1.rate / 2, PHASE_MS, submitter([one]));
  say(`submit, PostgreSQL, 1 replica at half max (${(pg1.rate / 2).toFixed(0)}/s)`, half);

  const two = await spawnHub({ db: db1, args });
  hubs.push(two);
  await closedLoop(800, submitter([one, two]));
  const pg2 = await closedLoop(PHASE_MS, submitter([one, two]));
  say('submit, PostgreSQL, 2 replicas', pg2);

  // Raw inserts: the same request row and log entry the hub writes for a submit, one transaction each, same server and client.
  const pool = new pg.Pool({ connectionString: db1, max: AGENTS });
  const sample = (await pool.query('SELECT row_to_json(r) AS r FROM requests r LIMIT 1')).rows[0].r as Record<string, unknown>;
  const logSample = (await pool.query('SELECT row_to_json(l) AS l FROM log l LIMIT 1')).rows[0].l as Record<string, unknown>;
  let k = 10_000_000_000;
  const raw = async () => {
    const id = `raw-${k++}`;
    const r = JSON.stringify({ ...sample, id, idem_key: id, cursor: k });
    const l = JSON.stringify({ ...logSample, id: k, request_id: id });
    await pool.query('WITH r AS (INSERT INTO requests SELECT * FROM json_populate_record(NULL::requests, $1)) INSERT INTO log SELECT * FROM json_populate_record(NULL::log, $2)', [
      r,
      l,
    ]);
  };
  await closedLoop(800, raw);
  const rawF = await closedLoop(PHASE_MS, raw);
  say('raw insert of the same rows (storage limit)', rawF);
  await pool.end();

  const [l1, l5] = loadavg();
  console.log(`load average while running: ${l1!.toFixed(1)} (1 min), ${l5!.toFixed(1)} (5 min); ${AGENTS} concurrent agents, ${PHASE_MS} ms phases`);
  for (const [k2, v] of out) console.log(`${k2.padEnd(58)} ${v}`);
  const ratio = (x: number, y: number) => (x / y).toFixed(2);
  console.log(`PostgreSQL submit / raw insert (1 replica): ${ratio(pg1.rate, rawF.rate)}  target >= 0.50  ${pg1.rate / rawF.rate >= 0.5 ? 'PASS' : 'MISS'}`);
  console.log(`PostgreSQL submit / raw insert (2 replicas): ${ratio(pg2.rate, rawF.rate)}`);
  console.log(`PostgreSQL submit p99 at half max: ${half.p99.toFixed(1)} ms  target < 20 ms  ${half.p99 < 20 ? 'PASS' : 'MISS'}`);
  console.log(`submit / no-op: SQLite ${ratio(sqliteF.rate, noopF.rate)}, PostgreSQL ${ratio(pg1.rate, noopF.rate)}`);
} finally {
  for (const h of hubs) await h.stop().catch(() => undefined);
  await server.stop();
  rmSync(keyDir, { recursive: true, force: true });
}
