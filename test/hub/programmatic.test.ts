// The in-process API the console embeds: startHub() on a temp dir, tokens, the exported Database handle with the
// insight_facts view, a policy file, and a clean close that leaves the data for the next start.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startHub } from '../../src/hub/index.js';
import { INSIGHT_FACT_COLUMNS } from '../../src/insights/fact-columns.js';
import { request } from '../helpers/hub.js';

const dir = mkdtempSync(join(tmpdir(), 'countersign-embedded-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('startHub', () => {
  it('serves on loopback, exposes insight_facts with the agreed columns, and keeps data across restarts', async () => {
    const policyFile = join(dir, 'policy.json');
    writeFileSync(
      policyFile,
      JSON.stringify({
        classes: [{ name: 'refund.issue', factors: ['outside_lane'], conditionalFactors: [{ factor: 'irreversible', when: [{ path: 'args.amount', op: 'gt', value: 10 }] }] }],
      }),
    );
    const hub = await startHub({ dataDir: join(dir, 'data'), policyFile });
    expect(hub.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const agent = await hub.createToken('agent', 'bot');
    const approver = await hub.createToken('approver', 'ann');
    const sub = await request(hub.url, '/v1/requests', {
      token: agent,
      headers: { 'idempotency-key': 'p1' },
      body: { actionClass: 'refund.issue', action: { name: 'refund', args: { amount: 50 } }, summary: 'r' },
    });
    expect(sub.body.control).toBe('approval'); // the file's threshold (10), not the default policy's (100)
    await request(hub.url, '/v1/decisions', {
      token: approver,
      body: {
        decisions: [
          { id: 'dec-prog-1', requestId: sub.body.id, verdict: 'approve_with_edits', editedAction: { name: 'refund', args: { amount: 40 } }, decidedAt: new Date().toISOString() },
        ],
      },
    });
    await request(hub.url, `/v1/requests/${sub.body.id}/outcome`, { token: agent, body: { status: 'failed', detail: 'card expired' } });

    const cols = (hub.db!.prepare('PRAGMA table_info(insight_facts)').all() as Array<{ name: string }>).map((c) => c.name);
    expect(cols).toEqual(INSIGHT_FACT_COLUMNS);
    const fact = hub.db!.prepare('SELECT * FROM insight_facts WHERE request_id = ?').get(sub.body.id) as Record<string, unknown>;
    expect(fact).toMatchObject({
      source: 'hub',
      action_class: 'refund.issue',
      control: 'approval',
      sampled: 0,
      status: 'approved',
      agent: 'bot',
      verdict: 'approve_with_edits',
      changed: 1,
      decided_by: 'ann',
      outcome_status: 'failed',
    });
    expect(JSON.parse(fact.action_json as string)).toEqual({ name: 'refund', args: { amount: 50 } });
    expect(JSON.parse(fact.decision_json as string).editedAction.args.amount).toBe(40);
    expect(fact.decided_at_ms as number).toBeGreaterThanOrEqual(fact.created_at_ms as number);
    await hub.close();

    const again = await startHub({ dataDir: join(dir, 'data') });
    const got = await request(again.url, `/v1/requests/${sub.body.id}`, { token: approver });
    expect(got.body).toMatchObject({ status: 'approved', outcome: { status: 'failed' } });
    const feed = await request(again.url, '/v1/changes?after=0', { token: approver });
    const next = await request(again.url, '/v1/requests', {
      token: agent,
      headers: { 'idempotency-key': 'p2' },
      body: { actionClass: 'refund.issue', action: { name: 'refund', args: { amount: 5 } }, summary: 'r2' },
    });
    const after = await request(again.url, `/v1/changes?after=${feed.body.next}`, { token: approver });
    expect(after.body.changes.map((c: { request: { id: string } }) => c.request.id)).toEqual([next.body.id]);
    const wrongType = await fetch(new URL('/v1/requests', again.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${agent}`, 'idempotency-key': 'p3', 'content-type': 'application/xml' },
      body: '<a/>',
    });
    expect(wrongType.status).toBe(415);
    await again.close();
  });
});
