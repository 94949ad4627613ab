// Renaming and removing people on the real hub (#10): a rename keeps the id and refuses a look-alike; records keep
// the handle they were written with; a removed person's tokens stop at once, their recorded votes stay and still count.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalRequest, LogEntry } from '../../src/shared/domain.js';
import type { HubUser } from '../../src/shared/protocol.js';
import { createToken, putActionClasses } from '../../src/hub-client/index.js';
import { REPO_ROOT, request, spawnHub, type HubProcess } from '../helpers/hub.js';
import { decide, decisionFor, proposal, submit } from './util.js';

const run = promisify(execFile);
let hub: HubProcess;
const admin = () => ({ url: hub.url, token: hub.adminToken });
const users = async () => (await request<{ users: HubUser[] }>(hub.url, '/v1/users', { token: hub.adminToken })).body.users;
const userNamed = async (handle: string) => (await users()).find((u) => u.handle === handle)!;
const read = async (id: string) => (await request<ApprovalRequest>(hub.url, `/v1/requests/${id}`, { token: hub.approverToken })).body;

beforeAll(async () => {
  hub = await spawnHub();
  await putActionClasses(admin(), [{ name: 'two.person', override: 'approval', deciders: ['ops'], approvals: 2 }]);
});
afterAll(async () => {
  await hub?.stop();
});

