// The decision log of one request: the five things, and the hash chain verified (a tampered entry is flagged).
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionLog, listDecisions, sha256Hex } from '../../src/insights/decisions.js';
import type { LogEntry } from '../../src/shared/domain.js';
import { GENESIS_HASH, hashLogEntry } from '../../src/shared/log-chain.js';
import { createFactsDb, insertFacts, tempDir, T0 } from './fixtures.js';
import { PERIOD, seededMonth } from './seeded.js';

let db: Database.Database;
let tmp: ReturnType<typeof tempDir>;

function chain(requestId: string): LogEntry[] {
  const raw = [
    { event: 'submitted', actor: 'agent-1', data: { action: { name: 'refund.issue', args: { amount: 370 } } } },
    {
      event: 'classified',
      actor: 'hub',
      data: {
        control: 'approval',
        reasons: [
          { factor: 'irreversible', kind: 'factor', detail: 'refund.issue is always: irreversible' },
          { factor: 'named_accountability', kind: 'conditional_factor', detail: 'args.amount gte 100' },
        ],
      },
    },
    { event: 'decided', actor: 'alice', data: { verdict: 'approve_with_edits' } },
    { event: 'outcome', actor: 'agent-1', data: { status: 'executed', detail: 'refund id R-1 <script>alert(1)</script>\u202e' } },
  ] as const;
  let prev = GENESIS_HASH;
  return raw.map((r, i) => {
    const fields = { seq: i + 1, requestId, event: r.event, actor: r.actor, at: new Date(T0 + i * 1000).toISOString(), data: r.data };
    const hash = hashLogEntry(prev, fields, sha256Hex);
    const e = { ...fields, prevHash: prev, hash } as LogEntry;
    prev = hash;
    return e;
  });
}

beforeAll(() => {
  tmp = tempDir();
  db = createFactsDb(`${tmp.dir}/facts.db`);
  const month = seededMonth();
  const edited = month.find((f) => f.request_id === 'refund-37')!;
  edited.decision_json = JSON.stringify({
    id: 'dec-00000037',
    requestId: 'refund-37',
    verdict: 'approve_with_edits',
    editedAction: { name: 'refund.issue', args: { amount: 300 } },
    feedback: 'cap at 300',
    decidedBy: 'alice',
    decidedAt: new Date(edited.decided_at_ms!).toISOString(),
    changed: true,
    patch: [{ op: 'replace', path: '/args/amount', value: 300 }],
  });
  edited.outcome_status = 'executed';
  insertFacts(db, month);
});
afterAll(() => {
  db.close();
  tmp.cleanup();
});

describe('decision log', () => {
  it('holds the five things and verifies an intact chain', () => {
    const entries = chain('refund-37');
    const log = decisionLog(db, 'refund-37', () => ({ entries, head: entries.at(-1)!.hash }))!;
    expect(log.proposed).toEqual({ name: 'refund.issue', args: { amount: 370 } });
    expect(log.why.map((r) => r.factor)).toEqual(['irreversible', 'named_accountability']);
    expect(log.whyText).toContain('Approval');
    expect(log.decision).toMatchObject({ verdict: 'approve_with_edits', decidedBy: 'alice', changed: true, patch: [{ op: 'replace', path: '/args/amount', value: 300 }] });
    expect(log.outcome).toEqual({ status: 'executed', detail: 'refund id R-1 <script>alert(1)</script>\u202e' });
    expect(log.chain).toEqual({ ok: true, checked: 4, brokenAt: null, reason: null });
  });

  it('flags a tampered entry, a removed last entry, and says when a source keeps no chain', () => {
    const entries = chain('refund-37');
    const head = entries.at(-1)!.hash;
    const tampered = entries.map((e) => (e.seq === 3 ? { ...e, data: { verdict: 'approve' } } : e));
    const bad = decisionLog(db, 'refund-37', () => ({ entries: tampered, head }))!;
    expect(bad.chain.ok).toBe(false);
    expect(bad.chain.brokenAt).toBe(3);
    expect(bad.chain.reason).toMatch(/edited/);
    const cut = decisionLog(db, 'refund-37', () => ({ entries: entries.slice(0, 3), head }))!;
    expect(cut.chain).toMatchObject({ ok: false, brokenAt: 4 });
    const none = decisionLog(db, 'refund-37')!;
    expect(none.chain.ok).toBeNull();
    expect(none.decision).toMatchObject({ verdict: 'approve_with_edits' });
    expect(decisionLog(db, 'no-such-request')).toBeNull();
  });

  it('lists exactly the decisions behind a figure', () => {
    const changed = listDecisions(db, { period: PERIOD, actionClass: 'refund.issue', control: 'approval', only: 'changed' });
    expect(changed.total).toBe(4);
    expect(changed.rows.map((r) => r.requestId).sort()).toEqual(['refund-37', 'refund-38', 'refund-39', 'refund-40']);
    const decided = listDecisions(db, { period: PERIOD, actionClass: 'crm.update', only: 'decided', limit: 10 });
    expect(decided.total).toBe(50);
    expect(decided.rows).toHaveLength(10);
    expect(listDecisions(db, { period: PERIOD, only: 'failed' }).total).toBe(1 + 3);
  });
});
