// Decision rights between real consoles and the REAL hub process: the identity the hub names (GET /v1/me) is the one
// the console shows and records, never the locally typed name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { spawnHub, request, type HubProcess } from '../helpers/hub.js';
import type { ConsoleCore } from '../../src/core/api.js';
import type { RequestView } from '../../src/shared/protocol.js';
import { listIds, makeCore, submit, waitFor } from './helpers.js';

let hub: HubProcess;
const cleanup: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  hub = await spawnHub();
});
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
  await hub?.stop();
});

async function consoleFor(token: string, approverName: string): Promise<{ core: ConsoleCore; sourceId: string }> {
  const { core, dataDir } = await makeCore({ approverName });
  cleanup.push(async () => {
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const src = await core.call('sources.add', { kind: 'hub', name: 'Team hub', url: hub.url, token });
  return { core, sourceId: src.id };
}

describe('the hub identity', () => {
  it('is what the console shows and records, whatever name was typed locally', async () => {
    const { core, sourceId } = await consoleFor(hub.approverToken, 'Someone Else');
    const me = await waitFor('identity', async () => (await core.call('sources.list', {})).find((s) => s.id === sourceId)?.identity);
    expect(me).toMatchObject({ handle: 'approver-1', role: 'approver', expiresAt: null });
    expect(me.id).toBeTruthy();

    const r = await submit(hub.url, hub.agentToken);
    const id = `${sourceId}:${r.id}`;
    await waitFor('pulled', async () => (await listIds(core, 'waiting')).includes(id));
    expect((await core.call('item.get', { id })).identity?.handle).toBe('approver-1');
    const d = await core.call('item.decide', { id, verdict: 'approve' });
    expect(d.localDecision?.decision).toMatchObject({ decidedBy: 'approver-1', decidedById: me.id });
    await waitFor('synced', async () => (await core.call('item.get', { id })).item.localDecision?.syncState === 'synced');
    const atHub = await request<RequestView>(hub.url, `/v1/requests/${r.id}`, { token: hub.agentToken });
    expect(atHub.body.decision?.decidedBy).toBe('approver-1');
  });
});
