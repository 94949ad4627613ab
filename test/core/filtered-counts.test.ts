// Lane counts under the list's filters, and an item's place in a filtered list, on a real SQLite file: the lanes say
// what the list under the same filters holds, and a cleared search can put the selection back where the item is.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { QueueFilter, View } from '../../src/shared/contract.js';
import { Store } from '../../src/core/store/store.js';
import { pulled, request } from './fixtures.js';

let dir: string;
let store: Store;
const SRC = 'hub-1';
const VIEWS: View[] = ['waiting', 'approvals', 'reviews', 'audit', 'escalations', 'decided'];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cs-counts-'));
  store = new Store(join(dir, 'console.sqlite'));
  store.addSource({ id: SRC, kind: 'hub', name: 'Team hub', url: 'http://127.0.0.1:1/', watch: [], embedded: false, synthetic: false, createdAt: new Date().toISOString() });
  const items = [];
  for (let i = 0; i < 30; i++) {
    const kind = i % 3 === 0 ? { control: 'review' as const, status: 'released' as const } : {};
    items.push(
      pulled(
        request({
          id: `r${i}`,
          actionClass: i % 2 ? 'refund.issue' : 'email.send',
          summary: i % 5 === 0 ? `Plum case ${i}` : `Ordinary ${i}`,
          agent: { id: i % 4 ? 'bot-a' : 'bot-b', name: i % 4 ? 'Bot A' : 'Bot B', runUrl: null },
          ...kind,
        }),
      ),
    );
  }
  store.ingest(SRC, items, '1');
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

it('each lane count under a filter is the length of that lane’s list under it', () => {
  const filters: QueueFilter[] = [{}, { actionClass: 'refund.issue' }, { agent: 'Bot B' }, { search: 'plum' }, { actionClass: 'email.send', search: 'plum' }, { search: '"' }];
  for (const f of filters) {
    const counts = store.counts(f);
    for (const lane of VIEWS) expect(counts[lane], `${lane} under ${JSON.stringify(f)}`).toBe(store.list({ lane, ...f, limit: 1000 }).total);
  }
  expect(store.counts({ search: 'plum' }).approvals).toBeGreaterThan(0);
  expect(store.counts({ search: 'plum' }).approvals).toBeLessThan(store.counts().approvals);
});

it('position is the index the item has in the list, or null when the list does not hold it', () => {
  for (const q of [{ lane: 'approvals' as const }, { lane: 'reviews' as const, actionClass: 'email.send' }, { lane: 'approvals' as const, search: 'ordinary' }]) {
    const ids = store.list({ ...q, limit: 1000 }).items.map((i) => i.id);
    expect(ids.length).toBeGreaterThan(2);
    ids.forEach((id, n) => expect(store.position(q, id)).toBe(n));
  }
  expect(store.position({ lane: 'approvals', search: 'plum' }, `${SRC}:r1`)).toBeNull();
  expect(store.position({ lane: 'reviews' }, `${SRC}:r1`)).toBeNull();
});
