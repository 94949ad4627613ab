// GET /v1/idempotency-keys/:key on the real hub process: an agent that lost a submit's answer finds its request by the
// key without storing anything, and only its own token's keys.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRequestByKey } from '../../src/hub-client/index.js';
import { request, spawnHub, type HubProcess } from '../helpers/hub.js';
import { proposal } from './util.js';

let hub: HubProcess;
beforeAll(async () => {
  hub = await spawnHub();
});
afterAll(async () => {
  await hub?.stop();
});

describe('finding a request by its idempotency key', () => {
  it('answers the request this token submitted under the key, null for a key it never used, and stores nothing by asking', async () => {
    const agent = { url: hub.url, token: hub.agentToken };
    const submitted = await request(hub.url, '/v1/requests', { token: hub.agentToken, body: proposal('refund.issue', { amount: 250 }), headers: { 'idempotency-key': 'lost-1' } });
    expect(submitted.status).toBe(201);
    expect((await findRequestByKey(agent, 'lost-1'))?.id).toBe(submitted.body.id);
    const before = (await request(hub.url, '/v1/changes?after=0&limit=1000', { token: hub.approverToken })).body.changes.length;
    expect(await findRequestByKey(agent, 'never-used')).toBeNull();
    // Asking made no request: the same key still submits a new one (201), not the answer to an earlier one.
    expect((await request(hub.url, '/v1/changes?after=0&limit=1000', { token: hub.approverToken })).body.changes.length).toBe(before);
    expect(
      (await request(hub.url, '/v1/requests', { token: hub.agentToken, body: proposal('refund.issue', { amount: 5 }), headers: { 'idempotency-key': 'never-used' } })).status,
    ).toBe(201);
  });

  it("does not show another token's request, refuses consoles and a malformed key", async () => {
    await request(hub.url, '/v1/requests', { token: hub.agentToken, body: proposal('refund.issue', { amount: 250 }), headers: { 'idempotency-key': 'mine-only' } });
    const other = await hub.token('agent', 'agent-2');
    expect(await findRequestByKey({ url: hub.url, token: other }, 'mine-only')).toBeNull();
    expect((await request(hub.url, '/v1/idempotency-keys/mine-only', { token: hub.approverToken })).status).toBe(403);
    expect((await request(hub.url, '/v1/idempotency-keys/not%20printable', { token: hub.agentToken })).status).toBe(400);
  });
});
