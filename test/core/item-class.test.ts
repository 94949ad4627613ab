// item.get names the policy class an item falls under (for the item card: display description, description, owner),
// read from the item's real hub: exact names and `*` patterns as the hub matches them, null for a class the policy
// does not have, and the last known copy while the hub is down.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleCore } from '../../src/core/api.js';
import { request, spawnHub, type HubProcess } from '../helpers/hub.js';
import { makeCore, submit, waitFor } from './helpers.js';

let hub: HubProcess;
let core: ConsoleCore;
let dataDir: string;
beforeAll(async () => {
  hub = await spawnHub();
  ({ core, dataDir } = await makeCore({ approverName: 'approver-1' }));
}, 60_000);
afterAll(async () => {
  await core.close();
  await hub.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('item.get policyClass', () => {
  it('gives the matching class, by name or pattern, and keeps the last copy while the hub is down', async () => {
    const classes = [
      {
        name: 'refund.issue',
        description: 'Refund a payment.',
        owner: 'finance',
        display: { title: 'Refund {args.amount}', fields: [{ label: 'Amount', path: 'args.amount', format: 'money', currency: 'EUR' }] },
      },
      { name: 'crm.*', owner: 'sales-ops', factors: ['outside_lane'] },
      { name: 'crm.contacts.*', owner: 'crm-team' },
    ];
    const put = await request(hub.url, '/v1/action-classes', { method: 'PUT', token: hub.adminToken, body: { classes } });
    expect(put.status).toBe(200);
    const src = await core.call('sources.add', { kind: 'hub', name: 'Hub', url: hub.url, token: hub.approverToken });
    const refund = await submit(hub.url, hub.agentToken);
    const contact = await submit(hub.url, hub.agentToken, { actionClass: 'crm.contacts.update', action: { name: 'crm.update', args: { field: 'tier' } } });
    const unknown = await submit(hub.url, hub.agentToken, { actionClass: 'mystery.thing', action: { name: 'x', args: {} } });
    const get = (id: string) => core.call('item.get', { id: `${src.id}:${id}` });
    await waitFor('items synced', async () => (await core.call('queue.counts', {})).approvals + (await core.call('queue.counts', {})).reviews >= 3);

    const r = await get(refund.id);
    expect(r.policyClass).toMatchObject({ name: 'refund.issue', description: 'Refund a payment.', owner: 'finance', display: { title: 'Refund {args.amount}' } });
    // The card's version line: the version that classified the request beside the hub's current one.
    const putVersion = (put.body as { version?: number }).version;
    expect(putVersion).toBeGreaterThan(0);
    expect(r.policyVersionNow).toBe(putVersion);
    expect(r.item.request.policyVersion).toBe(putVersion);
    expect((await get(contact.id)).policyClass?.owner).toBe('crm-team');
    expect((await get(unknown.id)).policyClass).toBeNull();

    await hub.kill();
    const offline = await get(refund.id);
    expect(offline.policyClass?.display?.fields[0]).toEqual({ label: 'Amount', path: 'args.amount', format: 'money', currency: 'EUR' });
    expect(offline.policyVersionNow).toBe(putVersion);
  }, 90_000);
});
