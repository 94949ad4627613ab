// One hand-built month with known answers for every figure and recommendation (see figures.test.ts for the arithmetic).
import { HOUR, MIN, T0, type Fact } from './fixtures.js';

export const PERIOD = { from: '2026-10-01', to: '2026-10-31' };

export function seededMonth(): Fact[] {
  const f: Fact[] = [];
  let id = 0;
  const at = (i: number) => T0 + i * HOUR; // spread over the first days of October
  // refund.issue / approval: 40 decisions (36 unchanged, 2 edited, 2 rejected), waits 1..40 min;
  // 2 expired after 24 h; of the 38 approved, 30 report outcomes: 29 executed, 1 failed. -> keep (change rate 10%)
  for (let i = 1; i <= 40; i++) {
    const verdict = i <= 36 ? 'approve' : i <= 38 ? 'approve_with_edits' : 'reject';
    const created = at(i);
    f.push({
      request_id: `refund-${++id}`,
      action_class: 'refund.issue',
      control: 'approval',
      status: verdict === 'reject' ? 'rejected' : 'approved',
      created_at_ms: created,
      decided_at_ms: created + i * MIN,
      verdict,
      changed: verdict === 'approve' ? 0 : 1,
      decided_by: i % 2 ? 'alice' : 'bob',
      outcome_status: i <= 29 ? 'executed' : i === 30 ? 'failed' : null,
      action_json: JSON.stringify({ name: 'refund.issue', args: { amount: i * 10 } }),
    });
  }
  for (let i = 0; i < 2; i++)
    f.push({ request_id: `refund-x${i}`, action_class: 'refund.issue', control: 'approval', status: 'expired', created_at_ms: at(50 + i), decided_at_ms: at(50 + i) + 24 * HOUR });
  // a pending and a withdrawn one: volume, not decisions
  f.push({ request_id: 'refund-p', action_class: 'refund.issue', control: 'approval', status: 'pending', created_at_ms: at(60) });
  f.push({ request_id: 'refund-w', action_class: 'refund.issue', control: 'approval', status: 'withdrawn', created_at_ms: at(61) });
  // outside the period: must not count
  f.push({
    request_id: 'refund-nov',
    action_class: 'refund.issue',
    control: 'approval',
    status: 'rejected',
    created_at_ms: Date.UTC(2026, 10, 1),
    decided_at_ms: Date.UTC(2026, 10, 1) + MIN,
    verdict: 'reject',
    changed: 1,
    decided_by: 'alice',
  });
  f.push({
    request_id: 'refund-sep',
    action_class: 'refund.issue',
    control: 'approval',
    status: 'rejected',
    created_at_ms: T0 - 1,
    decided_at_ms: T0 + MIN,
    verdict: 'reject',
    changed: 1,
    decided_by: 'alice',
  });

  // email.send / approval: 100 approved unchanged in 5 min each, all executed -> relax (0/100, upper 3.7%)
  for (let i = 0; i < 100; i++) {
    f.push({
      request_id: `email-${i}`,
      action_class: 'email.send',
      control: 'approval',
      status: 'approved',
      created_at_ms: at(i),
      decided_at_ms: at(i) + 5 * MIN,
      verdict: 'approve',
      changed: 0,
      decided_by: 'carol',
      outcome_status: 'executed',
    });
  }
  // crm.update / review: 50 reviewed, 20 edited or rejected -> tighten (lower bound 27.6%)
  for (let i = 0; i < 50; i++) {
    const verdict = i < 10 ? 'approve_with_edits' : i < 20 ? 'reject' : 'approve';
    f.push({
      request_id: `crm-${i}`,
      action_class: 'crm.update',
      control: 'review',
      status: 'released',
      created_at_ms: at(i),
      decided_at_ms: at(i) + 2 * HOUR,
      verdict,
      changed: verdict === 'approve' ? 0 : 1,
      decided_by: 'dave',
      outcome_status: 'executed',
    });
  }
  // summary.draft / audit: 200 released, 10 sampled and looked at (none changed) -> not enough data (needs 20 more)
  for (let i = 0; i < 200; i++) {
    const sampled = i < 10;
    f.push({
      request_id: `sum-${i}`,
      action_class: 'summary.draft',
      control: 'audit',
      sampled: sampled ? 1 : 0,
      status: 'released',
      created_at_ms: at(i % 100),
      decided_at_ms: sampled ? at(i % 100) + HOUR : null,
      verdict: sampled ? 'approve' : null,
      changed: sampled ? 0 : null,
      decided_by: sampled ? 'erin' : null,
      outcome_status: i < 150 ? 'executed' : i < 153 ? 'rolled_back' : null,
    });
  }
  // kb.publish / approval: 80 unchanged (upper bound 4.6%) but only 10 outcomes reported -> not enough data (needs 20 more outcomes)
  for (let i = 0; i < 80; i++) {
    f.push({
      request_id: `kb-${i}`,
      action_class: 'kb.publish',
      control: 'approval',
      status: 'approved',
      created_at_ms: at(i % 50),
      decided_at_ms: at(i % 50) + MIN,
      verdict: 'approve',
      changed: 0,
      decided_by: 'alice',
      outcome_status: i < 10 ? 'executed' : null,
    });
  }
  // same class, escalation lane: 3 escalations handed to a person
  for (let i = 0; i < 3; i++) {
    f.push({
      request_id: `kb-e${i}`,
      action_class: 'kb.publish',
      control: 'escalation',
      status: 'escalated',
      created_at_ms: at(i),
      decided_at_ms: at(i) + 30 * MIN,
      verdict: 'escalate',
      decided_by: 'owner',
    });
  }
  return f;
}
