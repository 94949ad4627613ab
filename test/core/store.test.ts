// The store on a real SQLite file: lanes, urgency order, full-text search, facets, decisions, migrations, hostile text.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/core/store/store.js';
import { migrate } from '../../src/core/store/db.js';
import { MIGRATIONS } from '../../src/core/store/migrations/index.js';
import { seedSyntheticItems } from '../../src/core/seed.js';
import { INSIGHT_FACT_COLUMNS } from '../../src/insights/fact-columns.js';
import { pulled, request } from './fixtures.js';

let dir: string;
let store: Store;
const SRC = 'hub-1';

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cs-store-'));
  store = new Store(join(dir, 'console.sqlite'));
  store.addSource({ id: SRC, kind: 'hub', name: 'Team hub', url: 'http://127.0.0.1:1/', watch: [], embedded: false, synthetic: false, createdAt: new Date().toISOString() });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const decision = (id: string, requestId: string) => ({
  id,
  requestId,
  verdict: 'approve' as const,
  editedAction: null,
  feedback: '',
  decidedBy: 'ada',
  decidedAt: '2026-11-25T09:00:00.000Z',
  changed: false,
  patch: [],
});

describe('lanes', () => {
  it('puts each request in the lane the rule says', () => {
    const sampled = { factor: null, kind: 'sampled' as const, detail: 'Sampled' };
    store.ingest(
      SRC,
      [
        pulled(request({ id: 'appr' })),
        pulled(request({ id: 'esc', control: 'escalation' })),
        pulled(request({ id: 'rev', control: 'review', status: 'released' })),
        pulled(request({ id: 'aud', control: 'audit', status: 'released', reasons: [sampled] })),
        pulled(request({ id: 'aud-unsampled', control: 'audit', status: 'released', reasons: [] })),
        pulled(request({ id: 'done', status: 'approved', decision: decision('d-00000001', 'done') })),
        pulled(request({ id: 'exp', status: 'expired' })),
        pulled(request({ id: 'rev-decided', control: 'review', status: 'released', decision: decision('d-00000002', 'rev-decided') })),
      ],
      '8',
    );
    const lane = (l: string) =>
      store
        .list({ lane: l as never })
        .items.map((i) => i.id.split(':')[1])
        .sort();
    expect(lane('approvals')).toEqual(['appr']);
    expect(lane('escalations')).toEqual(['esc']);
    expect(lane('reviews')).toEqual(['rev']);
    expect(lane('audit')).toEqual(['aud']);
    expect(lane('decided')).toEqual(['done', 'exp', 'rev-decided']);
    expect(store.counts()).toEqual({ approvals: 1, reviews: 1, audit: 1, escalations: 1, decided: 3, waiting: 2, outbox: 0 });
    expect(store.getCursor(SRC)).toBe('8');
  });

  it('moves an item to Decided when decided locally, and the outbox holds it', () => {
    store.ingest(SRC, [pulled(request({ id: 'a' }))], '1');
    store.recordDecision(`${SRC}:a`, SRC, decision('dec-00000001', 'a'));
    expect(store.getItem(`${SRC}:a`)!.lane).toBe('decided');
    expect(store.getItem(`${SRC}:a`)!.localDecision).toMatchObject({ syncState: 'local', decision: { id: 'dec-00000001' } });
    expect(store.outbox(SRC, 10).map((o) => o.externalId)).toEqual(['a']);
    // A later snapshot from the source (still pending) does not pull it back into Approvals.
    store.ingest(SRC, [pulled(request({ id: 'a', version: 2 }))], '2');
    expect(store.getItem(`${SRC}:a`)!.lane).toBe('decided');
    store.applyPushResults([
      { decisionId: 'dec-00000001', status: 'accepted', request: request({ id: 'a', version: 3, status: 'approved', decision: decision('dec-00000001', 'a') }) },
    ]);
    expect(store.outboxCount()).toBe(0);
    expect(store.getItem(`${SRC}:a`)!.localDecision!.syncState).toBe('synced');
    expect(store.getItem(`${SRC}:a`)!.request.status).toBe('approved');
  });

  it('never lets an older snapshot overwrite a newer one', () => {
    store.ingest(SRC, [pulled(request({ id: 'a', version: 5, summary: 'new' }))], '1');
    const r = store.ingest(SRC, [pulled(request({ id: 'a', version: 4, summary: 'old' }))], '2');
    expect(r.skipped).toBe(1);
    expect(store.getItem(`${SRC}:a`)!.request.summary).toBe('new');
  });
});

