// Browser mode's notifications: the Node side decides when (quiet hours, digests) and pushes `notify`;
// here we raise a Web Notification whose click brings the window forward and opens the item.
import type { EventPayload } from '../../shared/contract.js';

export function canNotify(): boolean {
  return typeof Notification !== 'undefined';
}

/** Must run from a user gesture (a click in Settings): browsers ignore it otherwise. */
export async function askPermission(): Promise<NotificationPermission | 'unsupported'> {
  if (!canNotify()) return 'unsupported';
  return Notification.requestPermission();
}

export function raise(p: EventPayload<'notify'>, open: (id: string) => void) {
  if (!canNotify() || Notification.permission !== 'granted') return;
  const n = new Notification(p.title, { body: p.body, tag: p.itemId ?? 'countersign-digest' });
  n.onclick = () => {
    window.focus();
    if (p.itemId) open(p.itemId);
    n.close();
  };
}
