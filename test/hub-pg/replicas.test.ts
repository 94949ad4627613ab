// Two hub replicas on one PostgreSQL (real processes, real server): a console paging from alternating replicas
// misses and repeats nothing, first decision wins across replicas, wake-ups cross replicas, and a killed replica or
// a restarted database loses no acknowledged write.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createParser } from 'eventsource-parser';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStreamTicket } from '../../src/hub-client/index.js';
import { createSigningKeyFile } from '../../src/node-shared/log-signing.js';
import type { Change } from '../../src/shared/protocol.js';
import { request, spawnHub, type HubProcess } from '../helpers/hub.js';
import { startPostgres, type PgServer } from '../helpers/postgres.js';
import { decide, decisionFor, proposal } from '../hub/util.js';

let server: PgServer;
let dbUrl: string;
let keyDir: string;
let a: HubProcess;
let b: HubProcess;

beforeAll(async () => {
  server = await startPostgres();
  dbUrl = await server.createDatabase();
  keyDir = mkdtempSync(join(tmpdir(), 'countersign-replica-key-'));
  // Every replica signs with the same key file (docs/deploy.md); the first start makes it.
  const args = ['--log-key', join(keyDir, 'log-signing-key.pem'), '--sweep-ms', '200'];
  a = await spawnHub({ db: dbUrl, args });
  b = await spawnHub({ db: dbUrl, args });
});
afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await server?.stop();
  rmSync(keyDir, { recursive: true, force: true });
});

async function directRows(): Promise<Map<string, { version: number; status: string; idem: string }>> {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  try {
    const rows = (await c.query('SELECT id, version, status, idem_key FROM requests')).rows as Array<{ id: string; version: number; status: string; idem_key: string }>;
    return new Map(rows.map((r) => [r.id, { version: r.version, status: r.status, idem: r.idem_key }]));
  } finally {
    await c.end();
  }
}

async function submitTo(hub: HubProcess, key: string, amount: number): Promise<{ status: number; id?: string }> {
  // One agent, one token, whichever replica answers: idempotency is per token, so a retry under another token is another agent's submit.
  const r = await request<{ id: string }>(hub.url, '/v1/requests', { token: a.agentToken, body: proposal('refund.issue', { amount }), headers: { 'idempotency-key': key } });
  return { status: r.status, id: r.body?.id };
}

