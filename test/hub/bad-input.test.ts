// Bad input gets a clear answer with the field and the reason; hostile strings are stored byte-exact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalRequest } from '../../src/shared/domain.js';
import { request, spawnHub, type HubProcess } from '../helpers/hub.js';
import { allChanges, decide, decisionFor, proposal, submit } from './util.js';

let hub: HubProcess;
beforeAll(async () => {
  hub = await spawnHub({ args: ['--max-args-bytes', String(1024 * 1024)] });
});
afterAll(async () => {
  await hub?.stop();
});

describe('status codes', () => {
  it('401 without or with an unknown token, 403 for the wrong role', async () => {
    const body = proposal('refund.issue', { amount: 1 });
    const none = await request(hub.url, '/v1/requests', { body, headers: { 'idempotency-key': 'k' } });
    expect(none.status).toBe(401);
    expect(none.body.error).toBe('unauthorized');
    expect((await request(hub.url, '/v1/requests', { token: 'cs_agent_nope', body, headers: { 'idempotency-key': 'k' } })).status).toBe(401);
    expect((await request(hub.url, '/v1/noop', { headers: { authorization: 'Basic abc' } })).status).toBe(401);
    const wrongRole = await request(hub.url, '/v1/requests', { token: hub.approverToken, body, headers: { 'idempotency-key': 'k' } });
    expect(wrongRole.status).toBe(403);
    expect(wrongRole.body.message).toContain('agent');
    expect((await request(hub.url, '/v1/decisions', { token: hub.agentToken, body: { decisions: [] } })).status).toBe(403);
    expect((await request(hub.url, '/v1/tokens', { token: hub.approverToken, body: { role: 'admin', name: 'x' } })).status).toBe(403);
    expect((await request(hub.url, '/v1/health')).body).toMatchObject({ ok: true });
  });

  it('400 names the field and the reason', async () => {
    const r = await request(hub.url, '/v1/requests', {
      token: hub.agentToken,
      body: { actionClass: '', action: { name: 'x', args: 'nope' }, summary: 'x', expiresIn: -5 },
      headers: { 'idempotency-key': 'k400' },
    });
    expect(r.status).toBe(400);
    const paths = r.body.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['actionClass', 'action.args', 'expiresIn']));
    expect(r.body.issues.every((i: { message: string }) => i.message.length > 0)).toBe(true);
    const notJson = await request(hub.url, '/v1/requests', { token: hub.agentToken, body: '{"actionClass":', headers: { 'idempotency-key': 'k401' } });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toBe('bad_request');
    const badDecision = await request(hub.url, '/v1/decisions', {
      token: hub.approverToken,
      body: { decisions: [{ id: 'short', requestId: 'x', verdict: 'maybe', decidedAt: 'yesterday' }] },
    });
    expect(badDecision.status).toBe(400);
    expect(badDecision.body.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['decisions.0.id', 'decisions.0.verdict', 'decisions.0.decidedAt']));
    const badWait = await request(hub.url, '/v1/requests/abc?wait=600', { token: hub.agentToken });
    expect(badWait.status).toBe(400);
    expect(badWait.body.issues[0].path).toBe('query.wait');
  });

  it("404 for an unknown request, for another agent's request, and for an unknown route", async () => {
    expect((await request(hub.url, '/v1/requests/does-not-exist', { token: hub.agentToken })).status).toBe(404);
    const mine = await submit(hub, proposal('refund.issue', { amount: 5 }));
    const other = await hub.token('agent', 'agent-2');
    expect((await request(hub.url, `/v1/requests/${mine.id}`, { token: other })).status).toBe(404);
    expect((await request(hub.url, `/v1/requests/${mine.id}/outcome`, { token: other, body: { status: 'executed' } })).status).toBe(404);
    expect((await request(hub.url, '/v1/nothing', { token: hub.agentToken })).status).toBe(404);
    const [d] = await decide(hub, hub.approverToken, [decisionFor('does-not-exist', 'approve')]);
    expect(d).toMatchObject({ status: 'rejected', reason: 'unknown_request', request: null });
  });

  it('413 over the action-args limit, naming action.args; nothing stored', async () => {
    const before = (await allChanges(hub)).length;
    const r = await request(hub.url, '/v1/requests', {
      token: hub.agentToken,
      body: proposal('refund.issue', { blob: 'x'.repeat(1024 * 1024 + 10) }),
      headers: { 'idempotency-key': 'big' },
    });
    expect(r.status).toBe(413);
    expect(r.body.issues[0].path).toBe('action.args');
    const huge = await request(hub.url, '/v1/requests', {
      token: hub.agentToken,
      body: proposal('refund.issue', { blob: 'x'.repeat(5 * 1024 * 1024) }),
      headers: { 'idempotency-key': 'bigger' },
    });
    expect(huge.status).toBe(413);
    expect((await allChanges(hub)).length).toBe(before);
  });

  it('409 when an outcome comes before approval or a decided request is withdrawn', async () => {
    const r = await submit(hub, proposal('refund.issue', { amount: 5000 }));
    const early = await request(hub.url, `/v1/requests/${r.id}/outcome`, { token: hub.agentToken, body: { status: 'executed' } });
    expect(early.status).toBe(409);
    expect(early.body.error).toBe('not_released');
    await decide(hub, hub.approverToken, [decisionFor(r.id, 'approve')]);
    expect((await request(hub.url, `/v1/requests/${r.id}`, { method: 'DELETE', token: hub.agentToken })).status).toBe(409);
  });
});

