// Decision rights on the real hub over HTTP (#10): who may decide, conditional rights, the two-person rule, edits
// that restart the count, stale decisions, v1 consoles, long-polls and the SDK across votes, idempotent retries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalRequest, LogEntry } from '../../src/shared/domain.js';
import { PROTOCOL_HEADER, type DecisionResult } from '../../src/shared/protocol.js';
import { createToken, getMe, putActionClasses } from '../../src/hub-client/index.js';
import { createClient } from '../../src/sdk/index.js';
import { request, spawnHub, type HubProcess } from '../helpers/hub.js';
import { allChanges, decide, decisionFor, proposal, submit } from './util.js';

let hub: HubProcess;
const t: Record<string, string> = {};

beforeAll(async () => {
  hub = await spawnHub();
  await putActionClasses({ url: hub.url, token: hub.adminToken }, [
    {
      name: 'rights.refund',
      override: 'approval',
      deciders: ['support-leads'],
      conditionalDeciders: [{ when: [{ path: 'args.amount', op: 'gt', value: 1000 }], deciders: ['finance-leads'] }],
    },
    { name: 'rights.sql', override: 'approval', deciders: ['platform-oncall'], approvals: 2, ownerGroup: 'platform-leads' },
    { name: 'rights.review', override: 'review', reviewers: ['qa'] },
    { name: 'rights.close', deciders: ['support-leads'], ownerGroup: 'qa', escalateWhen: [{ path: 'args.accountId', op: 'exists' }] },
  ]);
  const admin = { url: hub.url, token: hub.adminToken };
  const mk = (name: string, groups: string[]) => createToken(admin, { role: 'approver', name, groups });
  t.sup = await mk('sam-support', ['support-leads']);
  t.fin = await mk('fiona-finance', ['finance-leads']);
  t.on1 = await mk('oncall-1', ['platform-oncall']);
  t.on1b = await createToken(admin, { role: 'approver', user: 'oncall-1' });
  t.on2 = await mk('oncall-2', ['platform-oncall']);
  t.on3 = await mk('oncall-3', ['platform-oncall']);
  t.dana = await mk('dana', ['platform-oncall']);
  t.qa = await mk('quinn-qa', ['qa']);
  t.agentAsApprover = await createToken(admin, { role: 'approver', user: 'agent-1' });
  // Two tokens of one person are one identity to the hub.
  const [a, b] = await Promise.all([getMe({ url: hub.url, token: t.on1 }), getMe({ url: hub.url, token: t.on1b })]);
  expect(a).toMatchObject({ handle: 'oncall-1', groups: ['platform-oncall'] });
  expect(b.id).toBe(a.id);
});
afterAll(async () => {
  await hub?.stop();
});

const sql = (s: string, extra: Record<string, unknown> = {}) => submit(hub, proposal('rights.sql', { sql: s }, extra));
const read = async (id: string) => (await request<ApprovalRequest>(hub.url, `/v1/requests/${id}`, { token: hub.approverToken })).body;
const one = async (token: string, d: unknown): Promise<DecisionResult> => (await decide(hub, token, [d]))[0]!;
const logOf = async (id: string) => (await request<{ entries: LogEntry[]; verified: boolean }>(hub.url, `/v1/requests/${id}/log`, { token: hub.approverToken })).body;

