// Decision rights between real consoles and the REAL hub process: the identity the hub names (GET /v1/me) is the one
// the console shows and records; a two-person class decided by two consoles, one of them offline until the end; a vote
// cast offline and synced once; a decision the hub refuses as forbidden, and one it calls stale after an edit, each kept
// visible on the item and never shown as approved. "Offline" is a real TCP relay in front of the hub, cut and restored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { getActionClasses, getRequestLog, putActionClasses } from '../../src/hub-client/index.js';
import { spawnHub, request, type HubProcess } from '../helpers/hub.js';
import { tcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import type { ConsoleCore } from '../../src/core/api.js';
import type { HubUser, RequestView } from '../../src/shared/protocol.js';
import { listIds, makeCore, submit, waitFor } from './helpers.js';

let hub: HubProcess;
const cleanup: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  hub = await spawnHub();
  // refund.issue needs two distinct approvers; payout.send only finance-leads.
  const admin = { url: hub.url, token: hub.adminToken };
  const classes = await getActionClasses(admin);
  await putActionClasses(admin, [
    ...classes.map((c) => (c.name === 'refund.issue' ? { ...c, approvals: 2 } : c)),
    { name: 'payout.send', factors: ['irreversible', 'named_accountability'], deciders: ['finance-leads'] },
  ]);
});
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
  await hub?.stop();
});