describe('hostile strings', () => {
  it('stores HTML, script, control and bidi characters, a 1 MB string and deep nesting byte-exact', async () => {
    const nasty = '<script>alert(1)</script><img src=x onerror=alert(2)>\u0000\u0007\u001b[31m\u202Eevil\u202C\u2066\u200B\uFEFF\uD800 lone \uDFFF "quotes" \\ \r\n\t ÄÖÜ 𝔘𝔫𝔦 🤖';
    let deep: unknown = { leaf: nasty };
    for (let i = 0; i < 150; i++) deep = { d: deep, a: [i] };
    const big = 'é'.repeat(200_000) + nasty + 'z'.repeat(500_000);
    const body = {
      actionClass: 'email.send',
      action: { name: 'send<b>', args: { body: big, subject: nasty, deep, [nasty]: 'key' } },
      summary: nasty,
      evidence: [{ title: nasty, text: nasty, url: 'javascript:alert(1)' }],
      agent: { id: nasty.slice(0, 100), name: nasty, runUrl: null },
    };
    const created = await submit(hub, body);
    const got = await request<ApprovalRequest>(hub.url, `/v1/requests/${created.id}`, { token: hub.agentToken });
    for (const r of [created, got.body, (await allChanges(hub)).find((c) => c.request.id === created.id)!.request]) {
      expect(JSON.stringify(r.action)).toBe(JSON.stringify(body.action));
      expect(r.summary).toBe(nasty);
      expect(r.evidence).toEqual(body.evidence);
      expect(r.agent.name).toBe(nasty);
    }
    const tooDeep = (() => {
      let v: unknown = 1;
      for (let i = 0; i < 1000; i++) v = [v];
      return v;
    })();
    const r = await request(hub.url, '/v1/requests', { token: hub.agentToken, body: proposal('refund.issue', { tooDeep }), headers: { 'idempotency-key': 'deep' } });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('too_deep');
    expect((await request(hub.url, '/v1/health')).status).toBe(200);
    const proto = await request(hub.url, '/v1/requests', {
      token: hub.agentToken,
      body: '{"actionClass":"a","action":{"name":"x","args":{"__proto__":{"admin":true}}},"summary":"s"}',
      headers: { 'idempotency-key': 'proto' },
    });
    expect(proto.status).toBe(400);
  });
});
