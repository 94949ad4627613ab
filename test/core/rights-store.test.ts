// Decision rights in the console's store and local decide, on a real SQLite file: the identity a hub named per source,
// items I may decide first, read-only items with the groups that decide, "waiting for me", a local decision refused
// by the shared rule before anything is written, and the hub's v2 answers (vote recorded, forbidden, stale) kept on
// the item, never shown as synced, with the item back in its lane.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { decide } from '../../src/core/decide.js';
import { MIGRATIONS } from '../../src/core/store/migrations/index.js';
import { itemRow } from '../../src/core/store/rows.js';
import { migrate } from '../../src/node-shared/sqlite-migrations.js';
import { Store } from '../../src/core/store/store.js';
import type { SourceIdentity } from '../../src/shared/contract.js';
import type { Vote } from '../../src/shared/domain.js';
import { pulled, request } from './fixtures.js';

let dir: string;
let store: Store;
const SRC = 'hub-1';
const ME: SourceIdentity = {
  id: 'u-dana',
  handle: 'dana',
  displayName: 'Dana',
  groups: ['support-leads'],
  role: 'approver',
  expiresAt: null,
  checkedAt: '2026-12-02T10:00:00.000Z',
};
const FINANCE = { deciders: ['finance-leads'], approvals: 1, ownerGroup: null, reviewers: [] };
const TWO = { deciders: ['support-leads'], approvals: 2, ownerGroup: null, reviewers: [] };
const vote = (userId: string, handle: string, actionHash: string, over: Partial<Vote> = {}): Vote => ({
  decisionId: `d-${handle}-0000`,
  userId,
  handle,
  verdict: 'approve',
  at: '2026-12-02T10:00:00.000Z',
  version: 1,
  actionHash,
  editedAction: null,
  ...over,
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cs-rights-'));
  store = new Store(join(dir, 'console.sqlite'));
  store.addSource({ id: SRC, kind: 'hub', name: 'Team hub', url: 'http://127.0.0.1:1/', watch: [], embedded: false, synthetic: false, createdAt: new Date().toISOString() });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const ids = (lane: Parameters<Store['list']>[0]['lane']) => store.list({ lane }).items.map((i) => i.id.split(':')[1]);

function ingestMix() {
  store.ingest(
    SRC,
    [
      // Soonest to expire, but not mine to decide: it still comes after the ones I may decide.
      pulled(request({ id: 'finance', rights: FINANCE, expiresAt: '2030-01-02T11:00:00.000Z', actionHash: 'h1' })),
      pulled(request({ id: 'open', expiresAt: '2030-01-03T11:00:00.000Z', actionHash: 'h2' })),
      pulled(request({ id: 'quorum', rights: TWO, expiresAt: '2030-01-04T11:00:00.000Z', actionHash: 'h3', votes: [vote('u-ada', 'ada', 'h3')] })),
      pulled(request({ id: 'voted', rights: TWO, expiresAt: '2030-01-05T11:00:00.000Z', actionHash: 'h4', votes: [vote('u-dana', 'dana', 'h4')] })),
      pulled(request({ id: 'mine', requestedBy: 'DANA', expiresAt: '2030-01-06T11:00:00.000Z', actionHash: 'h5' })),
    ],
    '5',
  );
}

describe('decision rights in the store', () => {
  it('without a known identity nothing is filtered, as before rights', () => {
    ingestMix();
    expect(ids('approvals')).toEqual(['finance', 'open', 'quorum', 'voted', 'mine']);
    expect(store.counts().waiting).toBe(5);
  });

  it('puts items I may decide first, shows the others read-only with who may decide, and lists what waits for me', () => {
    store.setSourceIdentity(SRC, ME);
    ingestMix();
    expect(ids('approvals')).toEqual(['open', 'quorum', 'voted', 'finance', 'mine']);
    const rows = new Map(store.list({ lane: 'approvals' }).items.map((r) => [r.id.split(':')[1], r]));
    expect(rows.get('finance')).toMatchObject({ mayDecide: false, needs: ['finance-leads'] });
    // The requester (handles compared case-folded) may not decide it whatever their groups.
    expect(rows.get('mine')).toMatchObject({ mayDecide: false, needs: [] });
    expect(rows.get('quorum')).toMatchObject({ mayDecide: true, quorum: { approvals: 1, required: 2, votes: [{ handle: 'ada', mine: false, edited: false }] } });
    expect(rows.get('voted')?.quorum?.votes[0]).toMatchObject({ handle: 'dana', mine: true });
    // Waiting for me: what I may decide and have not approved yet.
    expect(ids('waiting')).toEqual(['open', 'quorum']);
    expect(store.counts().waiting).toBe(2);
    expect(store.identityOf(SRC)).toEqual(ME);
  });

  it('re-derives every open item when the hub names other groups, and keeps the identity across a reopen', () => {
    store.setSourceIdentity(SRC, ME);
    ingestMix();
    store.setSourceIdentity(SRC, { ...ME, groups: ['support-leads', 'finance-leads'] });
    expect(ids('waiting')).toEqual(['finance', 'open', 'quorum']);
    store.close();
    store = new Store(join(dir, 'console.sqlite'));
    expect(store.identityOf(SRC)?.groups).toEqual(['support-leads', 'finance-leads']);
    expect(ids('waiting')).toEqual(['finance', 'open', 'quorum']);
  });

  it('refuses a local decision the rule forbids before writing anything, and names the decision with the hub identity', () => {
    store.setSourceIdentity(SRC, ME);
    ingestMix();
    expect(() => decide(store, { id: `${SRC}:finance`, verdict: 'approve' }, 'typed name')).toThrow(/Only finance-leads may decide this/);
    expect(() => decide(store, { id: `${SRC}:mine`, verdict: 'approve' }, 'typed name')).toThrow(/You submitted this request/);
    expect(() => decide(store, { id: `${SRC}:voted`, verdict: 'approve' }, 'typed name')).toThrow(/already approved/);
    expect(store.getItem(`${SRC}:finance`)?.localDecision).toBeNull();
    expect(store.outboxCount()).toBe(0);
    const d = decide(store, { id: `${SRC}:quorum`, verdict: 'approve' }, 'typed name');
    expect(d.localDecision?.decision).toMatchObject({ decidedBy: 'dana', decidedById: 'u-dana' });
    // The exact proposal the approver saw travels with the decision.
    expect(d.localDecision?.seen).toMatchObject({ version: 1, actionHash: 'h3' });
    expect(store.outbox(SRC, 10)[0]?.binding).toEqual({ version: 1, actionHash: 'h3' });
  });

  it('keeps a recorded vote on the item (not synced) with the item back in Approvals for the others', () => {
    store.setSourceIdentity(SRC, ME);
    ingestMix();
    const d = decide(store, { id: `${SRC}:quorum`, verdict: 'approve' }, 'x').localDecision!.decision;
    expect(ids('approvals')).not.toContain('quorum');
    const after = request({ id: 'quorum', rights: TWO, version: 2, actionHash: 'h3', votes: [vote('u-ada', 'ada', 'h3'), vote('u-dana', 'dana', 'h3', { decisionId: d.id })] });
    store.applyPushResults([{ decisionId: d.id, status: 'vote_recorded', approvals: 2, required: 3, request: after }]);
    const item = store.getItem(`${SRC}:quorum`)!;
    expect(item.localDecision).toMatchObject({ syncState: 'voted', answer: { kind: 'vote', approvals: 2, required: 3 } });
    expect(item.lane).toBe('approvals');
    expect(ids('waiting')).not.toContain('quorum');
    expect(store.outboxCount()).toBe(0);
  });

  it('keeps forbidden and stale answers on the item, and a new decision replaces them', () => {
    store.setSourceIdentity(SRC, ME);
    ingestMix();
    const a = decide(store, { id: `${SRC}:open`, verdict: 'approve' }, 'x').localDecision!.decision;
    store.applyPushResults([
      { decisionId: a.id, status: 'forbidden', reason: 'not a decider', deciders: ['finance-leads'], request: request({ id: 'open', version: 2, rights: FINANCE }) },
    ]);
    const forbidden = store.getItem(`${SRC}:open`)!;
    expect(forbidden.localDecision).toMatchObject({ syncState: 'forbidden', answer: { kind: 'forbidden', deciders: ['finance-leads'] } });
    expect(forbidden.lane).toBe('approvals');
    expect(store.list({ lane: 'approvals' }).items.find((r) => r.id === `${SRC}:open`)).toMatchObject({ mayDecide: false, syncState: 'forbidden' });

    const b = decide(store, { id: `${SRC}:quorum`, verdict: 'approve' }, 'x').localDecision!.decision;
    const edited = { name: 'refund.issue', args: { amount: 60, customer: 'Ada' } };
    const newer = request({ id: 'quorum', version: 3, rights: TWO, actionHash: 'h9', pendingAction: edited, votes: [vote('u-ada', 'ada', 'h9', { editedAction: edited })] });
    store.applyPushResults([{ decisionId: b.id, status: 'stale', reason: 'the action changed', request: newer }]);
    const stale = store.getItem(`${SRC}:quorum`)!;
    expect(stale.localDecision).toMatchObject({ syncState: 'stale', seen: { actionHash: 'h3' } });
    expect(stale.lane).toBe('approvals');
    expect(ids('waiting')).toContain('quorum');
    // Deciding again on the new action replaces the stale decision, bound to the new hash.
    const again = decide(store, { id: `${SRC}:quorum`, verdict: 'approve' }, 'x');
    expect(again.localDecision).toMatchObject({ syncState: 'local', seen: { version: 3, actionHash: 'h9', action: edited } });
  });
});

describe('migration 3 on a file from the previous version', () => {
  it('keeps every item and decision, counts open items as waiting for me, and old decisions push without a binding', () => {
    const file = join(dir, 'v2.sqlite');
    const old = new Database(file);
    migrate(old, MIGRATIONS.slice(0, 2));
    old.prepare(`INSERT INTO sources(id, kind, name, url, created_at) VALUES ('hub-1', 'hub', 'Team hub', 'http://127.0.0.1:1/', '2026-12-01T00:00:00.000Z')`).run();
    const insert = (r: ReturnType<typeof request>) => {
      const { fts_action: _a, fts_evidence: _e, may_decide: _m, waiting_for_me: _w, rights_json: _r, ...cols } = itemRow(SRC, pulled(r), false, '2026-12-01T00:00:00.000Z');
      old
        .prepare(
          `INSERT INTO items (${Object.keys(cols).join(', ')}) VALUES (${Object.keys(cols)
            .map((k) => `@${k}`)
            .join(', ')})`,
        )
        .run(cols);
    };
    insert(request({ id: 'open-1' }));
    insert(request({ id: 'open-2' }));
    insert(request({ id: 'done', status: 'approved' }));
    const decision = {
      id: 'dec-old-0001',
      requestId: 'open-2',
      verdict: 'approve',
      editedAction: null,
      feedback: '',
      decidedBy: 'dana',
      decidedAt: '2026-12-01T00:00:00.000Z',
      changed: false,
      patch: [],
    };
    old
      .prepare(`INSERT INTO decisions(id, item_id, source_id, decision_json, sync_state, created_at_ms) VALUES (?, ?, ?, ?, 'local', 1)`)
      .run(decision.id, `${SRC}:open-2`, SRC, JSON.stringify(decision));
    old.prepare(`UPDATE items SET lane = 'decided' WHERE id = ?`).run(`${SRC}:open-2`);
    old.close();

    const upgraded = new Store(file);
    try {
      expect(upgraded.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      expect(upgraded.list({ lane: 'approvals' }).items.map((i) => [i.id, i.mayDecide, i.needs, i.quorum])).toEqual([[`${SRC}:open-1`, true, [], null]]);
      expect(upgraded.list({ lane: 'waiting' }).items.map((i) => i.id)).toEqual([`${SRC}:open-1`]);
      expect(upgraded.counts()).toMatchObject({ approvals: 1, decided: 2, waiting: 1, outbox: 1 });
      expect(upgraded.outbox(SRC, 10)).toEqual([{ decision, externalId: 'open-2', itemId: `${SRC}:open-2`, binding: null }]);
      expect(upgraded.getItem(`${SRC}:open-2`)?.localDecision).toMatchObject({ syncState: 'local', seen: null, answer: null });
      expect(upgraded.identityOf(SRC)).toBeNull();
    } finally {
      upgraded.close();
    }
  });
});