async function consoleFor(token: string, url = hub.url, approverName = 'typed here'): Promise<{ core: ConsoleCore; sourceId: string }> {
  const { core, dataDir } = await makeCore({ approverName });
  cleanup.push(async () => {
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const src = await core.call('sources.add', { kind: 'hub', name: 'Team hub', url, token });
  return { core, sourceId: src.id };
}

/** A console that reaches the hub through a relay the test can cut. */
async function offlineable(token: string): Promise<{ core: ConsoleCore; sourceId: string; link: TcpProxy }> {
  const link = await tcpProxy(hub.url);
  cleanup.push(() => link.close());
  return { ...(await consoleFor(token, link.url)), link };
}

const atHub = async (id: string) => (await request<RequestView>(hub.url, `/v1/requests/${id}`, { token: hub.agentToken })).body;
const itemOf = async (core: ConsoleCore, id: string) => (await core.call('item.get', { id })).item;
const rowOf = async (core: ConsoleCore, lane: 'approvals' | 'waiting', id: string) => (await core.call('queue.list', { lane, limit: 1000 })).items.find((i) => i.id === id);

async function setGroups(handle: string, groups: string[]) {
  const users = (await request<{ users: HubUser[] }>(hub.url, '/v1/users', { token: hub.adminToken })).body.users;
  const u = users.find((x) => x.handle === handle)!;
  const res = await request(hub.url, `/v1/users/${u.id}`, { method: 'PATCH', token: hub.adminToken, body: { groups } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

describe('the hub identity', () => {
  it('is what the console shows and records, whatever name was typed locally', async () => {
    const { core, sourceId } = await consoleFor(hub.approverToken, hub.url, 'Someone Else');
    const me = await waitFor('identity', async () => (await core.call('sources.list', {})).find((s) => s.id === sourceId)?.identity);
    expect(me).toMatchObject({ handle: 'approver-1', role: 'approver', expiresAt: null });
    expect(me.id).toBeTruthy();

    const r = await submit(hub.url, hub.agentToken, { actionClass: 'crm.update', action: { name: 'crm.update', args: { field: 'tier', value: 'gold' } } });
    expect(r.control).toBe('approval');
    const id = `${sourceId}:${r.id}`;
    await waitFor('pulled', async () => (await listIds(core, 'waiting')).includes(id));
    expect((await core.call('item.get', { id })).identity?.handle).toBe('approver-1');
    const d = await core.call('item.decide', { id, verdict: 'approve' });
    expect(d.localDecision?.decision).toMatchObject({ decidedBy: 'approver-1', decidedById: me.id });
    await waitFor('synced', async () => (await itemOf(core, id)).localDecision?.syncState === 'synced');
    expect((await atHub(r.id)).decision?.decidedBy).toBe('approver-1');
  });
});

describe('two-person approval across consoles', () => {
  it('is decided by two consoles, one of them offline until the end', async () => {
    const r = await submit(hub.url, hub.agentToken);
    expect(r.rights.approvals).toBe(2);
    const a = await consoleFor(hub.approverToken);
    const b = await offlineable(hub.approver2Token);
    const idA = `${a.sourceId}:${r.id}`;
    const idB = `${b.sourceId}:${r.id}`;
    await waitFor('A pulled', async () => (await listIds(a.core, 'waiting')).includes(idA));
    await waitFor('B pulled', async () => (await listIds(b.core, 'waiting')).includes(idB));
    await b.link.cut();
    const dB = await b.core.call('item.decide', { id: idB, verdict: 'approve' });
    expect(dB.localDecision?.syncState).toBe('local');

    // A approves online: one vote of two. A's console says so, keeps the item in Approvals for others, not "waiting for me".
    await a.core.call('item.decide', { id: idA, verdict: 'approve' });
    const voted = await waitFor('A voted', async () => {
      const it = await itemOf(a.core, idA);
      return it.localDecision?.syncState === 'voted' ? it : null;
    });
    expect(voted.localDecision?.answer).toEqual({ kind: 'vote', approvals: 1, required: 2 });
    expect(voted.lane).toBe('approvals');
    expect(await listIds(a.core, 'waiting')).not.toContain(idA);
    expect((await rowOf(a.core, 'approvals', idA))?.quorum).toMatchObject({ approvals: 1, required: 2, votes: [{ handle: 'approver-1', mine: true }] });
    await expect(a.core.call('item.decide', { id: idA, verdict: 'approve' })).rejects.toMatchObject({ code: 'conflict', message: /already approved/ });
    const half = await atHub(r.id);
    expect(half.status).toBe('pending');
    expect(half.votes.map((v) => v.handle)).toEqual(['approver-1']);
    expect((await itemOf(b.core, idB)).localDecision?.syncState).toBe('local');

    // B comes back: its offline vote completes the quorum.
    await b.link.restore();
    await waitFor('B synced', async () => (await itemOf(b.core, idB)).localDecision?.syncState === 'synced');
    const done = await atHub(r.id);
    expect(done.status).toBe('approved');
    expect(done.decision).toMatchObject({ id: dB.localDecision!.decision.id, decidedBy: 'approver-2' });
    expect(done.votes.map((v) => v.handle)).toEqual(['approver-1', 'approver-2']);
    await waitFor('A sees it approved', async () => (await itemOf(a.core, idA)).lane === 'decided');
  });

  it('syncs a vote cast offline once, and shows it as one vote on the item', async () => {
    const r = await submit(hub.url, hub.agentToken, { summary: 'Refund €450 to Grace for a lost parcel' });
    const b = await offlineable(hub.approver2Token);
    const id = `${b.sourceId}:${r.id}`;
    await waitFor('pulled', async () => (await listIds(b.core, 'waiting')).includes(id));
    await b.link.cut();
    const d = (await b.core.call('item.decide', { id, verdict: 'approve' })).localDecision!.decision;
    await waitFor('offline', async () => (await b.core.call('sync.status', {})).sources[0]?.state === 'offline');
    expect((await b.core.call('sync.status', {})).outbox).toBe(1);
    await b.link.restore();
    await b.core.call('sync.now', {});
    const item = await waitFor('voted', async () => {
      const it = await itemOf(b.core, id);
      return it.localDecision?.syncState === 'voted' ? it : null;
    });
    expect(item.localDecision?.answer).toEqual({ kind: 'vote', approvals: 1, required: 2 });
    expect(item.lane).toBe('approvals');
    expect((await b.core.call('sync.status', {})).outbox).toBe(0);
    expect((await rowOf(b.core, 'approvals', id))?.quorum?.votes).toEqual([expect.objectContaining({ handle: 'approver-2', mine: true })]);
    const there = await atHub(r.id);
    expect(there.status).toBe('pending');
    expect(there.votes.map((v) => v.decisionId)).toEqual([d.id]);
    const log = await getRequestLog({ url: hub.url, token: hub.agentToken }, r.id);
    expect(log.entries.filter((e) => e.event === 'voted')).toHaveLength(1);
  });
});

describe('answers the console keeps on the item', () => {
  it('shows forbidden when the decider lost the group before their offline decision arrived', async () => {
    await setGroups('approver-2', ['finance-leads']);
    const r = await submit(hub.url, hub.agentToken, { actionClass: 'payout.send', action: { name: 'payout.send', args: { amount: 9000 } }, summary: 'Pay out 9,000 EUR' });
    expect(r.rights.deciders).toEqual(['finance-leads']);
    // approver-1 is no finance lead: read-only, and the console refuses before writing anything.
    const a = await consoleFor(hub.approverToken);
    const idA = `${a.sourceId}:${r.id}`;
    await waitFor('A pulled', async () => (await listIds(a.core, 'approvals')).includes(idA));
    expect(await rowOf(a.core, 'approvals', idA)).toMatchObject({ mayDecide: false, needs: ['finance-leads'] });
    expect(await listIds(a.core, 'waiting')).not.toContain(idA);
    await expect(a.core.call('item.decide', { id: idA, verdict: 'approve' })).rejects.toMatchObject({ code: 'forbidden', message: /Only finance-leads may decide this/ });
    expect((await itemOf(a.core, idA)).localDecision).toBeNull();

    const b = await offlineable(hub.approver2Token);
    const idB = `${b.sourceId}:${r.id}`;
    await waitFor('B pulled', async () => (await listIds(b.core, 'waiting')).includes(idB));
    await b.link.cut();
    await b.core.call('item.decide', { id: idB, verdict: 'approve' });
    await setGroups('approver-2', []);
    await b.link.restore();
    const item = await waitFor('forbidden', async () => {
      const it = await itemOf(b.core, idB);
      return it.localDecision?.syncState === 'forbidden' ? it : null;
    });
    expect(item.localDecision?.answer).toMatchObject({ kind: 'forbidden', deciders: ['finance-leads'] });
    expect(item.localDecision?.error).toMatch(/not yours to decide/);
    expect(item.lane).toBe('approvals');
    const there = await atHub(r.id);
    expect(there.status).toBe('pending');
    expect(there.decision).toBeNull();
  });

  it('follows a group change at the hub on sync.now: the read-only item becomes mine', async () => {
    const r = await submit(hub.url, hub.agentToken, { actionClass: 'payout.send', action: { name: 'payout.send', args: { amount: 50 } }, summary: 'Pay out 50 EUR' });
    const a = await consoleFor(hub.approverToken);
    const id = `${a.sourceId}:${r.id}`;
    await waitFor('pulled', async () => (await listIds(a.core, 'approvals')).includes(id));
    expect((await rowOf(a.core, 'approvals', id))?.mayDecide).toBe(false);
    await setGroups('approver-1', ['finance-leads']);
    await a.core.call('sync.now', {});
    await waitFor('mine now', async () => (await listIds(a.core, 'waiting')).includes(id));
    expect((await a.core.call('sources.list', {}))[0]?.identity?.groups).toEqual(['finance-leads']);
    await setGroups('approver-1', []);
  });

  it('keeps a stale decision visible after an edit, and the second approver then approves the edited action', async () => {
    const r = await submit(hub.url, hub.agentToken, { summary: 'Refund €450 to Alan, to be edited' });
    const a = await consoleFor(hub.approverToken);
    const b = await offlineable(hub.approver2Token);
    const idA = `${a.sourceId}:${r.id}`;
    const idB = `${b.sourceId}:${r.id}`;
    await waitFor('A pulled', async () => (await listIds(a.core, 'waiting')).includes(idA));
    await waitFor('B pulled', async () => (await listIds(b.core, 'waiting')).includes(idB));
    await b.link.cut();
    await b.core.call('item.decide', { id: idB, verdict: 'approve' });

    const edited = { name: 'refund.issue', args: { amount: 300, customer: 'Ada Lovelace', ticket: 'T-1' } };
    await a.core.call('item.decide', { id: idA, verdict: 'approve_with_edits', editedAction: edited });
    await waitFor('A voted', async () => (await itemOf(a.core, idA)).localDecision?.syncState === 'voted');

    await b.link.restore();
    const stale = await waitFor('stale', async () => {
      const it = await itemOf(b.core, idB);
      return it.localDecision?.syncState === 'stale' ? it : null;
    });
    expect(stale.lane).toBe('approvals');
    expect(stale.request.pendingAction).toEqual(edited);
    expect(stale.localDecision?.seen?.actionHash).toBe(r.actionHash);
    expect(stale.request.actionHash).not.toBe(r.actionHash);
    expect(await listIds(b.core, 'waiting')).toContain(idB);
    expect((await atHub(r.id)).status).toBe('pending');

    // B looks again and approves what is now under decision: the edit. That completes the quorum.
    const again = await b.core.call('item.decide', { id: idB, verdict: 'approve' });
    expect(again.localDecision?.seen).toMatchObject({ actionHash: stale.request.actionHash, action: edited });
    await waitFor('B synced', async () => (await itemOf(b.core, idB)).localDecision?.syncState === 'synced');
    const done = await atHub(r.id);
    expect(done.status).toBe('approved');
    expect(done.decision?.editedAction).toEqual(edited);
  });
});