describe('who may decide', () => {
  it('refuses a non-decider with the groups that may decide, and lets a decider decide', async () => {
    const r = await submit(hub, proposal('rights.refund', { amount: 50 }));
    expect(r.rights).toMatchObject({ deciders: ['support-leads'], approvals: 1 });
    expect(r.actionHash).toMatch(/^[0-9a-f]{64}$/);
    const no = await one(hub.approverToken, decisionFor(r.id, 'approve'));
    expect(no).toMatchObject({ status: 'forbidden', deciders: ['support-leads'] });
    expect((await read(r.id)).status).toBe('pending');
    expect(await one(t.sup!, decisionFor(r.id, 'approve'))).toMatchObject({ status: 'accepted', request: { status: 'approved' } });
  });

  it('conditional decision rights flip with the amount: over 1,000 only finance-leads', async () => {
    const big = await submit(hub, proposal('rights.refund', { amount: 5000 }));
    const small = await submit(hub, proposal('rights.refund', { amount: 500 }));
    expect(big.rights.deciders).toEqual(['finance-leads']);
    expect(await one(t.sup!, decisionFor(big.id, 'approve'))).toMatchObject({ status: 'forbidden', deciders: ['finance-leads'] });
    expect(await one(t.fin!, decisionFor(small.id, 'approve'))).toMatchObject({ status: 'forbidden', deciders: ['support-leads'] });
    expect(await one(t.fin!, decisionFor(big.id, 'approve'))).toMatchObject({ status: 'accepted' });
    expect(await one(t.sup!, decisionFor(small.id, 'approve'))).toMatchObject({ status: 'accepted' });
  });

  it('the owner group decides the escalation lane: the class deciders are forbidden there', async () => {
    const r = await submit(hub, proposal('rights.close', { accountId: 'A-1' }));
    expect(r.control).toBe('escalation');
    expect(await one(t.sup!, decisionFor(r.id, 'approve'))).toMatchObject({ status: 'forbidden', deciders: ['qa'] });
    expect(await one(t.qa!, decisionFor(r.id, 'approve'))).toMatchObject({ status: 'accepted', request: { status: 'approved' } });
  });

  it('reviewers decide the review lane: others are forbidden', async () => {
    const r = await submit(hub, proposal('rights.review', { n: 1 }));
    expect(r.status).toBe('released');
    expect(await one(t.sup!, decisionFor(r.id, 'reject', { feedback: 'no' }))).toMatchObject({ status: 'forbidden', deciders: ['qa'] });
    expect(await one(t.qa!, decisionFor(r.id, 'reject', { feedback: 'should not have run' }))).toMatchObject({ status: 'accepted', request: { status: 'released' } });
  });
});

