// The console's settings with their defaults; stored as one JSON value in the settings table.
import { userInfo } from 'node:os';
import { Settings } from '../shared/contract.js';
import type { Store } from './store/store.js';

const KEY = 'settings';

function defaultApproverName(): string {
  try {
    return userInfo().username || 'approver';
  } catch {
    return 'approver';
  }
}

function defaultSettings(approverName?: string): Settings {
  return {
    approverName: approverName ?? defaultApproverName(),
    notifications: { enabled: true, quietHours: { enabled: false, start: '22:00', end: '07:00' }, digestThreshold: 3 },
  };
}

export function readSettings(store: Store, approverName?: string): Settings {
  const base = defaultSettings(approverName);
  const stored = store.getSetting<unknown>(KEY);
  const parsed = Settings.safeParse({ ...base, ...(stored && typeof stored === 'object' ? stored : {}) });
  return parsed.success ? parsed.data : base;
}

export function writeSettings(store: Store, current: Settings, patch: Partial<Settings>): Settings {
  const next = Settings.parse({
    ...current,
    ...patch,
    notifications: patch.notifications ? { ...current.notifications, ...patch.notifications } : current.notifications,
  });
  store.setSetting(KEY, next);
  return next;
}