describe('urgency order', () => {
  it('sorts by expiry (nulls last), then risk desc, then age', () => {
    store.ingest(
      SRC,
      [
        pulled(request({ id: 'no-expiry-high-risk', risk: 5 })),
        pulled(request({ id: 'late', expiresAt: '2026-11-27T00:00:00.000Z' })),
        pulled(request({ id: 'soon-low', expiresAt: '2026-11-26T00:00:00.000Z', risk: 2 })),
        pulled(request({ id: 'soon-high', expiresAt: '2026-11-26T00:00:00.000Z', risk: 4 })),
        pulled(request({ id: 'no-expiry-old', risk: 2, createdAt: '2026-11-20T00:00:00.000Z' })),
        pulled(request({ id: 'no-expiry-new', risk: 2, createdAt: '2026-11-25T10:00:00.000Z' })),
      ],
      '6',
    );
    expect(store.list({ lane: 'approvals' }).items.map((i) => i.id.split(':')[1])).toEqual([
      'soon-high',
      'soon-low',
      'late',
      'no-expiry-high-risk',
      'no-expiry-old',
      'no-expiry-new',
    ]);
  });

  it('pages with offset/limit and reports the total', () => {
    store.ingest(
      SRC,
      Array.from({ length: 25 }, (_, i) => pulled(request({ id: `r${i}`, createdAt: new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString() }))),
      '25',
    );
    const p1 = store.list({ lane: 'approvals', limit: 10, offset: 0 });
    const p3 = store.list({ lane: 'approvals', limit: 10, offset: 20 });
    expect(p1.total).toBe(25);
    expect(p1.items.map((i) => i.id.split(':')[1])).toEqual(Array.from({ length: 10 }, (_, i) => `r${i}`));
    expect(p3.items.map((i) => i.id.split(':')[1])).toEqual(['r20', 'r21', 'r22', 'r23', 'r24']);
  });
});

describe('search and facets', () => {
  it('finds by summary, action and evidence words, with prefixes, and treats FTS syntax as text', () => {
    store.ingest(
      SRC,
      [
        pulled(request({ id: 'a', summary: 'Refund Ada for the broken kettle' })),
        pulled(request({ id: 'b', summary: 'Email Grace', action: { name: 'email.send', args: { body: 'Your invoice number 7781 is attached' } } })),
        pulled(request({ id: 'c', summary: 'Route ticket', evidence: [{ title: 'Chat log', text: 'the customer mentioned a warranty' }] })),
      ],
      '3',
    );
    const ids = (s: string) => store.list({ lane: 'approvals', search: s }).items.map((i) => i.id.split(':')[1]);
    expect(ids('kettle')).toEqual(['a']);
    expect(ids('kett')).toEqual(['a']);
    expect(ids('invoice 7781')).toEqual(['b']);
    expect(ids('warranty')).toEqual(['c']);
    expect(ids('email.send')).toEqual(['b']);
    expect(ids('"unbalanced AND OR NOT (')).toEqual([]);
    expect(ids('***')).toEqual([]);
    // Filters combine with search.
    expect(store.list({ lane: 'approvals', search: 'refund', actionClass: 'email.send' }).items).toEqual([]);
  });

  it('lists the facets', () => {
    store.ingest(SRC, [pulled(request({ id: 'a' })), pulled(request({ id: 'b', actionClass: 'email.send', agent: { id: 'mailer', name: 'Mailer', runUrl: null } }))], '2');
    expect(store.facets()).toEqual({ sources: [{ id: SRC, name: 'Team hub' }], actionClasses: ['email.send', 'refund.issue'], agents: ['Mailer', 'support-bot'] });
  });

  // The answers at scale; how fast the same queries run at 100,000 items is measured in bench/console.bench.ts.
  it('searches 20,000 items: a word with thousands of hits, two words with none', () => {
    seedSyntheticItems(store, 20_000);
    expect(store.counts().approvals).toBeGreaterThan(10_000);
    const r = store.list({ lane: 'approvals', search: 'Lovelace kettle' });
    const r2 = store.list({ lane: 'approvals', search: 'Lovelace', limit: 50 });
    expect(r.total).toBe(0);
    expect(r2.total).toBeGreaterThan(1000);
    expect(r2.items).toHaveLength(50);
    expect(r2.items.every((i) => i.summary.includes('Lovelace'))).toBe(true);
  });
});

