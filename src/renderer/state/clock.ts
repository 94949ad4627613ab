// One ticking clock for every countdown on screen (one timer, not one per row).
import { create } from 'zustand';

export const useClock = create<{ now: number }>(() => ({ now: Date.now() }));
setInterval(() => useClock.setState({ now: Date.now() }), 1000);

/** "3h 12m", "4m 05s", "expired 2m ago". */
export function timeLeft(expiresAt: string | null, now: number): { text: string; expired: boolean; urgent: boolean } {
  if (!expiresAt) return { text: 'no expiry', expired: false, urgent: false };
  const ms = Date.parse(expiresAt) - now;
  if (Number.isNaN(ms)) return { text: 'unknown expiry', expired: false, urgent: false };
  const abs = Math.abs(ms);
  const d = Math.floor(abs / 86_400_000);
  const h = Math.floor((abs % 86_400_000) / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  const s = Math.floor((abs % 60_000) / 1000);
  const span = d > 0 ? `${d}d ${h}h` : h > 0 ? `${h}h ${m}m` : `${m}m ${String(s).padStart(2, '0')}s`;
  if (ms <= 0) return { text: `expired ${span} ago`, expired: true, urgent: false };
  return { text: `${span} left`, expired: false, urgent: ms < 15 * 60_000 };
}

// One formatter for the window's life: Date#toLocaleString builds a new Intl formatter on every call,
// which showed up as the top cost when moving from item to item.
const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const NUMBER = new Intl.NumberFormat();

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return DATE_TIME.format(t);
}

export const formatCount = (n: number) => NUMBER.format(n);

/** "just now", "3 min ago", "2 h ago", "4 d ago": how long since a vote or an event. */
export function ago(iso: string, now: number): string {
  const ms = now - Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  if (ms < 60_000) return 'just now';
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ago`;
  if (ms < 86_400_000) return `${Math.floor(ms / 3_600_000)} h ago`;
  return `${Math.floor(ms / 86_400_000)} d ago`;
}
