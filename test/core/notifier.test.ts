// Which notifications the core raises: one per item, a digest past the threshold, none in quiet hours or when off.
import { describe, expect, it } from 'vitest';
import { inQuietHours, notificationsFor, type NewItem } from '../../src/core/notify/notifier.js';

const base = { enabled: true, quietHours: { enabled: false, start: '22:00', end: '07:00' }, digestThreshold: 3 };
const items = (n: number, lane: NewItem['lane'] = 'approvals'): NewItem[] =>
  Array.from({ length: n }, (_, i) => ({ id: `s:${i}`, lane, summary: `Refund ${i}`, actionClass: 'refund.issue' }));
const at = (h: number, m = 0) => new Date(2026, 10, 25, h, m);

describe('notifications', () => {
  it('raises one per item up to the threshold, each opening its item', () => {
    const out = notificationsFor(items(3), base, at(12));
    expect(out.map((n) => n.itemId)).toEqual(['s:0', 's:1', 's:2']);
    expect(out[0]).toMatchObject({ title: 'Approval needed: refund.issue', body: 'Refund 0' });
    expect(notificationsFor(items(1, 'escalations'), base, at(12))[0]?.title).toBe('Escalated: refund.issue');
  });

  it('sends one digest past the threshold', () => {
    const out = notificationsFor([...items(4), ...items(2, 'escalations')], base, at(12));
    expect(out).toEqual([{ itemId: null, title: '6 new items need you', body: '4 approvals and 2 escalations' }]);
  });

  it('stays silent in quiet hours (also across midnight) and when disabled', () => {
    const quiet = { ...base, quietHours: { enabled: true, start: '22:00', end: '07:00' } };
    expect(notificationsFor(items(1), quiet, at(23, 30))).toEqual([]);
    expect(notificationsFor(items(1), quiet, at(6, 59))).toEqual([]);
    expect(notificationsFor(items(1), quiet, at(7, 0))).toHaveLength(1);
    expect(inQuietHours({ enabled: true, start: '12:00', end: '13:00' }, at(12, 30))).toBe(true);
    expect(notificationsFor(items(1), { ...base, enabled: false }, at(12))).toEqual([]);
  });
});