describe('rename', () => {
  it('keeps the id, refuses a handle confusable with another person, and leaves recorded votes with the old handle', async () => {
    const tok = await createToken(admin(), { role: 'approver', name: 'rita', groups: ['ops'] });
    await createToken(admin(), { role: 'approver', name: 'omar', groups: ['ops'] });
    const rita = await userNamed('rita');
    const r = await submit(hub, proposal('two.person', { n: 1 }));
    expect((await decide(hub, tok, [decisionFor(r.id, 'approve')]))[0]).toMatchObject({ status: 'vote_recorded' });

    // "Omar" and a Cyrillic look-alike "оmar" are omar: refused, nothing changes.
    for (const handle of ['Omar', '\u043emar']) {
      const clash = await request(hub.url, `/v1/users/${rita.id}`, { method: 'PATCH', token: hub.adminToken, body: { handle } });
      expect(clash.status).toBe(409);
      expect(clash.body).toMatchObject({ error: 'handle_taken' });
    }
    const renamed = await request<HubUser>(hub.url, `/v1/users/${rita.id}`, { method: 'PATCH', token: hub.adminToken, body: { handle: 'rita.k' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: rita.id, handle: 'rita.k' });
    expect((await request(hub.url, '/v1/me', { token: tok })).body).toMatchObject({ id: rita.id, handle: 'rita.k' });
    // The recorded vote keeps the handle it was cast under; the same person under a new name still counts once.
    expect((await read(r.id)).votes).toMatchObject([{ userId: rita.id, handle: 'rita' }]);
    expect((await decide(hub, tok, [decisionFor(r.id, 'approve')]))[0]).toMatchObject({ status: 'rejected', reason: 'already_voted' });
    // The old handle is free again once nobody has it.
    expect((await request(hub.url, '/v1/users', { token: hub.adminToken, body: { handle: 'rita' } })).status).toBe(201);
  });

  it('a person renamed after a request was made on their behalf still cannot approve it', async () => {
    const tok = await createToken(admin(), { role: 'approver', name: 'pat', groups: ['ops'] });
    const r = await submit(hub, proposal('two.person', { n: 2 }, { onBehalfOf: 'pat' }));
    const pat = await userNamed('pat');
    expect(r.onBehalfOfId).toBe(pat.id);
    await request(hub.url, `/v1/users/${pat.id}`, { method: 'PATCH', token: hub.adminToken, body: { handle: 'patricia' } });
    expect((await decide(hub, tok, [decisionFor(r.id, 'approve')]))[0]).toMatchObject({ status: 'rejected', reason: 'on_behalf_of' });
  });

  it('a renamed agent still reads its own requests', async () => {
    const agentTok = await createToken(admin(), { role: 'agent', name: 'bot-a' });
    const r = await submit(hub, proposal('two.person', { n: 3 }), { token: agentTok });
    const bot = await userNamed('bot-a');
    await request(hub.url, `/v1/users/${bot.id}`, { method: 'PATCH', token: hub.adminToken, body: { handle: 'bot-b' } });
    const got = await request<ApprovalRequest>(hub.url, `/v1/requests/${r.id}`, { token: agentTok });
    expect(got.status).toBe(200);
    expect(got.body.requestedBy).toBe('bot-a');
  });
});

describe('removal', () => {
  it('stops every token of the person at once; their recorded vote stays and still counts; no new tokens; the handle stays taken', async () => {
    const a1 = await createToken(admin(), { role: 'approver', name: 'vera', groups: ['ops'] });
    const a2 = await createToken(admin(), { role: 'approver', user: 'vera' });
    const b = await createToken(admin(), { role: 'approver', name: 'wes', groups: ['ops'] });
    const vera = await userNamed('vera');
    const r = await submit(hub, proposal('two.person', { n: 4 }));
    expect((await decide(hub, a1, [decisionFor(r.id, 'approve')]))[0]).toMatchObject({ status: 'vote_recorded' });

    const removed = await request<HubUser>(hub.url, `/v1/users/${vera.id}`, { method: 'DELETE', token: hub.adminToken });
    expect(removed.status).toBe(200);
    expect(removed.body.removedAt).toBeTruthy();
    for (const tok of [a1, a2]) {
      const me = await request(hub.url, '/v1/me', { token: tok });
      expect(me.status).toBe(401);
    }
    const tokens = (await request<{ tokens: Array<{ userId: string; state: string }> }>(hub.url, '/v1/tokens', { token: hub.adminToken })).body.tokens;
    expect(tokens.filter((x) => x.userId === vera.id).map((x) => x.state)).toEqual(['revoked', 'revoked']);
    expect((await request(hub.url, '/v1/tokens', { token: hub.adminToken, body: { role: 'approver', user: vera.id } })).body).toMatchObject({ error: 'user_removed' });
    expect((await request(hub.url, '/v1/users', { token: hub.adminToken, body: { handle: 'Vera' } })).status).toBe(409);

    // The vote vera cast while she had the right stays recorded and counts: wes completes the quorum.
    expect((await read(r.id)).votes).toMatchObject([{ userId: vera.id, handle: 'vera' }]);
    const [fin] = await decide(hub, b, [decisionFor(r.id, 'approve')]);
    expect(fin).toMatchObject({ status: 'accepted', request: { status: 'approved', decision: { decidedBy: 'wes' } } });
    const log = (await request<{ entries: LogEntry[]; verified: boolean }>(hub.url, `/v1/requests/${r.id}/log`, { token: hub.approverToken })).body;
    expect(log.verified).toBe(true);
    expect(log.entries.filter((e) => e.event === 'voted').map((e) => e.actor)).toEqual(['vera', 'wes']);
  });

  it('an admin cannot remove themselves', async () => {
    const me = (await request<{ id: string }>(hub.url, '/v1/me', { token: hub.adminToken })).body;
    const res = await request(hub.url, `/v1/users/${me.id}`, { method: 'DELETE', token: hub.adminToken });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: 'cannot_remove_self' });
  });

  it('the CLI renames and removes in the running hub data dir', async () => {
    const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src', 'hub', 'cli.ts'), ...args, '--data', hub.dataDir], { cwd: REPO_ROOT });
    const tok = await createToken(admin(), { role: 'approver', name: 'cli-zed' });
    expect(JSON.parse((await cli('user', 'rename', '--id', 'cli-zed', '--handle', 'cli-zoe')).stdout)).toMatchObject({ handle: 'cli-zoe' });
    expect((await request(hub.url, '/v1/me', { token: tok })).body).toMatchObject({ handle: 'cli-zoe' });
    const bad = await cli('user', 'rename', '--id', 'cli-zoe', '--handle', 'Omar').catch((e: { code: number; stderr: string }) => e);
    expect(bad).toMatchObject({ code: 2 });
    expect((bad as { stderr: string }).stderr).toContain('handle_taken');
    expect(JSON.parse((await cli('user', 'remove', '--id', 'cli-zoe')).stdout).removedAt).toBeTruthy();
    expect((await request(hub.url, '/v1/me', { token: tok })).status).toBe(401);
  }, 60_000);
});
