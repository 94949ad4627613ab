// Policy `matches` runs on RE2 (linear time): a catastrophic-backtracking pattern cannot stall the hub, and
// patterns RE2 cannot compile are refused with a 400 naming the field (PUT) or stop the hub at start (policy file).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, spawnHub, type HubProcess } from '../helpers/hub.js';
import { proposal, submit } from './util.js';

const evil = (pattern: string) => ({
  name: 'mail.send',
  factors: [],
  defaultLane: 'audit',
  auditSampleRate: 0,
  conditionalFactors: [{ factor: 'policy_legal', when: [{ path: 'args.body', op: 'matches', value: pattern }] }],
});

let hub: HubProcess;
beforeAll(async () => {
  hub = await spawnHub();
});
afterAll(async () => {
  await hub?.stop();
});

describe('policy regex (RE2)', () => {
  it('a submit against ^(a+)+$ is classified and /v1/health answers while it runs', async () => {
    const put = await request(hub.url, '/v1/action-classes', { method: 'PUT', token: hub.adminToken, body: { classes: [evil('^(a+)+$')] } });
    expect(put.status).toBe(200);
    // With a backtracking engine this input never finishes (2^5000 paths); RE2 answers "no match" at once.
    const body = 'a'.repeat(5000) + '!';
    const submitting = submit(hub, proposal('mail.send', { body }));
    const health = await Promise.all([1, 2, 3].map(() => request(hub.url, '/v1/health')));
    expect(health.map((h) => h.status)).toEqual([200, 200, 200]);
    const r = await submitting;
    expect(r.control).toBe('audit');
    const matching = await submit(hub, proposal('mail.send', { body: 'aaaa' }));
    expect(matching.reasons.map((x) => x.kind)).toContain('conditional_factor');
  }, 60_000);

  it('refuses patterns RE2 cannot compile with a 400 naming the pattern field', async () => {
    for (const pattern of ['(a)\\1', '(?=x)y', '(?<!a)b', '[']) {
      const r = await request(hub.url, '/v1/action-classes', { method: 'PUT', token: hub.adminToken, body: { classes: [evil(pattern)] } });
      expect(r.status, pattern).toBe(400);
      expect(r.body.issues).toEqual([{ path: 'classes.0.conditionalFactors.0.when.0.value', message: expect.stringContaining('RE2') }]);
    }
    const notString = await request(hub.url, '/v1/action-classes', {
      method: 'PUT',
      token: hub.adminToken,
      body: { classes: [{ ...evil('x'), escalateWhen: [{ path: 'args.body', op: 'matches', value: 5 }] }] },
    });
    expect(notString.status).toBe(400);
    expect(notString.body.issues[0].path).toBe('classes.0.escalateWhen.0.value');
    // The refused policies were not stored: the last good one is.
    const list = await request(hub.url, '/v1/action-classes', { token: hub.adminToken });
    expect(list.body.classes[0].conditionalFactors[0].when[0].value).toBe('^(a+)+$');
  }, 60_000);

  it('a policy file with a pattern RE2 refuses stops the hub at start, naming the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'countersign-policy-'));
    try {
      const file = join(dir, 'policy.json');
      writeFileSync(file, JSON.stringify({ classes: [evil('(?=x)')] }));
      await expect(spawnHub({ policyFile: file })).rejects.toThrow(/classes\.0\.conditionalFactors\.0\.when\.0\.value.*RE2/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
