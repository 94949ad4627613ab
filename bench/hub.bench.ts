// Hub benchmark (loopback only, about a minute): submit throughput vs the no-op route, submit-to-SSE latency,
// a 10,000-decision batch beside 10,000 two-person votes, and the hub's insert rate beside raw better-sqlite3 inserts of the same rows.
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createStreamTicket } from '../src/hub-client/index.js';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../src/shared/protocol.js';
import { spawnHub } from '../test/helpers/hub.js';
import { openHubDb } from '../src/hub/store/db.js';
import { HUB_CHANGE, PolicyStore } from '../src/hub/store/policy-store.js';
import { RequestStore } from '../src/hub/store/requests.js';
import type { ParsedSubmit } from '../src/hub/store/request-rules.js';
import { DEFAULT_POLICY } from '../src/hub/demo/policy.js';
import { ActionClass } from '../src/shared/domain.js';

const CONCURRENCY = 16;
const CONCURRENCY_LEVELS = [16, 64];
const PHASE_MS = 4000;
const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });

function call(url: string, method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
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
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

async function rate(ms: number, op: () => Promise<void>, concurrency = CONCURRENCY): Promise<number> {
  let n = 0;
  const end = Date.now() + ms;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        await op();
        n++;
      }
    }),
  );
  return n / ((performance.now() - t0) / 1000);
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const proposal = (i: number) => ({
  actionClass: 'refund.issue',
  action: { name: 'payments.refund', args: { orderId: `ORD-${i}`, amount: 250, currency: 'EUR' } },
  summary: `Refund order ${i}`,
  evidence: [{ title: 'Ticket', text: 'Damaged on arrival.' }],
});

const rows: Array<[string, string, string, string]> = [];
const row = (name: string, value: string, target: string, pass: boolean | null) => rows.push([name, value, target, pass === null ? '' : pass ? 'PASS' : 'MISS']);