describe('two replicas on one database', () => {
  it('a console paging from alternating replicas while both take submits and decisions misses nothing and repeats nothing', async () => {
    const N = 2000;
    const WORKERS = 8;
    let next = 0;
    let writing = true;
    const seen = new Map<string, number>(); // request id -> highest version the console saw
    const repeats: string[] = [];
    let after = 0;
    let page = 0;
    const pull = async () => {
      const hub = page++ % 2 ? b : a;
      const res = await request<{ changes: Change[]; next: number; hasMore: boolean }>(hub.url, `/v1/changes?after=${after}&limit=50`, { token: hub.approverToken });
      expect(res.status).toBe(200);
      for (const ch of res.body.changes) {
        expect(ch.cursor).toBeGreaterThan(after);
        const prev = seen.get(ch.request.id);
        if (prev !== undefined && prev >= ch.request.version) repeats.push(`${ch.request.id}@${ch.request.version}`);
        seen.set(ch.request.id, ch.request.version);
        after = ch.cursor;
      }
      return res.body.hasMore;
    };
    const consoleLoop = (async () => {
      while (writing) await pull();
    })();
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        while (next < N) {
          const i = next++;
          const hub = i % 2 ? b : a;
          const r = await submitTo(hub, `load-${i}`, 500 + i);
          expect(r.status).toBe(201);
          // Every other request is decided, through the other replica.
          if (i % 2 === 0) {
            const other = hub === a ? b : a;
            const [res] = await decide(other, other.approverToken, [decisionFor(r.id!, i % 4 ? 'approve' : 'reject', { feedback: 'no' })]);
            expect(res!.status).toBe('accepted');
          }
        }
      }),
    );
    writing = false;
    await consoleLoop;
    while (await pull());
    const direct = await directRows();
    expect(direct.size).toBe(N);
    expect(repeats).toEqual([]);
    const missed = [...direct].filter(([id, r]) => seen.get(id) !== r.version).map(([id]) => id);
    expect(missed).toEqual([]);
  }, 240_000);

  it('two approvers on different replicas race for 200 requests: exactly one decision wins each', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) ids.push((await submitTo(i % 2 ? a : b, `race-${i}`, 900 + i)).id!);
    const batches = (hub: HubProcess, token: string, verdict: string) =>
      Promise.all(
        Array.from({ length: 10 }, (_, k) =>
          decide(
            hub,
            token,
            ids.slice(k * 20, k * 20 + 20).map((id) => decisionFor(id, verdict, { feedback: 'race' })),
          ),
        ),
      ).then((r) => r.flat());
    const [fromA, fromB] = await Promise.all([batches(a, a.approverToken, 'approve'), batches(b, b.approver2Token, 'reject')]);
    for (let i = 0; i < ids.length; i++) {
      const won = [fromA[i]!, fromB[i]!].filter((r) => r.status === 'accepted');
      expect(won, ids[i]).toHaveLength(1);
      const lost = [fromA[i]!, fromB[i]!].find((r) => r.status !== 'accepted')!;
      expect(lost).toMatchObject({ status: 'conflict', reason: 'decided' });
    }
    const direct = await directRows();
    for (let i = 0; i < ids.length; i++) expect(direct.get(ids[i]!)!.status).toBe(fromA[i]!.status === 'accepted' ? 'approved' : 'rejected');
  });

  it('an SSE client and a long-poll on replica A wake for changes made through replica B', async () => {
    const stream = await openStream(a);
    try {
      await stream.next(1);
      const before = stream.events.length;
      const r = await submitTo(b, `wake-${randomUUID()}`, 777);
      await stream.next(before + 1);
      expect(stream.events.at(-1)!).toBeGreaterThanOrEqual(1);
      // The long-poll on A returns when B records the decision, long before its 20 s wait.
      const t0 = Date.now();
      const poll = request<{ status: string }>(a.url, `/v1/requests/${r.id}?wait=20`, { token: a.agentToken });
      await new Promise((res) => setTimeout(res, 300));
      await decide(b, b.approverToken, [decisionFor(r.id!, 'approve')]);
      expect((await poll).body.status).toBe('approved');
      expect(Date.now() - t0).toBeLessThan(10_000);
    } finally {
      stream.close();
    }
  });

  it('a stream ticket from replica A opens the stream on replica B, once', async () => {
    const ticket = await createStreamTicket({ url: a.url, token: a.approverToken });
    const open = (hub: HubProcess) => fetch(new URL(`/v1/stream?ticket=${encodeURIComponent(ticket)}`, hub.url), { signal: AbortSignal.timeout(10_000) });
    const first = await open(b);
    expect(first.status).toBe(200);
    await first.body?.cancel();
    const again = await open(a);
    expect(again.status).toBe(401);
    expect(((await again.json()) as { error: string }).error).toBe('invalid_ticket');
  });

  it('refuses a replica that would sign with another key', async () => {
    await expect(spawnHub({ db: dbUrl, args: ['--log-key', join(keyDir, 'missing.pem')] })).rejects.toThrow(/copy that key file to every replica/);
    createSigningKeyFile(join(keyDir, 'other.pem'));
    await expect(spawnHub({ db: dbUrl, args: ['--log-key', join(keyDir, 'other.pem')] })).rejects.toThrow(/every replica needs the same key file/);
  });

  it('a replica SIGKILLed and the database restarted mid-traffic: every acknowledged submit is there exactly once, and the hubs carry on without a restart', async () => {
    const acked = new Set<string>();
    let stop = false;
    let n = 0;
    const writer = async (w: number) => {
      while (!stop) {
        const key = `crash-${w}-${n++}`;
        // An agent retries under the same key until the hub acknowledges it (or the test ends).
        for (let attempt = 0; !stop || attempt === 0; attempt++) {
          const hub = (n + attempt) % 2 ? a : b;
          const r = await submitTo(hub, key, 100).catch(() => ({ status: 0 }));
          if (r.status === 201 || r.status === 200) {
            acked.add(key);
            break;
          }
          await new Promise((res) => setTimeout(res, 100));
          if (attempt > 200) break;
        }
      }
    };
    const writers = Array.from({ length: 4 }, (_, w) => writer(w));
    await new Promise((res) => setTimeout(res, 1500));
    await b.kill('SIGKILL');
    await new Promise((res) => setTimeout(res, 500));
    await b.restart();
    await new Promise((res) => setTimeout(res, 1000));
    await server.restart('immediate', 1000);
    await new Promise((res) => setTimeout(res, 3000));
    stop = true;
    await Promise.all(writers);
    expect(acked.size).toBeGreaterThan(20);
    const direct = await directRows();
    const count = new Map<string, number>();
    for (const r of direct.values()) if (r.idem.startsWith('crash-')) count.set(r.idem, (count.get(r.idem) ?? 0) + 1);
    for (const key of acked) expect(count.get(key), key).toBe(1);
    // Both replicas answer again on their own, and A's listener reconnected: it wakes for a submit to B.
    expect((await request(a.url, '/v1/ready')).status).toBe(200);
    expect((await request(b.url, '/v1/ready')).status).toBe(200);
    const stream = await openStream(a);
    try {
      await stream.next(1);
      const before = stream.events.length;
      expect((await submitTo(b, `after-restart-${randomUUID()}`, 5)).status).toBe(201);
      await stream.next(before + 1);
    } finally {
      stream.close();
    }
  });
});

async function openStream(hub: HubProcess) {
  const ac = new AbortController();
  const ticket = await createStreamTicket({ url: hub.url, token: hub.approverToken });
  const res = await fetch(new URL(`/v1/stream?ticket=${encodeURIComponent(ticket)}`, hub.url), { signal: ac.signal });
  expect(res.status).toBe(200);
  const events: number[] = [];
  const waiters: Array<() => void> = [];
  const parser = createParser({
    onEvent: (e) => {
      events.push((JSON.parse(e.data) as { cursor: number }).cursor);
      waiters.splice(0).forEach((w) => w());
    },
  });
  const reader = res.body!.getReader();
  void (async () => {
    const dec = new TextDecoder();
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      parser.feed(dec.decode(value, { stream: true }));
    }
  })();
  return {
    events,
    next: (n: number) =>
      new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`only ${events.length} events, wanted ${n}`)), 15_000);
        const check = () => (events.length >= n ? (clearTimeout(t), resolve()) : waiters.push(check));
        check();
      }),
    close: () => ac.abort(),
  };
}