describe('two-person approval', () => {
  it('2-of-N: the first approval is a vote, the second (another person) approves; feed and log carry the votes', async () => {
    const r = await sql('UPDATE t SET a = 1');
    expect(r.rights.approvals).toBe(2);
    const first = await one(t.on1!, decisionFor(r.id, 'approve', { version: r.version, actionHash: r.actionHash }));
    expect(first).toMatchObject({ status: 'vote_recorded', approvals: 1, required: 2 });
    const mid = await read(r.id);
    expect(mid.status).toBe('pending');
    expect(mid.decision).toBeNull();
    expect(mid.votes).toMatchObject([{ handle: 'oncall-1', verdict: 'approve', actionHash: r.actionHash }]);
    const change = (await allChanges(hub)).find((c) => c.request.id === r.id)!;
    expect(change.kind).toBe('voted');
    expect(change.request.votes).toHaveLength(1);

    const second = await one(t.on2!, decisionFor(r.id, 'approve', { actionHash: r.actionHash }));
    expect(second).toMatchObject({ status: 'accepted', request: { status: 'approved', decision: { decidedBy: 'oncall-2', verdict: 'approve', changed: false } } });
    expect(second.status === 'accepted' && second.request.votes.map((v) => v.handle)).toEqual(['oncall-1', 'oncall-2']);
    const log = await logOf(r.id);
    expect(log.verified).toBe(true);
    expect(log.entries.map((e) => e.event)).toEqual(['submitted', 'voted', 'voted', 'decided']);
    expect(log.entries[1]).toMatchObject({ actor: 'oncall-1', data: { verdict: 'approve', actionHash: r.actionHash, version: r.version } });
    expect((log.entries[1]!.data as { userId: string }).userId).toMatch(/^u_/);
  });

  it('the same person on two tokens counts once', async () => {
    const r = await sql('UPDATE t SET b = 2');
    expect(await one(t.on1!, decisionFor(r.id, 'approve'))).toMatchObject({ status: 'vote_recorded', approvals: 1 });
    expect(await one(t.on1b!, decisionFor(r.id, 'approve'))).toMatchObject({ status: 'rejected', reason: 'already_voted' });
    const now = await read(r.id);
    expect(now.status).toBe('pending');
    expect(now.votes).toHaveLength(1);
  });

  it('the requester and the person the agent acts for can never count', async () => {
    const r = await sql('UPDATE t SET c = 3', { onBehalfOf: 'Dana' });
    expect(r.onBehalfOf).toBe('Dana');
    expect(await one(t.dana!, decisionFor(r.id, 'approve'))).toMatchObject({ status: 'rejected', reason: 'on_behalf_of' });
    expect(await one(t.agentAsApprover!, decisionFor(r.id, 'approve'))).toMatchObject({ status: 'rejected', reason: 'self_approval' });
    expect((await read(r.id)).votes).toHaveLength(0);
  });

  it('a reject ends a half-approved request at once', async () => {
    const r = await sql('DELETE FROM t WHERE id = 9');
    await one(t.on1!, decisionFor(r.id, 'approve'));
    expect(await one(t.on2!, decisionFor(r.id, 'reject', { feedback: 'wrong table' }))).toMatchObject({ status: 'accepted', request: { status: 'rejected' } });
    expect(await one(t.on3!, decisionFor(r.id, 'approve'))).toMatchObject({ status: 'conflict', reason: 'decided', winner: { verdict: 'reject', decidedBy: 'oncall-2' } });
  });

  it('an edit restarts the count; the next approver approves the edited action; the decision carries the edit and the patch', async () => {
    const r = await sql('UPDATE t SET d = 4');
    await one(t.on1!, decisionFor(r.id, 'approve', { actionHash: r.actionHash }));
    const edited = { name: r.action.name, args: { sql: 'UPDATE t SET d = 4 WHERE id = 1' } };
    const ed = await one(t.on2!, decisionFor(r.id, 'approve_with_edits', { editedAction: edited, actionHash: r.actionHash }));
    expect(ed).toMatchObject({ status: 'vote_recorded', approvals: 1, required: 2 });
    const mid = await read(r.id);
    expect(mid.pendingAction).toEqual(edited);
    expect(mid.action).toEqual(r.action);
    expect(mid.actionHash).not.toBe(r.actionHash);
    // The editor's own vote is the one that counts on the new action; approving it again is voting twice.
    expect(await one(t.on2!, decisionFor(r.id, 'approve', { actionHash: mid.actionHash }))).toMatchObject({ status: 'rejected', reason: 'already_voted' });
    // oncall-1's approval was of the old action: stale if they send it again, and an unbound approval of an edit is stale too.
    expect(await one(t.on1!, decisionFor(r.id, 'approve', { actionHash: r.actionHash }))).toMatchObject({ status: 'conflict', reason: 'stale', winner: null });
    expect(await one(t.on1!, decisionFor(r.id, 'approve', { version: r.version }))).toMatchObject({ status: 'conflict', reason: 'stale' });
    expect(await one(t.on1!, decisionFor(r.id, 'approve'))).toMatchObject({ status: 'conflict', reason: 'stale' });
    const fin = await one(t.on1!, decisionFor(r.id, 'approve', { version: mid.version, actionHash: mid.actionHash }));
    expect(fin).toMatchObject({
      status: 'accepted',
      request: {
        status: 'approved',
        decision: {
          verdict: 'approve_with_edits',
          decidedBy: 'oncall-1',
          editedAction: edited,
          changed: true,
          patch: [{ op: 'replace', path: '/args/sql', value: edited.args.sql }],
        },
      },
    });
  });

  it('escalate ends the wait and hands the case to the owner group, named in the log', async () => {
    const r = await sql('UPDATE t SET e = 5');
    await one(t.on1!, decisionFor(r.id, 'approve'));
    expect(await one(t.on2!, decisionFor(r.id, 'escalate'))).toMatchObject({ status: 'accepted', request: { status: 'escalated' } });
    const log = await logOf(r.id);
    expect(log.entries.at(-1)).toMatchObject({ event: 'decided', data: { verdict: 'escalate', handedTo: 'platform-leads' } });
  });
});