// Rate limiting off: the bench measures what the hub can do, not the per-token limit (test/hub/rate-limit.test.ts covers that).
const hub = await spawnHub({ args: ['--rate-limit', '0'] });
try {
  const { url, agentToken, approverToken } = hub;
  let seq = 0;
  const noop = async () => {
    const r = await call(url, 'GET', '/v1/noop', agentToken);
    if (r.status !== 200) throw new Error(`noop ${r.status}`);
  };
  const submit = async () => {
    const i = seq++;
    const r = await call(url, 'POST', '/v1/requests', agentToken, proposal(i), { 'idempotency-key': `bench-${i}` });
    if (r.status !== 201) throw new Error(`submit ${r.status} ${r.text}`);
  };
  // Warm both paths (JIT, connections), then measure.
  await rate(800, noop);
  await rate(800, submit);
  // Alternate short rounds so both routes see the same machine load (other work shares these cores).
  for (const c of CONCURRENCY_LEVELS) {
    let noopSum = 0;
    let submitSum = 0;
    for (let round = 0; round < 4; round++) {
      noopSum += await rate(PHASE_MS / 4, noop, c);
      submitSum += await rate(PHASE_MS / 4, submit, c);
    }
    const noopRate = noopSum / 4;
    const submitRate = submitSum / 4;
    row(`no-op route, ${c} concurrent clients`, `${noopRate.toFixed(0)} req/s`, '', null);
    row(`submit, ${c} concurrent agents`, `${submitRate.toFixed(0)} req/s`, '', null);
    row(`submit / no-op at ${c}`, (submitRate / noopRate).toFixed(2), '>= 0.50', submitRate / noopRate >= 0.5);
  }

  // Submit -> SSE notification latency: one submit at a time, time until the stream says the feed moved.
  const latencies: number[] = [];
  const ticket = await createStreamTicket({ url, token: approverToken });
  await new Promise<void>((resolve, reject) => {
    const req = http.get(new URL(`/v1/stream?ticket=${encodeURIComponent(ticket)}`, url), (res) => {
      res.setEncoding('utf8');
      let buf = '';
      let waiting: ((cursor: number) => void) | null = null;
      res.on('data', (chunk: string) => {
        buf += chunk;
        let idx;
        while ((idx = buf.indexOf('\n\n')) >= 0) {
          const msg = buf.slice(0, idx);
          buf = buf.slice(idx + 2);
          const data = /data: (.*)/.exec(msg)?.[1];
          if (data && waiting) waiting(JSON.parse(data).cursor);
        }
      });
      (async () => {
        await new Promise((r) => setTimeout(r, 100));
        for (let i = 0; i < 300; i++) {
          const got = new Promise<number>((r) => (waiting = r));
          const t0 = performance.now();
          await Promise.all([submit(), got]);
          latencies.push(performance.now() - t0);
          waiting = null;
        }
        req.destroy();
        resolve();
      })().catch(reject);
    });
    req.on('error', (e) => (latencies.length >= 300 ? resolve() : reject(e)));
  });
  latencies.sort((a, b) => a - b);
  row('submit -> SSE wake-up p50', `${pct(latencies, 50).toFixed(2)} ms`, '', null);
  row('submit -> SSE wake-up p99', `${pct(latencies, 99).toFixed(2)} ms`, '< 50 ms', pct(latencies, 99) < 50);

  // A 10,000-decision batch (e.g. a console back from a long offline stretch).
  const pending: string[] = [];
  const base = seq;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (pending.length < 10_000) {
        const i = seq++;
        if (i - base >= 10_000) break;
        const r = await call(url, 'POST', '/v1/requests', agentToken, proposal(i), { 'idempotency-key': `batch-${i}` });
        pending.push(JSON.parse(r.text).id);
      }
    }),
  );
  const decisions = pending.slice(0, 10_000).map((requestId) => ({ id: `d-${randomUUID()}`, requestId, verdict: 'approve', decidedAt: new Date().toISOString() }));
  const t0 = performance.now();
  const r = await call(url, 'POST', '/v1/decisions', approverToken, { decisions });
  const batchMs = performance.now() - t0;
  const accepted = (JSON.parse(r.text).results as Array<{ status: string }>).filter((x) => x.status === 'accepted').length;
  row(`10,000-decision batch (${accepted} accepted)`, `${batchMs.toFixed(0)} ms`, '< 2000 ms', batchMs < 2000 && accepted === 10_000);

  // The same batch size on a two-person class: 5,000 requests, each approved by two people (two batches of 5,000
  // votes: the first all vote_recorded, the second all completing the quorum). Both batches count against the limit.
  const classes = JSON.parse((await call(url, 'GET', '/v1/action-classes', hub.adminToken)).text).classes as unknown[];
  const quorumClass = { name: 'bench.two-person', override: 'approval', deciders: [], approvals: 2 };
  const put = await call(url, 'PUT', '/v1/action-classes', hub.adminToken, { classes: [...classes, quorumClass] });
  if (put.status !== 200) throw new Error(`policy ${put.status} ${put.text}`);
  const quorumIds: string[] = [];
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (quorumIds.length < 5_000) {
        const i = seq++;
        const r = await call(url, 'POST', '/v1/requests', agentToken, { ...proposal(i), actionClass: quorumClass.name }, { 'idempotency-key': `quorum-${i}` });
        if (quorumIds.length < 5_000) quorumIds.push(JSON.parse(r.text).id);
      }
    }),
  );
  const v2 = { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) };
  const votes = () => quorumIds.map((requestId) => ({ id: `d-${randomUUID()}`, requestId, verdict: 'approve', decidedAt: new Date().toISOString() }));
  const firstVotes = votes();
  const secondVotes = votes();
  const q0 = performance.now();
  const r1 = await call(url, 'POST', '/v1/decisions', approverToken, { decisions: firstVotes }, v2);
  const r2 = await call(url, 'POST', '/v1/decisions', hub.approver2Token, { decisions: secondVotes }, v2);
  const quorumMs = performance.now() - q0;
  const recorded = (JSON.parse(r1.text).results as Array<{ status: string }>).filter((x) => x.status === 'vote_recorded').length;
  const completed = (JSON.parse(r2.text).results as Array<{ status: string }>).filter((x) => x.status === 'accepted').length;
  const ok = recorded === 5_000 && completed === 5_000;
  row(
    `10,000 votes, 5,000 two-person requests (${recorded} recorded + ${completed} approved)`,
    `${quorumMs.toFixed(0)} ms (${(quorumMs / 2000).toFixed(2)} of limit)`,
    '< 2000 ms',
    quorumMs < 2000 && ok,
  );
  row('single-approval batch, same run', `${batchMs.toFixed(0)} ms (${(batchMs / 2000).toFixed(2)} of limit)`, '(beside)', null);
} finally {
  agent.destroy();
  await hub.stop();
}

