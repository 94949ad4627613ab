// The one "can this be decided with this verdict, now" rule the hub, the console core and the renderer share.
import { describe, expect, it } from 'vitest';
import { canDecide, factsOf, isExpired, isLapsed, openCheck, type DecideFacts } from '../../src/shared/can-decide.js';
import type { Verdict } from '../../src/shared/domain.js';
import { request } from '../core/fixtures.js';

const NOW = Date.parse('2026-11-25T12:00:00.000Z');
const facts = (over: Partial<DecideFacts> = {}): DecideFacts => ({ status: 'pending', control: 'approval', sampled: false, expiresAtMs: null, decided: false, ...over });
const code = (f: DecideFacts, v: Verdict, allowed?: Verdict[]) => {
  const c = canDecide(f, v, NOW, allowed);
  return c.ok ? 'ok' : c.code;
};
const EVERY: Verdict[] = ['approve', 'approve_with_edits', 'reject', 'escalate', 'ignore'];

describe('canDecide', () => {
  it('accepts every verdict on a pending request that has not lapsed', () => {
    for (const v of EVERY) expect(code(facts({ expiresAtMs: NOW + 1 }), v)).toBe('ok');
    expect(canDecide(facts(), 'approve', NOW)).toEqual({ ok: true });
  });

  it('refuses a verdict the source does not accept, before anything else', () => {
    const c = canDecide(facts({ status: 'expired' }), 'ignore', NOW, ['approve', 'reject']);
    expect(c).toEqual({ ok: false, code: 'verdict_not_allowed', message: 'This source does not accept that decision for this item.' });
  });

  it('a lapsed pending request cannot be approved but can still be rejected or escalated', () => {
    const lapsed = facts({ expiresAtMs: NOW }); // expiry is inclusive: at the instant, it has lapsed
    expect(code(lapsed, 'approve')).toBe('expired');
    expect(code(lapsed, 'approve_with_edits')).toBe('expired');
    expect(code(lapsed, 'reject')).toBe('ok');
    expect(code(lapsed, 'escalate')).toBe('ok');
    expect(isLapsed(lapsed, NOW)).toBe(true);
    expect(isLapsed(lapsed, NOW - 1)).toBe(false);
  });

  it('an expired request takes no verdict at all', () => {
    for (const v of EVERY) expect(code(facts({ status: 'expired' }), v)).toBe('expired');
  });

  it('only pending and released requests are open', () => {
    for (const status of ['approved', 'rejected', 'escalated', 'withdrawn'] as const) {
      expect(canDecide(facts({ status }), 'reject', NOW)).toEqual({ ok: false, code: 'not_open', message: `This item is ${status} at its source.` });
    }
    expect(code(facts({ status: 'released', control: 'review' }), 'approve')).toBe('ok');
  });

  it('a decision the source already holds wins over the status', () => {
    expect(code(facts({ status: 'released', control: 'review', decided: true }), 'reject')).toBe('decided');
    expect(code(facts({ status: 'approved', decided: true }), 'approve')).toBe('decided');
  });

  it('expiry counts only while a request waits: a released item past its expiry can still be reviewed', () => {
    const released = facts({ status: 'released', control: 'review', expiresAtMs: NOW - 1000 });
    expect(code(released, 'approve')).toBe('ok');
    expect(isExpired(released, NOW)).toBe(false);
  });

  it('an audit item needs to have been sampled', () => {
    expect(code(facts({ status: 'released', control: 'audit', sampled: false }), 'approve')).toBe('not_sampled');
    expect(code(facts({ status: 'released', control: 'audit', sampled: true }), 'approve')).toBe('ok');
  });

  it('openCheck is the verdict-independent part', () => {
    expect(openCheck(facts({ expiresAtMs: NOW - 1 })).ok).toBe(true); // lapsing only blocks approving
    expect(openCheck(facts({ status: 'withdrawn' }))).toMatchObject({ ok: false, code: 'not_open' });
  });
});

describe('factsOf', () => {
  it('reads the facts off a full request', () => {
    const r = request({
      id: 'a',
      control: 'audit',
      status: 'released',
      expiresAt: '2026-11-25T11:00:00.000Z',
      reasons: [{ factor: null, kind: 'sampled', detail: 'Sampled for audit at 10%' }],
    });
    expect(factsOf(r)).toEqual({ status: 'released', control: 'audit', sampled: true, expiresAtMs: NOW - 3600_000, decided: false });
    const decided = request({
      id: 'b',
      decision: {
        id: 'd-0000000b',
        requestId: 'b',
        verdict: 'reject',
        editedAction: null,
        feedback: 'no',
        decidedBy: 'ada',
        decidedAt: '2026-11-25T10:00:00.000Z',
        changed: false,
        patch: [],
      },
    });
    expect(factsOf(decided).decided).toBe(true);
  });

  it('an unreadable expiry never lapses', () => {
    const f = factsOf(request({ id: 'a', expiresAt: 'not a date' }));
    expect(isLapsed(f, NOW)).toBe(false);
    expect(code(f, 'approve')).toBe('ok');
  });
});
