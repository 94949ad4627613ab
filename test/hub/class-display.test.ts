// A class's display description travels through the hub's policy API like every other field: stored, read back,
// and refused with the field named when invalid (the last good policy stays).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, spawnHub, type HubProcess } from '../helpers/hub.js';

let hub: HubProcess;
beforeAll(async () => {
  hub = await spawnHub();
});
afterAll(async () => {
  await hub?.stop();
});

const refund = {
  name: 'refund.issue',
  factors: ['outside_lane'],
  display: {
    title: 'Refund {args.amount} {args.currency} to <b>{args.customer}</b>',
    fields: [{ label: 'Amount', path: 'args.amount', format: 'money', currencyPath: 'args.currency' }],
  },
};

describe('display description on the hub', () => {
  it('is stored and read back as given', async () => {
    const put = await request(hub.url, '/v1/action-classes', { method: 'PUT', token: hub.adminToken, body: { classes: [refund] } });
    expect(put.status).toBe(200);
    const got = await request(hub.url, '/v1/action-classes', { token: hub.adminToken });
    expect(got.body.classes[0].display).toEqual({ ...refund.display, fields: [{ ...refund.display.fields[0] }] });
  }, 60_000);

  it('refuses an invalid template with a 400 naming the field', async () => {
    const bad = { ...refund, display: { title: 'Refund {args.amount' } };
    const r = await request(hub.url, '/v1/action-classes', { method: 'PUT', token: hub.adminToken, body: { classes: [bad] } });
    expect(r.status).toBe(400);
    expect(r.body.issues).toEqual([{ path: 'classes.0.display.title', message: expect.stringContaining('unclosed {') }]);
    const got = await request(hub.url, '/v1/action-classes', { token: hub.adminToken });
    expect(got.body.classes[0].display.title).toBe(refund.display.title);
  }, 60_000);
});