// Insert rate: the hub's store (one transaction per submit: classify, three hash-chained log entries, feed cursor)
// beside raw better-sqlite3 inserts of exactly the rows it wrote, all in one transaction.
{
  const N = 5000;
  const dir = mkdtempSync(join(tmpdir(), 'countersign-bench-'));
  try {
    const db = openHubDb(join(dir, 'hub'));
    const policy = new PolicyStore(db);
    policy.change(
      DEFAULT_POLICY.map((c) => ActionClass.parse(c)),
      HUB_CHANGE,
    );
    const store = new RequestStore(db, policy);
    const token = { id: 1, name: 'bench-agent', role: 'agent' as const, userId: 'u_bench', kind: 'agent' as const, displayName: 'bench-agent', groups: [], expiresAtMs: null };
    const bodies: ParsedSubmit[] = Array.from({ length: N }, (_, i) => ({ ...proposal(i), escalate: false, externalId: null }));
    let t = performance.now();
    for (let i = 0; i < N; i++) store.submit(token, `k-${i}`, bodies[i], bodies[i]!);
    const hubRate = N / ((performance.now() - t) / 1000);
    const reqRows = db.prepare('SELECT * FROM requests').all() as Array<Record<string, unknown>>;
    const logRows = db.prepare('SELECT request_id, seq, event, actor, at, data_json, prev_hash, hash FROM log').all() as Array<Record<string, unknown>>;
    db.close();

    const raw = openHubDb(join(dir, 'raw'));
    const cols = Object.keys(reqRows[0]!);
    const insReq = raw.prepare(`INSERT INTO requests (${cols.join(',')}) VALUES (${cols.map((c) => '@' + c).join(',')})`);
    const insLog = raw.prepare(
      'INSERT INTO log (request_id, seq, event, actor, at, data_json, prev_hash, hash) VALUES (@request_id, @seq, @event, @actor, @at, @data_json, @prev_hash, @hash)',
    );
    t = performance.now();
    raw.transaction(() => {
      for (const r of reqRows) insReq.run(r);
      for (const l of logRows) insLog.run(l);
    })();
    const rawRate = N / ((performance.now() - t) / 1000);
    raw.close();
    row(`hub store inserts (${N}, one transaction each)`, `${hubRate.toFixed(0)} req/s`, '', null);
    row('raw better-sqlite3, same rows, one transaction', `${rawRate.toFixed(0)} req/s`, '', null);
    row('hub / raw insert rate', (hubRate / rawRate).toFixed(3), '(printed)', null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
console.log(`\n${'measure'.padEnd(w[0]!)} | ${'result'.padEnd(w[1]!)} | ${'target'.padEnd(w[2]!)} |`);
console.log(`${'-'.repeat(w[0]!)}-+-${'-'.repeat(w[1]!)}-+-${'-'.repeat(w[2]!)}-+------`);
for (const r of rows) console.log(`${r[0].padEnd(w[0]!)} | ${r[1].padEnd(w[1]!)} | ${r[2].padEnd(w[2]!)} | ${r[3]}`);
