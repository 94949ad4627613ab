// Policy proposals (#13 item 3) on the real hub process over HTTP: one class's change made from a named version, by an
// admin or a member of policy-editors, with a rationale; a retry of the same proposal is the same change; a proposal
// against a version that moved on, from someone not allowed, or invalid is refused with a clear answer, changing nothing.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createToken, getActionClasses, getPolicyDiff, HubError, listPolicyVersions, proposePolicyChange } from '../../src/hub-client/index.js';
import { POLICY_EDITOR_GROUP } from '../../src/shared/policy-proposal.js';
import { request, spawnHub, type HubProcess } from '../helpers/hub.js';
import { proposal, submit } from './util.js';

let hub: HubProcess | undefined;
afterEach(async () => {
  await hub?.stop();
  hub = undefined;
});

const refused = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e as HubError,
  );

describe('policy proposals', () => {
  it('applies an authorised proposal with its rationale, author and evidence, once however often it is sent', async () => {
    hub = await spawnHub();
    const h = hub;
    const editor = await createToken({ url: h.url, token: h.adminToken }, { role: 'approver', name: 'pat.editor', groups: [POLICY_EDITOR_GROUP] });
    const conn = { url: h.url, token: editor };
    const refund = (await getActionClasses(conn)).find((c) => c.name === 'refund.issue')!;
    const relaxed = { ...refund, override: 'review' as const };
    const id = `p-${randomUUID()}`;
    const evidence = { recommendation: 'relax', decided: 312, changed: 0 };
    const body = { id, baseVersion: 1, actionClass: relaxed, rationale: 'Never changed in 312 decisions', evidence };
    const applied = await proposePolicyChange(conn, body);
    expect(applied).toMatchObject({ id, status: 'applied', version: 2, author: 'pat.editor' });
    // The answer was lost, the console sends it again: the same version, no second change, no false "moved on".
    expect(await proposePolicyChange(conn, body)).toMatchObject({ id, status: 'duplicate', version: 2 });

    const list = await listPolicyVersions(conn);
    expect(list.current).toBe(2);
    expect(list.verified).toBe(true);
    expect(list.versions[1]).toMatchObject({ version: 2, author: 'pat.editor', rationale: 'Never changed in 312 decisions', evidence });
    const diff = await getPolicyDiff(conn, 1, 2);
    expect(diff.changes).toEqual([{ name: 'refund.issue', kind: 'changed', patch: [{ op: 'replace', path: '/override', value: 'review' }] }]);
    // It took effect: a refund that needed approval under version 1 goes to review under version 2.
    const r = await submit(h, proposal('refund.issue', { amount: 500 }));
    expect(r).toMatchObject({ control: 'review', policyVersion: 2 });
  });

  it('refuses a proposal against a version that moved on, naming who moved it, and changes nothing', async () => {
    hub = await spawnHub();
    const h = hub;
    const admin = { url: h.url, token: h.adminToken };
    const classes = await getActionClasses(admin);
    const email = classes.find((c) => c.name === 'email.send')!;
    await proposePolicyChange(admin, { id: `p-${randomUUID()}`, baseVersion: 1, actionClass: { ...email, description: 'first' }, rationale: 'first change' });
    const stale = await refused(
      proposePolicyChange(admin, { id: `p-${randomUUID()}`, baseVersion: 1, actionClass: { ...email, override: 'review' }, rationale: 'from an old screen' }),
    );
    expect(stale).toBeInstanceOf(HubError);
    expect(stale.status).toBe(409);
    expect(stale.code).toBe('policy_moved_on');
    expect(stale.message).toContain('now at version 2 by bootstrap-admin');
    expect(stale.message).toContain('first change');
    const now = (await getActionClasses(admin)).find((c) => c.name === 'email.send')!;
    expect(now).toMatchObject({ description: 'first', override: null });
    expect((await listPolicyVersions(admin)).current).toBe(2);
  });

  it('refuses someone outside policy-editors, an agent, an invalid class (each field named), no rationale and a no-op', async () => {
    hub = await spawnHub();
    const h = hub;
    const classes = await getActionClasses({ url: h.url, token: h.adminToken });
    const refund = classes.find((c) => c.name === 'refund.issue')!;
    const send = (token: string, body: unknown) => request(h.url, '/v1/policy/proposals', { method: 'POST', token, body });
    const good = () => ({ id: `p-${randomUUID()}`, baseVersion: 1, actionClass: { ...refund, override: 'review' }, rationale: 'why' });

    const approver = await send(h.approverToken, good());
    expect(approver.status).toBe(403);
    expect(approver.body.message).toContain(POLICY_EDITOR_GROUP);
    expect((await send(h.agentToken, good())).status).toBe(403);
    // An approver may not sidestep the rule through the whole-policy PUT either.
    expect((await request(h.url, '/v1/action-classes', { method: 'PUT', token: h.approverToken, body: { classes } })).status).toBe(403);

    const bad = await send(h.adminToken, { ...good(), actionClass: { ...refund, approvals: 0, defaultLane: 'nowhere' } });
    expect(bad.status).toBe(400);
    const paths = (bad.body.issues as Array<{ path: string }>).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['actionClass.approvals', 'actionClass.defaultLane']));
    const noWhy = await send(h.adminToken, { ...good(), rationale: '   ' });
    expect(noWhy.status).toBe(400);
    expect(JSON.stringify(noWhy.body.issues)).toContain('rationale');
    const noop = await send(h.adminToken, { ...good(), actionClass: refund });
    expect(noop.status).toBe(400);
    expect(noop.body.error).toBe('no_change');
    const badId = await send(h.adminToken, { ...good(), id: '../../etc' });
    expect(badId.status).toBe(400);
    expect((await listPolicyVersions({ url: h.url, token: h.adminToken })).current).toBe(1);
  });
});
