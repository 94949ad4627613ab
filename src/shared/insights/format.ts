// Formatting shared by the evidence text (Node side) and the view (renderer), so both say the same thing.

export function pct(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  return `${(x * 100).toFixed(digits)}%`;
}

export function hours(ms: number): string {
  const h = ms / 3_600_000;
  return h >= 100 ? `${Math.round(h)} h` : `${h.toFixed(1)} h`;
}

/** A wait in the unit a person reads best: seconds, minutes, hours or days. */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  const s = ms / 1000;
  if (s < 90) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  const m = s / 60;
  if (m < 90) return `${m.toFixed(m < 10 ? 1 : 0)} min`;
  const h = m / 60;
  if (h < 48) return `${h.toFixed(h < 10 ? 1 : 0)} h`;
  return `${(h / 24).toFixed(1)} d`;
}

export const DAY_MS = 86_400_000;

/** 'YYYY-MM-DD' (UTC) -> day number since the epoch. */
export function dayNumber(day: string): number {
  return Math.floor(Date.parse(`${day}T00:00:00.000Z`) / DAY_MS);
}

export function dayString(dayNum: number): string {
  return new Date(dayNum * DAY_MS).toISOString().slice(0, 10);
}
