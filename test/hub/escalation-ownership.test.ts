// Escalation ownership on the real hub over HTTP (#15): one named owner at a time (first take wins, also when two
// approvers race), the rights rule of decisions, release, the owner's resolve with a required note, what the agent
// sees, the hash-chained log and the feed every console syncs from. Also run on PostgreSQL (test/hub-pg/suite.test.ts).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalRequest, LogEntry } from '../../src/shared/domain.js';
import type { OwnershipResult } from '../../src/shared/protocol.js';
import { createToken, postOwnership, putActionClasses } from '../../src/hub-client/index.js';
import { createClient } from '../../src/sdk/index.js';
import { request, spawnHub, type HubProcess } from '../helpers/hub.js';
import { allChanges, decide, decisionFor, proposal, submit } from './util.js';

let hub: HubProcess;
const t: Record<string, string> = {};

beforeAll(async () => {
  hub = await spawnHub();
  const admin = { url: hub.url, token: hub.adminToken };
  await putActionClasses(admin, [
    { name: 'esc.close', deciders: ['support'], ownerGroup: 'leads', escalateWhen: [{ path: 'args.accountId', op: 'exists' }] },
    { name: 'esc.nogroup', deciders: ['support'], escalateWhen: [{ path: 'args.accountId', op: 'exists' }] },
    { name: 'esc.refund', override: 'approval', deciders: ['support'] },
  ]);
  const mk = (name: string, groups: string[]) => createToken(admin, { role: 'approver', name, groups });
  t.lee = await mk('lee-lead', ['leads']);
  t.lou = await mk('lou-lead', ['leads']);
  t.sue = await mk('sue-support', ['support']);
});
afterAll(async () => {
  await hub?.stop();
});

const escalation = async (cls = 'esc.close') => {
  const r = await submit(hub, proposal(cls, { accountId: `A-${randomUUID().slice(0, 6)}` }));
  expect(r).toMatchObject({ control: 'escalation', status: 'pending' });
  return r;
};
const step = (requestId: string, action: 'take' | 'release', extra: Record<string, unknown> = {}) => ({
  id: `o-${randomUUID()}`,
  requestId,
  action,
  at: new Date().toISOString(),
  ...extra,
});
const own = async (token: string, s: ReturnType<typeof step>): Promise<OwnershipResult> => (await postOwnership({ url: hub.url, token }, [s]))[0]!;
const read = async (id: string) => (await request<ApprovalRequest>(hub.url, `/v1/requests/${id}`, { token: hub.approverToken })).body;
const logOf = async (id: string) => (await request<{ entries: LogEntry[]; verified: boolean }>(hub.url, `/v1/requests/${id}/log`, { token: hub.approverToken })).body;

describe('taking ownership', () => {
  it('records one named owner, visible in the snapshot, the feed and the chained log; a retry changes nothing', async () => {
    const r = await escalation();
    expect(r.owner ?? null).toBeNull();
    const s = step(r.id, 'take');
    const res = await own(t.lee!, s);
    expect(res).toMatchObject({ status: 'accepted', request: { status: 'pending', owner: { handle: 'lee-lead' } } });
    expect((await read(r.id)).owner).toMatchObject({ handle: 'lee-lead', since: expect.any(String) });
    expect(await own(t.lee!, s)).toMatchObject({ status: 'duplicate' });
    const feed = (await allChanges(hub)).filter((c) => c.request.id === r.id).at(-1)!;
    expect(feed).toMatchObject({ kind: 'updated', request: { owner: { handle: 'lee-lead' } } });
    const log = await logOf(r.id);
    expect(log.verified).toBe(true);
    expect(log.entries.filter((e) => e.event === 'owned')).toHaveLength(1);
    expect(log.entries.at(-1)).toMatchObject({ event: 'owned', actor: 'lee-lead', data: { action: 'take', owner: { handle: 'lee-lead' }, previous: null } });
  });

  it('two approvers racing to take it: exactly one wins, the other is told who owns it', async () => {
    const r = await escalation();
    const [a, b] = await Promise.all([own(t.lee!, step(r.id, 'take')), own(t.lou!, step(r.id, 'take'))]);
    const results = [a, b].sort((x) => (x.status === 'accepted' ? -1 : 1));
    expect(results.map((x) => x.status)).toEqual(['accepted', 'conflict']);
    const winner = (results[0] as { request: ApprovalRequest }).request.owner!.handle;
    expect(results[1]).toMatchObject({ reason: 'owned', owner: { handle: winner } });
    expect((await read(r.id)).owner!.handle).toBe(winner);
    expect((await logOf(r.id)).entries.filter((e) => e.event === 'owned')).toHaveLength(1);
  });

  it('refuses whoever may not decide the escalation, with the groups that may; with no owner group the deciders may', async () => {
    const r = await escalation();
    expect(await own(t.sue!, step(r.id, 'take'))).toMatchObject({ status: 'forbidden', deciders: ['leads'] });
    expect(await own(hub.agentToken, step(r.id, 'take')).catch((e: Error) => e.message)).toMatch(/403|forbidden/i);
    expect((await read(r.id)).owner ?? null).toBeNull();
    const n = await escalation('esc.nogroup');
    expect(await own(t.lee!, step(n.id, 'take'))).toMatchObject({ status: 'forbidden', deciders: ['support'] });
    expect(await own(t.sue!, step(n.id, 'take'))).toMatchObject({ status: 'accepted' });
  });

  it('is only for open escalations: an approval request, a decided one, an unknown id and a reused step id are refused', async () => {
    const a = await submit(hub, proposal('esc.refund', { amount: 5 }));
    expect(await own(t.sue!, step(a.id, 'take'))).toMatchObject({ status: 'rejected', reason: 'not_an_escalation' });
    expect(await own(t.lee!, step('no-such-request', 'take'))).toMatchObject({ status: 'rejected', reason: 'unknown_request', request: null });
    const r = await escalation();
    const s = step(r.id, 'take');
    await own(t.lee!, s);
    const other = await escalation();
    expect(await own(t.lee!, { ...s, requestId: other.id })).toMatchObject({ status: 'rejected', reason: 'decision_id_reused' });
    await decide(hub, t.lee!, [decisionFor(r.id, 'resolve', { feedback: 'done by hand' })]);
    expect(await own(t.lou!, step(r.id, 'take'))).toMatchObject({ status: 'rejected', reason: 'not_open_rejected' });
  });

  it('refuses malformed steps with a clear 400 and changes nothing', async () => {
    const r = await escalation();
    for (const body of [{}, { ops: [] }, { ops: [{ ...step(r.id, 'take'), action: 'steal' }] }, { ops: [{ ...step(r.id, 'take'), at: 'yesterday' }] }]) {
      const res = await request(hub.url, '/v1/ownership', { method: 'POST', token: t.lee!, body });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: 'invalid_input' });
    }
    expect((await read(r.id)).owner ?? null).toBeNull();
  });
});

