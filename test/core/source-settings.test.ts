// Settings' source actions against a real hub process: test the connection (who the hub says we are, or why not),
// edit a source in place, rotate a hub token (the old one is revoked at the hub, the console keeps syncing with the
// new one, which never reaches the renderer), and refuse to move a source while decisions wait to be sent there.
import { afterEach, describe, expect, it } from 'vitest';
import type { ConsoleCore } from '../../src/core/api.js';
import { request, spawnHub, type HubProcess } from '../helpers/hub.js';
import { listIds, makeCore, submit, waitFor } from './helpers.js';

let hub: HubProcess | undefined;
let core: ConsoleCore | undefined;
afterEach(async () => {
  await core?.close();
  await hub?.stop();
  core = hub = undefined;
});

describe('source settings', () => {
  it('tests the connection, edits in place, and rotates the token with the old one revoked at the hub', async () => {
    hub = await spawnHub();
    core = (await makeCore()).core;
    const added = await core.call('sources.add', { kind: 'hub', name: 'Team hub', url: hub.url, token: hub.approverToken });

    const ok = await core.call('sources.test', { id: added.id });
    expect(ok).toMatchObject({ ok: true, identity: { handle: 'approver-1', role: 'approver' } });
    expect(ok.detail).toBe(`Connected to ${hub.url} as approver-1 (approver)`);

    const renamed = await core.call('sources.update', { id: added.id, name: 'Main hub' });
    expect(renamed).toMatchObject({ id: added.id, name: 'Main hub', url: hub.url, hasToken: true });
    const r1 = await submit(hub.url, hub.agentToken);
    await waitFor('the first request after the edit', async () => (await listIds(core!, 'approvals')).length === 1);

    const before = hub.approverToken;
    const rotated = await core.call('sources.rotateToken', { id: added.id });
    expect(JSON.stringify(rotated)).not.toContain('cs_approver_');
    // The old token is refused at once; the console still syncs, as the same person, with the new one.
    expect((await request(hub.url, '/v1/me', { token: before })).status).toBe(401);
    expect(await core.call('sources.test', { id: added.id })).toMatchObject({ ok: true, identity: { handle: 'approver-1' } });
    await submit(hub.url, hub.agentToken);
    await waitFor('the second request after the rotation', async () => (await listIds(core!, 'approvals')).length === 2);
    const details = await Promise.all((await listIds(core, 'approvals')).map((id) => core!.call('item.get', { id })));
    const item = details.find((d) => d.item.externalId === r1.id)!.item;
    await core.call('item.decide', { id: item.id, verdict: 'approve' });
    await waitFor('the decision accepted under the new token', async () => {
      const got = await request<{ status: string; decision: { decidedBy: string } | null }>(hub!.url, `/v1/requests/${r1.id}`, { token: hub!.agentToken });
      return got.body.status === 'approved' && got.body.decision?.decidedBy === 'approver-1';
    });
  });

  it('says why a connection fails, refuses a bad edit and keeps the source as it was', async () => {
    hub = await spawnHub();
    core = (await makeCore()).core;
    const added = await core.call('sources.add', { kind: 'hub', name: 'Team hub', url: hub.url, token: hub.approverToken });
    const bad = await core.call('sources.update', { id: added.id, token: 'cs_approver_not-a-real-token' });
    expect(bad.hasToken).toBe(true);
    const failed = await core.call('sources.test', { id: added.id });
    expect(failed.ok).toBe(false);
    expect(failed.detail).toContain(hub.url);
    expect(failed.detail).toMatch(/401|token/i);
    await expect(core.call('sources.update', { id: added.id, url: 'ftp://nowhere' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(core.call('sources.update', { id: 'hub-nope', name: 'x' })).rejects.toMatchObject({ code: 'not_found' });
    const unreachable = await core.call('sources.add', { kind: 'hub', name: 'Gone hub', url: 'http://127.0.0.1:9', token: 'cs_approver_x' });
    const t = await core.call('sources.test', { id: unreachable.id });
    expect(t.ok).toBe(false);
    expect(t.detail).toContain('http://127.0.0.1:9');
  });

  it('refuses to move a source while its decisions wait to be sent, and moves it once they are sent', async () => {
    hub = await spawnHub();
    // A long undo window keeps the decision in the outbox, unsent.
    core = (await makeCore({ timing: { undoWindowMs: 60_000 } })).core;
    const added = await core.call('sources.add', { kind: 'hub', name: 'Team hub', url: hub.url, token: hub.approverToken });
    await submit(hub.url, hub.agentToken);
    const [id] = await waitFor('the request in the queue', async () => {
      const ids = await listIds(core!, 'approvals');
      return ids.length ? ids : null;
    });
    await core.call('item.decide', { id: id!, verdict: 'approve' });
    await expect(core.call('sources.update', { id: added.id, url: 'http://127.0.0.1:9' })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining(`1 decision is still waiting to be sent to ${hub.url}`),
    });
    // A rename is fine: the address the decision was made against does not change.
    expect(await core.call('sources.update', { id: added.id, name: 'Renamed' })).toMatchObject({ name: 'Renamed', url: hub.url });
    await core.call('item.undo', { id: id! });
    expect(await core.call('sources.update', { id: added.id, url: `${hub.url}/` })).toMatchObject({ url: `${hub.url}/` });
  });
});
