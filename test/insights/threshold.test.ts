// Threshold discovery on seeded sets in a real SQLite file: a known split (refunds at or under 80 never changed,
// over 80 changed 14%) is found at 80 with the right counts and Wilson intervals on each side; noise (the same
// change rate everywhere, at 3% and at 14%, over twenty seeds) never produces a split; a review lane whose large
// actions are corrected gets a tighten split; and rows without the number are counted where the policy puts them.
import { afterAll, describe, expect, it } from 'vitest';
import { discoverSplits, niceBetween } from '../../src/insights/threshold.js';
import { wilsonInterval } from '../../src/shared/insights/wilson.js';
import { createFactsDb, HOUR, insertFacts, T0, tempDir, type Fact } from './fixtures.js';

const PERIOD = { from: '2026-10-01', to: '2026-10-31' };
const tmp = tempDir('cs-threshold-');
afterAll(() => tmp.cleanup());
let dbn = 0;

function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function decision(i: number, cls: string, control: Fact['control'], args: Record<string, unknown>, changed: boolean, outcome: Fact['outcome_status'] = 'executed'): Fact {
  const created = T0 + i * 60_000;
  return {
    request_id: `${cls}-${control}-${i}`,
    action_class: cls,
    control,
    status: control === 'approval' ? 'approved' : 'released',
    created_at_ms: created,
    decided_at_ms: created + HOUR,
    verdict: changed ? 'approve_with_edits' : 'approve',
    changed: changed ? 1 : 0,
    outcome_status: outcome,
    action_json: JSON.stringify({ name: cls, args }),
  };
}

function dbWith(facts: Fact[]) {
  const db = createFactsDb(`${tmp.dir}/f${dbn++}.db`);
  insertFacts(db, facts);
  return db;
}

describe('threshold discovery', () => {
  it('finds the split at 80 with the evidence and the Wilson interval on each side', () => {
    const r = rng(7);
    const facts: Fact[] = [];
    // 312 refunds at or under 80: never changed. 320 over 80 (81 to 400): every seventh changed, 46 (14%).
    // A second numeric argument is noise.
    for (let i = 0; i < 312; i++) facts.push(decision(i, 'refund.issue', 'approval', { amount: 1 + (i % 80), items: Math.floor(r() * 5) }, false));
    for (let i = 0; i < 320; i++) facts.push(decision(1000 + i, 'refund.issue', 'approval', { amount: 81 + i, items: Math.floor(r() * 5) }, i % 7 === 0));
    const db = dbWith(facts);
    const rep = discoverSplits(db, { period: PERIOD });
    expect(rep.paths).toEqual(expect.arrayContaining(['args.amount', 'args.items']));
    expect(rep.rows).toBe(632);
    expect(rep.splits).toHaveLength(1);
    const s = rep.splits[0]!;
    expect(s).toMatchObject({ actionClass: 'refund.issue', control: 'approval', kind: 'relax', path: 'args.amount', threshold: 80 });
    expect(s.under).toMatchObject({ decided: 312, changed: 0, reported: 312, failed: 0, changeCi: wilsonInterval(0, 312) });
    expect(s.over).toMatchObject({ decided: 320, changed: 46, changeCi: wilsonInterval(46, 320) });
    expect(s.over).toMatchObject({ min: 81, max: 400 });
    expect(s.under).toMatchObject({ min: 1, max: 80 });
    expect(s.evidence[0]).toContain('At or under 80 (args.amount): 0 of 312 changed (0.0%; 95% interval 0.0%–1.2%)');
    expect(s.evidence[1]).toContain('Over 80: 46 of 320 changed (14.4%; 95% interval 11.0%–18.6%)');
    expect(s.headline).toContain('relax at or under 80');
    db.close();
  });

  it('finds no split in noise: the same change rate at every amount, twenty seeds, at 3% and at 14%', () => {
    for (const rate of [0.03, 0.14])
      for (let seed = 1; seed <= 20; seed++) {
        const r = rng(seed * 31 + Math.round(rate * 100));
        const facts = Array.from({ length: 700 }, (_, i) => decision(i, 'refund.issue', 'approval', { amount: Math.floor(r() * 500) }, r() < rate));
        const db = dbWith(facts);
        expect(discoverSplits(db, { period: PERIOD }).splits, `rate ${rate} seed ${seed}`).toEqual([]);
        db.close();
      }
  });

  it('proposes approval over the threshold for a review lane whose large actions are corrected', () => {
    const facts: Fact[] = [];
    for (let i = 0; i < 200; i++) facts.push(decision(i, 'email.send', 'review', { recipients: 1 + (i % 10) }, false));
    for (let i = 0; i < 120; i++) facts.push(decision(500 + i, 'email.send', 'review', { recipients: 11 + (i % 90) }, i % 4 === 0));
    const db = dbWith(facts);
    const [s] = discoverSplits(db, { period: PERIOD }).splits;
    expect(s).toMatchObject({ kind: 'tighten', path: 'args.recipients', threshold: 10, under: { decided: 200, changed: 0 }, over: { decided: 120, changed: 30 } });
    expect(s!.headline).toContain('require approval over 10');
    db.close();
  });

  it('does not relax a side whose released work fails, and counts rows without the number at or under the threshold', () => {
    const unsafe: Fact[] = [];
    for (let i = 0; i < 200; i++) unsafe.push(decision(i, 'refund.issue', 'approval', { amount: i % 80 }, false, i % 10 === 0 ? 'failed' : 'executed'));
    for (let i = 0; i < 200; i++) unsafe.push(decision(500 + i, 'refund.issue', 'approval', { amount: 100 + i }, i % 3 === 0));
    const db1 = dbWith(unsafe);
    expect(discoverSplits(db1, { period: PERIOD }).splits).toEqual([]);
    db1.close();

    const missing: Fact[] = [];
    for (let i = 0; i < 200; i++) missing.push(decision(i, 'refund.issue', 'approval', { amount: String(i % 50) }, false));
    for (let i = 0; i < 20; i++) missing.push(decision(300 + i, 'refund.issue', 'approval', { amount: null }, false));
    for (let i = 0; i < 200; i++) missing.push(decision(500 + i, 'refund.issue', 'approval', { amount: 100 + i }, i % 3 === 0));
    const db2 = dbWith(missing);
    const [s] = discoverSplits(db2, { period: PERIOD }).splits;
    expect(s).toMatchObject({ threshold: 50, under: { decided: 220, changed: 0 }, over: { decided: 200 } });
    expect(s!.evidence[0]).toContain('including 20 without a number there');
    db2.close();
  });

  it('reads a split point the way a person would write it', () => {
    expect(niceBetween(79, 81)).toBe(80);
    expect(niceBetween(80, 81)).toBe(80);
    expect(niceBetween(80.2, 80.9)).toBe(80.5);
    expect(niceBetween(1234, 1300)).toBe(1250);
    expect(niceBetween(-12, -3)).toBe(-10);
    expect(niceBetween(0.013, 0.02)).toBe(0.015);
  });
});
