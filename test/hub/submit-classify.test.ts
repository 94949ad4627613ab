// Submit and classification by lane, on the real hub process: the two-factor rule, conditional factors,
// unknown classes failing closed, escalation, idempotent submit, and the policy endpoints.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, spawnHub, type HubProcess } from '../helpers/hub.js';
import { proposal, submit } from './util.js';

let hub: HubProcess;
beforeAll(async () => {
  hub = await spawnHub();
});
afterAll(async () => {
  await hub?.stop();
});

describe('classification by lane', () => {
  it('releases a small refund into the review lane with its one factor recorded', async () => {
    const r = await submit(hub, proposal('refund.issue', { amount: 40, orderId: 'A1' }));
    expect(r.control).toBe('review');
    expect(r.status).toBe('released');
    expect(r.expiresAt).toBeNull();
    expect(r.reasons.map((x) => x.factor)).toEqual(['outside_lane']);
    expect(r.requestedBy).toBe('agent-1');
  });

  it('needs approval when the amount condition adds "irreversible"', async () => {
    const r = await submit(hub, proposal('refund.issue', { amount: 250, orderId: 'A2' }));
    expect(r.control).toBe('approval');
    expect(r.status).toBe('pending');
    expect(r.risk).toBe(2);
    const cond = r.reasons.find((x) => x.kind === 'conditional_factor');
    expect(cond?.factor).toBe('irreversible');
    expect(cond?.detail).toContain('args.amount gt 100');
    expect(Date.parse(r.expiresAt!)).toBeGreaterThan(Date.now());
  });

  it('puts a draft summary in the audit lane, released', async () => {
    const r = await submit(hub, proposal('summary.draft', { caseId: 'C9', text: 'Customer asked about a refund.' }));
    expect(r.control).toBe('audit');
    expect(r.status).toBe('released');
  });

  it('fails closed for an unknown action class', async () => {
    const r = await submit(hub, proposal('rocket.launch', { target: 'moon' }));
    expect(r.control).toBe('approval');
    expect(r.status).toBe('pending');
    expect(r.reasons[0]?.kind).toBe('unknown_class');
  });

  it('escalates when the agent asks, and when the policy says so', async () => {
    const asked = await submit(hub, proposal('crm.update', { field: 'email', value: 'x@y.z' }, { escalate: true }));
    expect(asked.control).toBe('escalation');
    expect(asked.status).toBe('pending');
    expect(asked.reasons.some((x) => x.kind === 'escalation')).toBe(true);
    const byPolicy = await submit(hub, proposal('db.sql.production', { sql: 'DROP TABLE customers' }));
    expect(byPolicy.control).toBe('escalation');
    expect(byPolicy.reasons.at(-1)?.detail).toContain('args.sql matches');
  });
});

describe('idempotent submit', () => {
  it('returns the same request for the same key and body, 409 for another body, 400 without a key', async () => {
    const body = proposal('email.send', { to: 'ann@example.com', subject: 'Hi', body: 'Hello' });
    const a = await request(hub.url, '/v1/requests', { token: hub.agentToken, body, headers: { 'idempotency-key': 'same-key-1' } });
    const b = await request(hub.url, '/v1/requests', { token: hub.agentToken, body, headers: { 'idempotency-key': 'same-key-1' } });
    expect(a.status).toBe(201);
    expect(b.status).toBe(200);
    expect(b.body.id).toBe(a.body.id);
    const c = await request(hub.url, '/v1/requests', { token: hub.agentToken, body: { ...body, summary: 'other' }, headers: { 'idempotency-key': 'same-key-1' } });
    expect(c.status).toBe(409);
    expect(c.body.error).toBe('idempotency_conflict');
    const d = await request(hub.url, '/v1/requests', { token: hub.agentToken, body });
    expect(d.status).toBe(400);
    expect(d.body.issues[0].path).toBe('headers.idempotency-key');
  });
});

describe('policy endpoints', () => {
  it('reads the default policy and replaces it (admin only); new submits follow the new policy', async () => {
    const got = await request(hub.url, '/v1/action-classes', { token: hub.adminToken });
    expect(got.status).toBe(200);
    const names = got.body.classes.map((c: { name: string }) => c.name);
    expect(names).toEqual(expect.arrayContaining(['refund.issue', 'email.send', 'crm.update', 'db.sql.production', 'summary.draft', 'ticket.route']));
    const denied = await request(hub.url, '/v1/action-classes', { method: 'PUT', token: hub.approverToken, body: { classes: [] } });
    expect(denied.status).toBe(403);
    const classes = [...got.body.classes, { name: 'kb.*', factors: [], defaultLane: 'review' }, { name: 'kb.delete', factors: ['irreversible', 'outside_lane'] }];
    const put = await request(hub.url, '/v1/action-classes', { method: 'PUT', token: hub.adminToken, body: { classes } });
    expect(put.status).toBe(200);
    expect((await submit(hub, proposal('kb.edit', { page: 1 }))).control).toBe('review');
    expect((await submit(hub, proposal('kb.delete', { page: 1 }))).control).toBe('approval');
    const bad = await request(hub.url, '/v1/action-classes', { method: 'PUT', token: hub.adminToken, body: { classes: [{ name: 'x y', factors: ['nope'] }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['classes.0.name', 'classes.0.factors.0']));
  });
});
