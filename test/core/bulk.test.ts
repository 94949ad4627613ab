// Bulk triage against a real hub process: forty released actions marked in one step reach the hub exactly once each,
// after the undo window; a bulk undo inside the window takes them all back and nothing is sent; an approval (here an
// irreversible refund) in a bulk step refuses the whole step before anything is written; a flag needs its note.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogEntry } from '../../src/shared/domain.js';
import type { RequestView } from '../../src/shared/protocol.js';
import { bulkRefusal } from '../../src/shared/bulk-triage.js';
import { DEFAULT_RIGHTS } from '../../src/shared/domain.js';
import { request, spawnHub, type HubProcess } from '../helpers/hub.js';
import { listIds, makeCore, submit, waitFor } from './helpers.js';

let hub: HubProcess;
beforeAll(async () => {
  hub = await spawnHub();
});
afterAll(async () => {
  await hub?.stop();
});

const atHub = async (id: string) => (await request<RequestView>(hub.url, `/v1/requests/${id}`, { token: hub.agentToken })).body;
const decidedEntries = async (id: string) =>
  (await request<{ entries: LogEntry[] }>(hub.url, `/v1/requests/${id}/log`, { token: hub.agentToken })).body.entries.filter((e) => e.event === 'decided');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function released(n: number, tag: string) {
  const reqs = [];
  for (let i = 0; i < n; i++) {
    const r = await submit(hub.url, hub.agentToken, { summary: `${tag} ${i}`, action: { name: 'refund.issue', args: { amount: 20 + i, customer: 'Ada', ticket: `T-${i}` } } });
    expect(r.status).toBe('released');
    reqs.push(r);
  }
  return reqs;
}

async function coreWith(undoWindowMs: number) {
  const { core } = await makeCore({ timing: { undoWindowMs } });
  const src = await core.call('sources.add', { kind: 'hub', name: 'Team hub', url: hub.url, token: hub.approverToken });
  return { core, idOf: (r: RequestView) => `${src.id}:${r.id}` };
}

describe('bulk triage', () => {
  it('marks 40 released actions in one step; each reaches the hub once, after the window', async () => {
    const reqs = await released(40, 'Bulk fine');
    const { core, idOf } = await coreWith(1_500);
    const ids = reqs.map(idOf);
    await waitFor('all 40 in Reviews', async () => {
      const inLane = new Set(await listIds(core, 'reviews'));
      return ids.every((id) => inLane.has(id));
    });
    const r = await core.call('items.decideMany', { ids, verdict: 'approve' });
    expect(r.skipped).toEqual([]);
    expect(r.done.map((d) => d.id).sort()).toEqual([...ids].sort());
    expect(r.done.every((d) => d.releaseAt && Date.parse(d.releaseAt) > Date.now())).toBe(true);
    expect(await core.call('sync.status', {})).toMatchObject({ outbox: 40, held: 40 });
    expect((await atHub(reqs[0]!.id)).decision ?? null).toBeNull();
    // Marked again (a second click, a replayed call): refused item by item, nothing written twice.
    const again = await core.call('items.decideMany', { ids: ids.slice(0, 3), verdict: 'approve' });
    expect(again.done).toEqual([]);
    expect(again.skipped.map((s) => s.reason)).toEqual(Array(3).fill(expect.stringMatching(/Already decided here/)));
    await waitFor('all synced', async () => (await core.call('sync.status', {})).outbox === 0, 30_000);
    for (const req of reqs) {
      const h = await atHub(req.id);
      expect(`${h.status} ${h.decision?.verdict}`).toBe('released approve');
      expect(await decidedEntries(req.id)).toHaveLength(1);
    }
    await core.close();
  });

  it('a bulk undo inside the window takes every decision back; nothing reaches the hub', async () => {
    const reqs = await released(5, 'Bulk undone');
    const { core, idOf } = await coreWith(2_000);
    const ids = reqs.map(idOf);
    await waitFor('all in Reviews', async () => (await listIds(core, 'reviews')).filter((x) => ids.includes(x)).length === 5);
    const r = await core.call('items.decideMany', { ids, verdict: 'reject', feedback: 'wrong template' });
    expect(r.done).toHaveLength(5);
    expect((await listIds(core, 'reviews')).filter((x) => ids.includes(x))).toEqual([]);
    const back = await core.call('items.undoMany', { ids });
    expect(back.done).toHaveLength(5);
    expect(back.skipped).toEqual([]);
    expect((await listIds(core, 'reviews')).filter((x) => ids.includes(x))).toHaveLength(5);
    expect(await core.call('sync.status', {})).toMatchObject({ outbox: 0 });
    await sleep(2_800);
    for (const req of reqs) expect((await atHub(req.id)).decision ?? null).toBeNull();
    await core.close();
  });

  it('refuses a step holding an approval, and a flag without its note, before writing anything', async () => {
    const [ok] = await released(1, 'Bulk guard');
    const pending = await submit(hub.url, hub.agentToken, { summary: 'Bulk guard: refund 450' });
    expect(pending.status).toBe('pending');
    const { core, idOf } = await coreWith(0);
    await waitFor('both pulled', async () => (await listIds(core, 'approvals')).includes(idOf(pending)) && (await listIds(core, 'reviews')).includes(idOf(ok!)));
    await expect(core.call('items.decideMany', { ids: [idOf(ok!), idOf(pending)], verdict: 'approve' })).rejects.toMatchObject({
      code: 'forbidden',
      message: /“Bulk guard: refund 450” cannot be decided in bulk: it is hard or impossible to undo, so it is decided on its own\. Nothing was marked\./,
    });
    await expect(core.call('items.decideMany', { ids: [idOf(ok!)], verdict: 'reject', feedback: '  ' })).rejects.toMatchObject({ code: 'invalid_input' });
    expect((await core.call('item.get', { id: idOf(ok!) })).item.localDecision).toBeNull();
    expect((await core.call('item.get', { id: idOf(pending) })).item.localDecision).toBeNull();
    expect(await core.call('sync.status', {})).toMatchObject({ outbox: 0 });
    await core.close();
  });

  it('the rule: released actions only; a quorum class or an irreversible factor is named', () => {
    const reasons = [{ factor: 'irreversible' as const, detail: 'x', kind: 'factor' as const }];
    expect(bulkRefusal({ status: 'released', rights: DEFAULT_RIGHTS, reasons })).toBeNull();
    expect(bulkRefusal({ status: 'pending', rights: { ...DEFAULT_RIGHTS, approvals: 2 }, reasons: [] })).toMatch(/needs 2 approvers/);
    expect(bulkRefusal({ status: 'pending', rights: DEFAULT_RIGHTS, reasons })).toMatch(/hard or impossible to undo/);
    expect(bulkRefusal({ status: 'pending', rights: DEFAULT_RIGHTS, reasons: [] })).toMatch(/only actions that already ran/);
  });
});