describe('hostile text and schema', () => {
  it('stores hostile strings byte-exact', () => {
    const nasty = '<script>alert(1)</script><img src=x onerror=alert(2)>\u202Egnp.exe\u200B\u0000\u0007' + 'x'.repeat(200_000) + '🧨';
    store.ingest(SRC, [pulled(request({ id: 'h', summary: nasty, action: { name: 'email.send', args: { body: nasty, [nasty.slice(0, 50)]: nasty } } }))], '1');
    const item = store.getItem(`${SRC}:h`)!;
    expect(item.request.summary).toBe(nasty);
    expect(item.request.action.args.body).toBe(nasty);
    expect(store.list({ lane: 'approvals' }).items[0]?.hasHiddenChars).toBe(true);
  });

  it('flags hidden characters in the agent, the class and the source, not only the action (#14 item 3)', () => {
    const clean = { name: 'refund.issue', args: { amount: 1 } };
    store.ingest(
      SRC,
      [
        pulled(request({ id: 'agent', action: clean, agent: { id: 'bot', name: 'Agent \u202Eevil', runUrl: null } })),
        pulled(request({ id: 'class', action: clean, actionClass: 'refund.issu\u0435' })),
        pulled(request({ id: 'source', action: clean, source: 'hub\u200B' })),
        pulled(request({ id: 'plain', action: clean })),
      ],
      '1',
    );
    const flags = Object.fromEntries(store.list({ lane: 'approvals' }).items.map((i) => [i.id.slice(SRC.length + 1), i.hasHiddenChars]));
    expect(flags).toEqual({ agent: true, class: true, source: true, plain: false });
  });

  it('migrations are idempotent and the insight_facts view has exactly the agreed columns', () => {
    expect(migrate(store.db)).toBe(0);
    expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    const reopened = new Store(join(dir, 'console.sqlite'));
    expect(migrate(reopened.db)).toBe(0);
    reopened.close();
    const cols = store.db.prepare(`SELECT name FROM pragma_table_info('insight_facts')`).pluck().all();
    expect(cols).toEqual(INSIGHT_FACT_COLUMNS);
    store.ingest(
      SRC,
      [
        pulled(request({ id: 'a' })),
        pulled(request({ id: 'b', status: 'approved', decision: { ...decision('d-0000000b', 'b'), changed: true, verdict: 'approve_with_edits' } })),
        pulled(request({ id: 'c' })),
      ],
      '3',
    );
    store.recordDecision(`${SRC}:a`, SRC, { ...decision('d-0000000a', 'a'), verdict: 'reject', feedback: 'no' });
    const facts = store.db.prepare(`SELECT * FROM insight_facts ORDER BY request_id`).all() as Array<Record<string, unknown>>;
    expect(facts.map((f) => [f.request_id, f.verdict, f.changed, f.decided_by])).toEqual([
      ['a', 'reject', 0, 'ada'],
      ['b', 'approve_with_edits', 1, 'ada'],
      ['c', null, null, null],
    ]);
    expect(facts[0]?.sampled).toBe(0);
    expect(typeof facts[0]?.created_at_ms).toBe('number');
    expect(JSON.parse(String(facts[1]?.decision_json)).id).toBe('d-0000000b');
  });
});