describe('release and resolve', () => {
  it('only the owner releases; after a release someone else may take it', async () => {
    const r = await escalation();
    await own(t.lee!, step(r.id, 'take'));
    expect(await own(t.lou!, step(r.id, 'release'))).toMatchObject({ status: 'rejected', reason: 'not_the_owner' });
    expect(await own(t.lee!, step(r.id, 'release'))).toMatchObject({ status: 'accepted' });
    expect((await read(r.id)).owner ?? null).toBeNull();
    expect(await own(t.lou!, step(r.id, 'take'))).toMatchObject({ status: 'accepted', request: { owner: { handle: 'lou-lead' } } });
    const owned = (await logOf(r.id)).entries.filter((e) => e.event === 'owned').map((e) => (e.data as { action: string }).action);
    expect(owned).toEqual(['take', 'release', 'take']);
  });

  it('an owned escalation is decided by its owner only', async () => {
    const r = await escalation();
    await own(t.lee!, step(r.id, 'take'));
    expect((await decide(hub, t.lou!, [decisionFor(r.id, 'resolve', { feedback: 'mine now' })]))[0]).toMatchObject({ status: 'rejected', reason: 'owned_by_other' });
    expect((await decide(hub, t.lou!, [decisionFor(r.id, 'approve')]))[0]).toMatchObject({ status: 'rejected', reason: 'owned_by_other' });
    expect((await read(r.id)).status).toBe('pending');
  });

  it('resolve needs a note, is only for escalations, and ends the agent’s wait as rejected with the note as feedback', async () => {
    const sdk = createClient({ url: hub.url, token: hub.agentToken });
    const h = await sdk.requestApproval(proposal('esc.close', { accountId: 'A-sdk' }));
    const final = h.decision({ timeout: 30_000 });
    const noNote = await request(hub.url, '/v1/decisions', { method: 'POST', token: t.lee!, body: { decisions: [decisionFor(h.id, 'resolve', { feedback: '  ' })] } });
    expect(noNote.status).toBe(400);
    expect(JSON.stringify(noNote.body)).toContain('needs a note');
    const a = await submit(hub, proposal('esc.refund', { amount: 5 }));
    expect((await decide(hub, t.sue!, [decisionFor(a.id, 'resolve', { feedback: 'x' })]))[0]).toMatchObject({ status: 'rejected', reason: 'verdict not supported by hub' });
    await own(t.lee!, step(h.id, 'take'));
    const note = 'Refunded by hand in the billing tool; do not retry.';
    expect((await decide(hub, t.lee!, [decisionFor(h.id, 'resolve', { feedback: note })]))[0]).toMatchObject({ status: 'accepted', request: { status: 'rejected' } });
    const seen = await final;
    expect(seen).toMatchObject({ status: 'rejected', decision: { verdict: 'resolve', feedback: note, decidedBy: 'lee-lead' }, owner: { handle: 'lee-lead' } });
    const log = await logOf(h.id);
    expect(log.verified).toBe(true);
    expect(log.entries.at(-1)).toMatchObject({ event: 'decided', actor: 'lee-lead', data: { verdict: 'resolve', feedback: note } });
  });
});
