// Decides which notifications to raise for new items: one per new approval/escalation item,
// one digest when more than `digestThreshold` arrive at once, nothing in quiet hours or when disabled.
// The Electron shell shows them as OS notifications; browser mode forwards them to the renderer.
import type { EventPayload, Settings } from '../../shared/contract.js';

export type Notification = EventPayload<'notify'>;
export interface NewItem {
  id: string;
  lane: 'approvals' | 'escalations';
  summary: string;
  actionClass: string;
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  // Settings validate HH:MM; anything else is NaN, which no time of day falls inside.
  if (h === undefined || m === undefined) return NaN;
  return h * 60 + m;
}

export function inQuietHours(q: Settings['notifications']['quietHours'], now: Date): boolean {
  if (!q.enabled) return false;
  const t = now.getHours() * 60 + now.getMinutes();
  const s = minutes(q.start);
  const e = minutes(q.end);
  if (s === e) return false;
  return s < e ? t >= s && t < e : t >= s || t < e; // a window that spans midnight
}

const clip = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + '…' : s);

export function notificationsFor(items: NewItem[], settings: Settings['notifications'], now = new Date()): Notification[] {
  if (!settings.enabled || items.length === 0 || inQuietHours(settings.quietHours, now)) return [];
  if (items.length > settings.digestThreshold) {
    const esc = items.filter((i) => i.lane === 'escalations').length;
    const appr = items.length - esc;
    const parts = [appr ? `${appr} approval${appr === 1 ? '' : 's'}` : '', esc ? `${esc} escalation${esc === 1 ? '' : 's'}` : ''].filter(Boolean);
    return [{ itemId: null, title: `${items.length} new items need you`, body: parts.join(' and ') }];
  }
  return items.map((i) => ({
    itemId: i.id,
    title: i.lane === 'escalations' ? `Escalated: ${clip(i.actionClass, 60)}` : `Approval needed: ${clip(i.actionClass, 60)}`,
    body: clip(i.summary, 200),
  }));
}
