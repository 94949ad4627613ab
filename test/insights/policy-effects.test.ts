// Proof after a policy change: seeded facts around a change give the known before/after figures by the policy version
// each request was classified under (requests from before versioning counted apart), two changes close together do
// not share requests, and the tighten-back flag fires on a real failure rise after a relax but not on noise (a few
// extra failures within the interval), nor after a change that did not release anything.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FACT_COLUMNS, type FactRow } from '../../src/insights/partials.js';
import { policyEffects, type ClassChangeAt, type VersionedFacts } from '../../src/insights/policy-effects.js';
import { Thresholds } from '../../src/shared/insights/schemas.js';
import { createFactsDb, HOUR, insertFacts, tempDir, type Fact } from './fixtures.js';

const DAY = 86_400_000;
const CHANGE = Date.UTC(2026, 8, 15, 12); // 2026-09-15 noon
const t = Thresholds.parse({});
const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** `n` requests a day for `days` days starting at `fromDay` (day offsets from the change day), each shaped by `f`. */
function* facts(cls: string, fromDay: number, days: number, n: number, f: (i: number) => Partial<Fact>): Generator<Fact> {
  let i = 0;
  for (let d = fromDay; d < fromDay + days; d++)
    for (let k = 0; k < n; k++, i++) {
      const created = CHANGE - 12 * HOUR + d * DAY + k * 60_000;
      yield {
        request_id: `${cls}-${d}-${k}`,
        action_class: cls,
        control: 'approval',
        status: 'approved',
        created_at_ms: created,
        decided_at_ms: created + HOUR,
        verdict: 'approve',
        changed: 0,
        outcome_status: 'executed',
        ...f(i),
      };
    }
}

/** The hub's policy version per request: 1 before the change, 2 after, null for the ones marked as before versioning. */
const versionOf = new Map<string, number | null>();
const classified = (f: Fact): Fact => (versionOf.set(f.request_id, f.created_at_ms < CHANGE ? 1 : 2), f);

function reader(db: ReturnType<typeof createFactsDb>): VersionedFacts {
  const stmt = db.prepare(`SELECT request_id, ${FACT_COLUMNS} FROM insight_facts WHERE action_class = ? AND created_at_ms >= ? AND created_at_ms < ?`).raw(true);
  return function* (_source, cls, from, to) {
    for (const [id, ...row] of stmt.all(cls, from, to) as Array<[string, ...FactRow]>) yield { row: row, policyVersion: versionOf.get(id) ?? null };
  };
}

const change = (actionClass: string, version = 2, at = CHANGE): ClassChangeAt => ({
  sourceId: 's',
  sourceName: 'Hub',
  version,
  at: new Date(at).toISOString(),
  author: 'pat',
  rationale: 'why',
  actionClass,
  kind: 'changed',
});

describe('policy effects', () => {
  const db = createFactsDb(join(tmp.dir, 'facts.sqlite'));
  const insert = (fs: Iterable<Fact>) => insertFacts(db, [...fs].map(classified));
  // refund.issue: 10 a day in approval before (1 in 50 changed, 1 in 100 failed); released to review after, where 1 in 10 fail.
  insert(
    facts('refund.issue', -30, 30, 10, (i) => ({
      changed: i % 50 === 0 ? 1 : 0,
      verdict: i % 50 === 0 ? 'approve_with_edits' : 'approve',
      outcome_status: i % 100 === 0 ? 'failed' : 'executed',
    })),
  );
  insert(
    facts('refund.issue', 1, 30, 10, (i) => ({
      control: 'review',
      status: 'released',
      verdict: null,
      changed: null,
      decided_at_ms: null,
      outcome_status: i % 10 === 0 ? 'rolled_back' : 'executed',
    })),
  );
  // email.send: released after too, failures 1 in 100 before and 1.5 in 100 after: noise.
  insert(facts('email.send', -30, 30, 10, (i) => ({ outcome_status: i % 100 === 0 ? 'failed' : 'executed' })));
  insert(
    facts('email.send', 1, 30, 10, (i) => ({
      control: 'review',
      status: 'released',
      verdict: null,
      changed: null,
      decided_at_ms: null,
      outcome_status: i % 66 === 0 ? 'failed' : 'executed',
    })),
  );
  // crm.update: stays in approval, failures rise: not a relax, so no flag (the approval lane's own figures say keep).
  insert(facts('crm.update', -30, 30, 10, () => ({})));
  insert(facts('crm.update', 1, 30, 10, (i) => ({ outcome_status: i % 5 === 0 ? 'failed' : 'executed' })));
  // Requests synced from before versioning began (no policy version): on neither side, counted apart.
  insertFacts(
    db,
    [...facts('refund.issue', 0, 1, 50, () => ({ outcome_status: 'failed' }))].map((f) => (versionOf.set(f.request_id, null), f)),
  );
  const [refund, email, crm] = policyEffects(reader(db), [change('refund.issue'), change('email.send'), change('crm.update')], { windowDays: 30, thresholds: t });

  it('gives the class figures before and after by the version that classified each request', () => {
    expect(refund!.before).toMatchObject({
      period: { from: '2026-08-16', to: '2026-09-15' },
      versions: { from: 1, to: 1 },
      volume: 300,
      decided: 300,
      changed: 6,
      reported: 300,
      failedOrRolledBack: 3,
    });
    expect(refund!.beforeVersioning).toBe(50);
    expect(refund!.before.byLane).toEqual([{ control: 'approval', volume: 300 }]);
    expect(refund!.before.changeRate).toBeCloseTo(0.02, 5);
    expect(refund!.before.waitMedianMs).toBe(HOUR);
    expect(refund!.before.heldHours).toBeCloseTo(300, 5);
    expect(refund!.after).toMatchObject({
      period: { from: '2026-09-15', to: '2026-10-15' },
      versions: { from: 2, to: null },
      volume: 300,
      decided: 0,
      reported: 300,
      failedOrRolledBack: 30,
      heldHours: 0,
    });
    expect(refund!.after.byLane).toEqual([{ control: 'review', volume: 300 }]);
    expect(refund!.relaxed).toBe(true);
  });

  it('keeps two changes to one class apart: each side holds only its own versions', () => {
    // Version 3 changes refund.issue again ten days after version 2: its "before" is version 2's requests only.
    const later = CHANGE + 10 * DAY;
    for (const [id, v] of versionOf) if (v === 2 && id.startsWith('refund.issue-') && Number(id.split('-')[1]) >= 10) versionOf.set(id, 3);
    const [v2, v3] = policyEffects(reader(db), [change('refund.issue'), change('refund.issue', 3, later)], { windowDays: 30, thresholds: t });
    expect(v2!.after).toMatchObject({ versions: { from: 2, to: 2 } });
    expect(v3!.before).toMatchObject({ versions: { from: 2, to: 2 } });
    expect(v3!.after).toMatchObject({ versions: { from: 3, to: null } });
    expect(v2!.after.volume + v3!.after.volume).toBe(300);
    expect(v3!.before.volume).toBe(v2!.after.volume);
    for (const [id, v] of versionOf) if (v === 3) versionOf.set(id, 2);
  });

  it('flags "tighten back?" on a failure rise beyond the interval, not on noise, not without a relax', () => {
    expect(refund!.tightenBack).not.toBeNull();
    expect(refund!.tightenBack!.join(' ')).toContain('10.0% of released actions failed or were rolled back (30 of 300');
    expect(email!.relaxed).toBe(true);
    expect(email!.tightenBack).toBeNull();
    expect(crm!.relaxed).toBe(false);
    expect(crm!.tightenBack).toBeNull();
  });
});
