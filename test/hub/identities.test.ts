// Identities on the real hub: /v1/me, handles compared case- and Unicode-normalised, token lifecycle (revoke, expire,
// rotate, list without secrets) from the admin API and from the CLI on the same data dir, self-approval by identity id.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, request, spawnHub, type HubProcess } from '../helpers/hub.js';
import { decide, decisionFor, proposal, submit } from './util.js';

const run = promisify(execFile);
let hub: HubProcess;
beforeAll(async () => {
  hub = await spawnHub();
});
afterAll(async () => {
  await hub?.stop();
});

const admin = (path: string, body?: unknown, method?: string) => request(hub.url, path, { token: hub.adminToken, body, method });

describe('identities', () => {
  it('GET /v1/me names the hub identity of the token', async () => {
    const me = await request(hub.url, '/v1/me', { token: hub.approverToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ kind: 'user', handle: 'approver-1', displayName: 'approver-1', groups: [], role: 'approver', expiresAt: null });
    expect(me.body.id).toMatch(/^u_/);
    expect((await request(hub.url, '/v1/me', { token: hub.agentToken })).body).toMatchObject({ kind: 'agent', handle: 'agent-1', role: 'agent' });
    expect((await request(hub.url, '/v1/me', { token: 'cs_nope_0123456789abcdef' })).status).toBe(401);
  });

  it('refuses AG1 when ag1 exists, a Unicode compatibility form, and a case-folded ß', async () => {
    const made = await admin('/v1/users', { handle: 'ag1', groups: ['finance'] });
    expect(made.status).toBe(201);
    for (const handle of ['AG1', 'ａｇ１', 'Ag1']) {
      const again = await admin('/v1/users', { handle });
      expect(again.status, handle).toBe(409);
      expect(again.body.error).toBe('handle_taken');
      expect(again.body.message).toContain('"ag1"');
    }
    // A v1-style token create by name: the look-alike is refused, the exact handle is that same person.
    expect((await admin('/v1/tokens', { role: 'approver', name: 'AG1' })).status).toBe(409);
    const exact = await admin('/v1/tokens', { role: 'approver', name: 'ag1' });
    expect(exact.status).toBe(201);
    expect(exact.body.userId).toBe(made.body.id);
    expect((await admin('/v1/users', { handle: 'strauß' })).status).toBe(201);
    expect((await admin('/v1/users', { handle: 'STRAUSS' })).status).toBe(409);
    expect((await admin('/v1/users', { handle: 'has space' })).status).toBe(400);
  });

  it('refuses a Cyrillic look-alike of an existing handle (Cyrillic а in аg1 vs ag1, Cyrillic о in bоb)', async () => {
    expect((await admin('/v1/users', { handle: 'bob' })).status).toBe(201);
    for (const handle of ['\u0430g1', 'b\u043eb', 'B\u041eB']) {
      const again = await admin('/v1/users', { handle });
      expect(again.status, handle).toBe(409);
      expect(again.body.error).toBe('handle_taken');
    }
  });

  it('self-approval is refused by identity: a second token of the requester, whatever its role', async () => {
    const sameAgent = await admin('/v1/tokens', { role: 'approver', user: 'agent-1' });
    expect(sameAgent.status).toBe(201);
    const r = await submit(hub, proposal('refund.issue', { amount: 900 }));
    expect(r.requestedById).toBe((await request(hub.url, '/v1/me', { token: hub.agentToken })).body.id);
    const [res] = await decide(hub, sameAgent.body.token, [decisionFor(r.id, 'approve')]);
    expect(res).toMatchObject({ status: 'rejected', reason: 'self_approval' });
    const [ok] = await decide(hub, hub.approverToken, [decisionFor(r.id, 'approve')]);
    expect(ok!.status).toBe('accepted');
    expect(ok!.status === 'accepted' && ok!.request.decision).toMatchObject({ decidedBy: 'approver-1', decidedById: expect.stringMatching(/^u_/) });
  });

  it('a revoked token is refused on its very next request; rotate revokes the old secret; list shows no secrets', async () => {
    const t = await admin('/v1/tokens', { role: 'approver', name: 'revokee' });
    expect((await request(hub.url, '/v1/changes', { token: t.body.token })).status).toBe(200);
    const rev = await admin(`/v1/tokens/${t.body.id}`, undefined, 'DELETE');
    expect(rev.body).toMatchObject({ id: t.body.id, state: 'revoked' });
    const after = await request(hub.url, '/v1/changes', { token: t.body.token });
    expect(after.status).toBe(401);
    expect(after.body.message).toBe('this token is revoked');

    const r = await admin('/v1/tokens', { role: 'approver', user: 'revokee' });
    const rot = await admin(`/v1/tokens/${r.body.id}/rotate`, {});
    expect(rot.status).toBe(201);
    expect((await request(hub.url, '/v1/me', { token: r.body.token })).status).toBe(401);
    expect((await request(hub.url, '/v1/me', { token: rot.body.token })).body).toMatchObject({ handle: 'revokee', tokenId: rot.body.id });
    expect((await admin(`/v1/tokens/${r.body.id}/rotate`, {})).status).toBe(409);

    const list = await admin('/v1/tokens');
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(rot.body.token);
    expect(JSON.stringify(list.body)).not.toMatch(/"(token|hash)"/);
    expect(list.body.tokens.find((x: { id: number }) => x.id === r.body.id)).toMatchObject({ handle: 'revokee', state: 'revoked' });
    expect((await admin('/v1/tokens/99999', undefined, 'DELETE')).status).toBe(404);
  });

  it('a token rotates itself: same person, role and expiry, the old secret refused at once, never a second live token', async () => {
    const t = await admin('/v1/tokens', { role: 'approver', name: 'self-rotator', expiresIn: 3600 });
    const rot = await request(hub.url, '/v1/me/token/rotate', { token: t.body.token, method: 'POST', body: {} });
    expect(rot.status).toBe(201);
    expect(rot.body).toMatchObject({ role: 'approver', handle: 'self-rotator', userId: t.body.userId, expiresAt: t.body.expiresAt, revoked: { id: t.body.id, state: 'revoked' } });
    expect((await request(hub.url, '/v1/me', { token: t.body.token })).status).toBe(401);
    expect((await request(hub.url, '/v1/me', { token: rot.body.token })).body).toMatchObject({ handle: 'self-rotator', tokenId: rot.body.id, expiresAt: t.body.expiresAt });
    // The revoked secret cannot rotate again (no way to mint a token that outlives a revocation), nor can no token.
    expect((await request(hub.url, '/v1/me/token/rotate', { token: t.body.token, method: 'POST', body: {} })).status).toBe(401);
    expect((await request(hub.url, '/v1/me/token/rotate', { method: 'POST', body: {} })).status).toBe(401);
    const live = (await admin('/v1/tokens')).body.tokens.filter((x: { handle: string; state: string }) => x.handle === 'self-rotator' && x.state === 'active');
    expect(live).toHaveLength(1);
    // An agent token rotates itself the same way.
    const a = await admin('/v1/tokens', { role: 'agent', name: 'rotating-agent' });
    const ar = await request(hub.url, '/v1/me/token/rotate', { token: a.body.token, method: 'POST', body: {} });
    expect(ar.body).toMatchObject({ role: 'agent', handle: 'rotating-agent' });
  });

  it('an expired token is refused on its next request', async () => {
    const t = await admin('/v1/tokens', { role: 'approver', name: 'short-lived', expiresIn: 1 });
    expect(t.body.expiresAt).not.toBeNull();
    expect((await request(hub.url, '/v1/me', { token: t.body.token })).body.expiresAt).toBe(t.body.expiresAt);
    await new Promise((r) => setTimeout(r, 1300));
    const after = await request(hub.url, '/v1/me', { token: t.body.token });
    expect(after.status).toBe(401);
    expect(after.body.message).toBe('this token is expired');
  });

  // The token CLI works on a SQLite data dir; a hub on PostgreSQL is administered through the API (docs/deploy.md).
  it.skipIf(!!process.env.COUNTERSIGN_TEST_PG_SERVER)(
    'the CLI creates, revokes and rotates tokens in the running hub data dir, refused at once',
    async () => {
      const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src', 'hub', 'cli.ts'), ...args, '--data', hub.dataDir], { cwd: REPO_ROOT });
      const created = (await cli('token', 'create', '--role', 'approver', '--name', 'cli-person', '--groups', 'finance,ops')).stdout.trim();
      const me = await request(hub.url, '/v1/me', { token: created });
      expect(me.body).toMatchObject({ handle: 'cli-person', groups: ['finance', 'ops'] });
      await cli('token', 'revoke', '--id', String(me.body.tokenId));
      expect((await request(hub.url, '/v1/me', { token: created })).status).toBe(401);
      const bad = await cli('user', 'create', '--handle', 'CLI-Person').catch((e: { code: number; stderr: string }) => e);
      expect(bad).toMatchObject({ code: 2 });
      expect((bad as { stderr: string }).stderr).toContain('handle_taken');
    },
    60_000,
  );
});
