// "Tighten back?" reaches the class owner: over seeded facts in a real SQLite file, a relaxed class whose released work
// starts failing beyond the interval raises one notification with the evidence for its owner; a relaxed class with a
// rise inside the noise raises none; someone who does not own the class gets none; it is raised once, and not when
// notifications are off.
import { afterAll, expect, it } from 'vitest';
import { ownsClass, tightenBackNotifications } from '../../src/core/notify/tighten-back.js';
import { FACT_COLUMNS, type FactRow } from '../../src/insights/partials.js';
import { policyEffects, type VersionedFacts } from '../../src/insights/policy-effects.js';
import type { SourceIdentity } from '../../src/shared/contract.js';
import { Thresholds } from '../../src/shared/insights/schemas.js';
import { createFactsDb, HOUR, insertFacts, tempDir, type Fact } from '../insights/fixtures.js';

const DAY = 86_400_000;
const CHANGE = Date.UTC(2026, 8, 15, 12);
const tmp = tempDir('cs-tighten-back-');
afterAll(() => tmp.cleanup());

function* days(cls: string, from: number, count: number, f: (i: number) => Partial<Fact>): Generator<Fact> {
  let i = 0;
  for (let d = from; d < from + count; d++)
    for (let k = 0; k < 10; k++, i++) {
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
const released = { control: 'review', status: 'released', verdict: null, changed: null, decided_at_ms: null } as const;

it('notifies the owner of a relaxed class whose failures rose beyond the interval, once, and nobody for noise', () => {
  const db = createFactsDb(`${tmp.dir}/facts.db`);
  insertFacts(
    db,
    days('refund.issue', -30, 30, (i) => ({ outcome_status: i % 100 === 0 ? 'failed' : 'executed' })),
  );
  insertFacts(
    db,
    days('refund.issue', 1, 30, (i) => ({ ...released, outcome_status: i % 10 === 0 ? 'rolled_back' : 'executed' })),
  );
  insertFacts(
    db,
    days('email.send', -30, 30, (i) => ({ outcome_status: i % 100 === 0 ? 'failed' : 'executed' })),
  );
  insertFacts(
    db,
    days('email.send', 1, 30, (i) => ({ ...released, outcome_status: i % 66 === 0 ? 'failed' : 'executed' })),
  );
  const stmt = db.prepare(`SELECT ${FACT_COLUMNS} FROM insight_facts WHERE action_class = ? AND created_at_ms >= ? AND created_at_ms < ?`).raw(true);
  const facts: VersionedFacts = function* (_s, cls, from, to) {
    for (const row of stmt.all(cls, from, to) as FactRow[]) yield { row, policyVersion: row[8] < CHANGE ? 1 : 2 };
  };
  const change = (actionClass: string) => ({
    sourceId: 'hub',
    sourceName: 'Team hub',
    version: 2,
    at: new Date(CHANGE).toISOString(),
    author: 'pat',
    rationale: 'relax',
    actionClass,
    kind: 'changed' as const,
  });
  const effects = policyEffects(facts, [change('refund.issue'), change('email.send')], { windowDays: 30, thresholds: Thresholds.parse({}) });
  expect(effects.map((e) => [e.actionClass, e.relaxed, !!e.tightenBack])).toEqual([
    ['refund.issue', true, true],
    ['email.send', true, false],
  ]);

  const me: SourceIdentity = { id: 'u1', handle: 'dana', displayName: 'Dana', groups: ['finance'], role: 'approver', expiresAt: null, checkedAt: '' };
  const owners = { 'refund.issue': { owner: 'Finance', ownerGroup: null }, 'email.send': { owner: '', ownerGroup: 'finance' } };
  const mine = (e: { actionClass: string }) => ownsClass(me, owners[e.actionClass as keyof typeof owners]);
  const on = { enabled: true, digestThreshold: 5, quietHours: { enabled: false, start: '22:00', end: '07:00' } };

  const first = tightenBackNotifications(effects, mine, new Set(), on);
  expect(first.raised).toEqual(['hub/2/refund.issue']);
  expect(first.notifications).toHaveLength(1);
  expect(first.notifications[0]!.title).toBe('Tighten back? refund.issue');
  expect(first.notifications[0]!.body).toContain('Since policy version 2 (Team hub): After the change 10.0% of released actions failed or were rolled back (30 of 300');

  expect(tightenBackNotifications(effects, mine, new Set(first.raised), on).notifications).toEqual([]); // once
  expect(tightenBackNotifications(effects, () => false, new Set(), on).notifications).toEqual([]); // not the owner
  expect(tightenBackNotifications(effects, mine, new Set(), { ...on, enabled: false }).notifications).toEqual([]);
  expect(ownsClass({ ...me, groups: ['support'] }, owners['refund.issue'])).toBe(false);
  expect(ownsClass({ ...me, handle: 'finance', groups: [] }, owners['refund.issue'])).toBe(true);
  expect(ownsClass(null, owners['refund.issue'])).toBe(false);
  db.close();
});
