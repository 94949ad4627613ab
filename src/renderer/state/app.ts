// What the whole window shares: the link to the Node side, sync status, counts, facets, settings, the open view.
import { create } from 'zustand';
import type { AppInfo, QueueCounts, Settings, SyncStatus } from '../../shared/contract.js';
import type { LinkState } from '../api/index.js';

export type View = 'queue' | 'insights' | 'policy' | 'settings';
interface Facets {
  sources: Array<{ id: string; name: string }>;
  actionClasses: string[];
  agents: string[];
}
export interface Toast {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

interface AppState {
  link: LinkState;
  missingToken: boolean;
  info: AppInfo | null;
  settings: Settings | null;
  counts: QueueCounts | null;
  sync: SyncStatus | null;
  facets: Facets;
  view: View;
  toasts: Toast[];
}

export const useApp = create<AppState>(() => ({
  link: 'connecting',
  missingToken: false,
  info: null,
  settings: null,
  counts: null,
  sync: null,
  facets: { sources: [], actionClasses: [], agents: [] },
  view: 'queue',
  toasts: [],
}));

let toastId = 0;
export function toast(text: string, kind: Toast['kind'] = 'error') {
  const id = ++toastId;
  useApp.setState((s) => ({ toasts: [...s.toasts.slice(-3), { id, kind, text }] }));
  setTimeout(() => dismissToast(id), kind === 'error' ? 10_000 : 4_000);
}
export function dismissToast(id: number) {
  useApp.setState((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
}
export const setView = (view: View) => useApp.setState({ view });