describe('bound decisions, old consoles, retries', () => {
  it('a decision naming a stale version or another action hash is a conflict, never applied', async () => {
    const r = await submit(hub, proposal('rights.refund', { amount: 60 }));
    expect(await one(t.sup!, decisionFor(r.id, 'approve', { actionHash: 'f'.repeat(64) }))).toMatchObject({ status: 'conflict', reason: 'stale', winner: null });
    expect(await one(t.sup!, decisionFor(r.id, 'approve', { version: r.version + 5 }))).toMatchObject({ status: 'conflict', reason: 'stale' });
    expect((await read(r.id)).status).toBe('pending');
    expect(await one(t.sup!, decisionFor(r.id, 'approve', { version: r.version, actionHash: r.actionHash }))).toMatchObject({ status: 'accepted' });
  });

  it('a v1 console (no protocol header) gets protocol_2_required instead of a silent half-approval, and forbidden as a rejection', async () => {
    const r = await sql('UPDATE t SET f = 6');
    const v1 = async (token: string, d: unknown) => {
      const res = await fetch(new URL('/v1/decisions', hub.url), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ decisions: [d] }),
      });
      return ((await res.json()) as { results: DecisionResult[] }).results[0]!;
    };
    expect(await v1(t.on1!, decisionFor(r.id, 'approve'))).toMatchObject({ status: 'rejected', reason: 'protocol_2_required' });
    expect(await v1(t.sup!, decisionFor(r.id, 'approve'))).toMatchObject({ status: 'rejected', reason: 'forbidden' });
    expect((await read(r.id)).votes).toHaveLength(0);
    // The header says 2: the same console may vote.
    const res = await fetch(new URL('/v1/decisions', hub.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${t.on1}`, 'content-type': 'application/json', [PROTOCOL_HEADER]: '2' },
      body: JSON.stringify({ decisions: [decisionFor(r.id, 'approve')] }),
    });
    expect(((await res.json()) as { results: DecisionResult[] }).results[0]).toMatchObject({ status: 'vote_recorded' });
    // A v1 reject still ends it: an old console can always say no.
    expect(await v1(t.on2!, decisionFor(r.id, 'reject', { feedback: 'no' }))).toMatchObject({ status: 'accepted', request: { status: 'rejected' } });
  });

  it('a vote from a revoked token is refused', async () => {
    const made = await request<{ token: string; id: number }>(hub.url, '/v1/tokens', { token: hub.adminToken, body: { role: 'approver', user: 'oncall-3' } });
    expect((await request(hub.url, `/v1/tokens/${made.body.id}`, { method: 'DELETE', token: hub.adminToken })).status).toBe(200);
    const r = await sql('UPDATE t SET g = 7');
    const res = await request(hub.url, '/v1/decisions', { token: made.body.token, body: { decisions: [decisionFor(r.id, 'approve')] } });
    expect(res.status).toBe(401);
    expect((await read(r.id)).votes).toHaveLength(0);
  });

  it('a retried batch of votes counts once (duplicate)', async () => {
    const r = await sql('UPDATE t SET h = 8');
    const d = decisionFor(r.id, 'approve');
    expect((await decide(hub, t.on1!, [d])).map((x) => x.status)).toEqual(['vote_recorded']);
    expect((await decide(hub, t.on1!, [d])).map((x) => x.status)).toEqual(['duplicate']);
    expect((await read(r.id)).votes).toHaveLength(1);
    expect((await logOf(r.id)).entries.filter((e) => e.event === 'voted')).toHaveLength(1);
  });

  it('the agent long-poll and SDK decision() wait through the first vote and return the approval', async () => {
    const sdk = createClient({ url: hub.url, token: hub.agentToken });
    const h = await sdk.requestApproval({ ...proposal('rights.sql', { sql: 'UPDATE t SET i = 9' }), onBehalfOf: 'dana' });
    const poll = request<ApprovalRequest>(hub.url, `/v1/requests/${h.id}?wait=30`, { token: hub.agentToken });
    const final = h.decision({ timeout: 30_000 });
    await new Promise((res) => setTimeout(res, 300));
    expect(await one(t.dana!, decisionFor(h.id, 'approve'))).toMatchObject({ status: 'rejected', reason: 'on_behalf_of' });
    expect(await one(t.on1!, decisionFor(h.id, 'approve'))).toMatchObject({ status: 'vote_recorded' });
    await new Promise((res) => setTimeout(res, 300));
    expect(await one(t.on2!, decisionFor(h.id, 'approve'))).toMatchObject({ status: 'accepted' });
    const [polled, waited] = await Promise.all([poll, final]);
    expect(polled.body).toMatchObject({ status: 'approved', decision: { decidedBy: 'oncall-2' } });
    expect(waited.status).toBe('approved');
    expect(waited.votes).toHaveLength(2);
  });
});
