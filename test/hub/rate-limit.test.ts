// Per-token rate limits: over the limit a token gets 429 with Retry-After; other tokens are unaffected; the hub
// client (SDK, gateway) waits what Retry-After asks before its next try.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubError, submitRequest } from '../../src/hub-client/index.js';
import { request, spawnHub, type HubProcess } from '../helpers/hub.js';
import { proposal } from './util.js';

let hub: HubProcess;
beforeAll(async () => {
  hub = await spawnHub({ args: ['--rate-limit', '8', '--rate-limit-window', '2'] });
});
afterAll(async () => {
  await hub?.stop();
});

const noop = (token: string) => request(hub.url, '/v1/noop', { token });

describe('rate limits', () => {
  it('answers 429 with Retry-After once a token is over its limit, per token', async () => {
    const agent = await hub.token('agent', 'busy-agent');
    const statuses: number[] = [];
    let limited;
    for (let i = 0; i < 12 && !limited; i++) {
      const r = await noop(agent);
      statuses.push(r.status);
      if (r.status === 429) limited = r;
    }
    expect(limited, `statuses ${statuses.join(',')}`).toBeDefined();
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited?.body).toMatchObject({ error: 'rate_limited', message: expect.stringContaining('8 requests per 2 s') });
    // Another token still gets through.
    const other = await hub.token('agent', 'calm-agent');
    expect((await noop(other)).status).toBe(200);
  }, 60_000);

  it('the hub client waits for Retry-After and then succeeds where its own backoff alone would not', async () => {
    const agent = await hub.token('agent', 'retrying-agent');
    while ((await noop(agent)).status !== 429);
    // One retry after 10 ms of backoff would hit the limit again; honouring Retry-After (about 2 s) gets through.
    const conn = { url: hub.url, token: agent, retry: { retries: 1, minTimeoutMs: 10, maxTimeoutMs: 10 } };
    const made = await submitRequest(conn, proposal('refund.issue', { amount: 3 }), { idempotencyKey: randomUUID() });
    expect(made.id).toBeTruthy();
    // Without a retry policy the 429 reaches the caller with the wait the hub asked for.
    while ((await noop(agent)).status !== 429);
    const err = await submitRequest({ url: hub.url, token: agent }, proposal('refund.issue', { amount: 4 }) as never, { idempotencyKey: randomUUID() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HubError);
    expect((err as HubError).status).toBe(429);
    expect((err as HubError).retryAfterMs).toBeGreaterThan(0);
  }, 60_000);
});
