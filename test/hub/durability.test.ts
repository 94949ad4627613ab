// Faults on the real hub process: SIGKILL mid-traffic loses nothing acknowledged; the SDK retries a submit
// across a dead hub without duplicating it; an edited or deleted log row is caught by verify-log and GET log.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/sdk/index.js';
import type { ApprovalRequest } from '../../src/shared/domain.js';
import { REPO_ROOT, request, spawnHub, type HubProcess } from '../helpers/hub.js';
import { allChanges, decide, decisionFor, proposal, submit } from './util.js';

let hub: HubProcess | undefined;
afterEach(async () => {
  await hub?.stop();
  hub = undefined;
});

function verifyLogCli(dataDir: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/hub/cli.ts'), 'verify-log', '--data', dataDir], { cwd: REPO_ROOT, encoding: 'utf8' });
}

describe('SIGKILL mid-traffic', () => {
  it('keeps every acknowledged submit and decision after a restart', async () => {
    hub = await spawnHub();
    const h = hub;
    const acked = new Map<string, string | null>(); // request id -> accepted decision id
    let stop = false;
    const agentLoop = async (n: number) => {
      for (let i = 0; !stop; i++) {
        try {
          const r = await request<ApprovalRequest>(h.url, '/v1/requests', {
            token: h.agentToken,
            body: proposal('refund.issue', { amount: 500 + i, worker: n }),
            headers: { 'idempotency-key': `w${n}-${i}` },
          });
          if (r.status === 201) acked.set(r.body.id, null);
          if (r.status === 201 && i % 2 === 0) {
            const d = await request<{ results: Array<{ id: string; status: string }> }>(h.url, '/v1/decisions', {
              token: h.approverToken,
              body: { decisions: [decisionFor(r.body.id, 'approve')] },
            });
            if (d.status === 200 && d.body.results[0]!.status === 'accepted') acked.set(r.body.id, d.body.results[0]!.id);
          }
        } catch {
          return; // the hub is gone
        }
      }
    };
    const loops = [0, 1, 2, 3].map(agentLoop);
    // Kill it mid-traffic once a fair amount has been acknowledged (time-based waits flake on a loaded machine).
    for (let waited = 0; acked.size < 40 && waited < 30_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    await h.kill('SIGKILL');
    stop = true;
    await Promise.all(loops);
    expect(acked.size, h.output()).toBeGreaterThanOrEqual(40);
    await h.restart();
    const feed = new Map((await allChanges(h)).map((c) => [c.request.id, c.request]));
    for (const [id, decisionId] of acked) {
      expect(feed.has(id), `acknowledged submit ${id} survived`).toBe(true);
      if (decisionId) expect(feed.get(id)!.decision?.id).toBe(decisionId);
    }
    await h.kill('SIGTERM');
    const v = verifyLogCli(h.dataDir);
    expect(v.stdout).toContain('OK');
    expect(v.status).toBe(0);
  });
});

describe('SDK retries', () => {
  it('retries a submit whose answer was lost and one sent while the hub was down, creating one request each', async () => {
    hub = await spawnHub();
    const h = hub;
    // A network that drops the first answer after the hub has committed the submit.
    let dropped = 0;
    const lossy: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (init?.method === 'POST' && dropped++ === 0) {
        await res.arrayBuffer();
        throw new TypeError('fetch failed'); // what undici throws when a connection drops
      }
      return res;
    };
    const client = createClient({ url: h.url, token: h.agentToken, fetch: lossy, minTimeoutMs: 50 });
    const first = await client.requestApproval({ actionClass: 'refund.issue', action: { name: 'refund', args: { amount: 321 } }, summary: 'lost answer' });
    expect(dropped).toBe(2);
    let feed = await allChanges(h);
    expect(feed.filter((c) => c.request.summary === 'lost answer')).toHaveLength(1);
    expect(feed.find((c) => c.request.summary === 'lost answer')!.request.id).toBe(first.id);

    await h.kill('SIGKILL');
    const plain = createClient({ url: h.url, token: h.agentToken, minTimeoutMs: 100, retries: 10 });
    const pending = plain.requestApproval({ actionClass: 'refund.issue', action: { name: 'refund', args: { amount: 654 } }, summary: 'hub was down' });
    await new Promise((r) => setTimeout(r, 300));
    await h.restart();
    const second = await pending;
    feed = await allChanges(h);
    expect(feed.filter((c) => c.request.summary === 'hub was down')).toHaveLength(1);

    // decision() keeps waiting through a restart and returns the final request.
    const waiting = second.decision({ timeout: 30_000 });
    await h.kill('SIGKILL');
    await h.restart();
    await decide(h, h.approverToken, [decisionFor(second.id, 'approve_with_edits', { editedAction: { name: 'refund', args: { amount: 600 } }, feedback: 'cap' })]);
    const final = await waiting;
    expect(final.status).toBe('approved');
    expect(final.decision).toMatchObject({ editedAction: { args: { amount: 600 } }, feedback: 'cap', decidedBy: 'approver-1' });
    const done = await second.reportOutcome({ status: 'executed', detail: 'ok' });
    expect(done.outcome?.status).toBe('executed');
  });

  it('throws HubError with status and body on 4xx, without retrying', async () => {
    hub = await spawnHub();
    let calls = 0;
    const counting: typeof fetch = (i, init) => (calls++, fetch(i, init));
    const client = createClient({ url: hub.url, token: hub.approverToken, fetch: counting });
    const err = await client.requestApproval({ actionClass: 'refund.issue', action: { name: 'r', args: {} }, summary: 's' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'HubError', status: 403, code: 'forbidden' });
    expect(calls).toBe(1);
  });
});

describe('log tampering', () => {
  it('detects an edited and a deleted log row via verify-log and GET /log', async () => {
    hub = await spawnHub();
    const a = await submit(hub, proposal('refund.issue', { amount: 111 }));
    const b = await submit(hub, proposal('refund.issue', { amount: 222 }));
    const c = await submit(hub, proposal('refund.issue', { amount: 33 })); // review lane: submitted, released, decided
    await decide(hub, hub.approverToken, [decisionFor(a.id, 'approve'), decisionFor(b.id, 'approve'), decisionFor(c.id, 'approve')]);
    const clean = await request(hub.url, `/v1/requests/${a.id}/log`, { token: hub.approverToken });
    expect(clean.body.verified).toBe(true);
    expect(clean.body.entries.map((e: { event: string }) => e.event)).toEqual(['submitted', 'decided']);
    await hub.kill('SIGTERM');
    expect(verifyLogCli(hub.dataDir).status).toBe(0);

    const db = new Database(join(hub.dataDir, 'hub.db'));
    db.prepare("UPDATE log SET data_json = replace(data_json, '111', '11') WHERE request_id = ? AND event = 'submitted'").run(a.id);
    db.prepare("DELETE FROM log WHERE request_id = ? AND event = 'decided'").run(b.id); // the tail
    db.prepare("DELETE FROM log WHERE request_id = ? AND event = 'released'").run(c.id); // the middle
    db.close();

    const v = verifyLogCli(hub.dataDir);
    expect(v.status).toBe(1);
    expect(v.stdout).toContain(`TAMPERED request ${a.id}`);
    expect(v.stdout).toContain(`TAMPERED request ${b.id}`);
    expect(v.stdout).toContain(`TAMPERED request ${c.id}`);
    await hub.restart();
    for (const id of [a.id, b.id, c.id]) {
      const got = await request(hub.url, `/v1/requests/${id}/log`, { token: hub.approverToken });
      expect(got.body.verified, id).toBe(false);
    }
  });
});
