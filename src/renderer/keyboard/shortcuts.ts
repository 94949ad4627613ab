// Keyboard-first: one window-level handler. Keys never fire while typing in a field or while a dialog is open.
// `g` then a letter goes to a lane or a view (Gmail/Linear style); the letter after `g` never decides anything.
import { approveCurrent, editCurrent, escalateCurrent, rejectCurrent } from '../decide/actions.js';
import type { View as LaneView } from '../../shared/contract.js';
import { setView, useApp, type View } from '../state/app.js';
import { move, setLane, useQueue } from '../state/queue.js';
import { bulkLane, clearSelection, markPicked, toggle, useSelection } from '../state/selection.js';
import { openDialog, useUi } from '../state/ui.js';
import { undoLatest } from '../state/undo.js';
import { openFirstLink } from '../item/OpenLinkDialog.js';

/** `g` + this key: a lane of the queue, or another view. */
const GO: Record<string, { lane: LaneView } | { view: View }> = {
  w: { lane: 'waiting' },
  a: { lane: 'approvals' },
  r: { lane: 'reviews' },
  u: { lane: 'audit' },
  e: { lane: 'escalations' },
  d: { lane: 'decided' },
  i: { view: 'insights' },
  p: { view: 'policy' },
  s: { view: 'settings' },
};
/** How long after `g` the second key counts. */
const SEQUENCE_MS = 1500;

export const SHORTCUTS: Array<[string, string]> = [
  ['j / ↓', 'Next item'],
  ['k / ↑', 'Previous item'],
  ['a', 'Approve'],
  ['e', 'Edit, then approve'],
  ['r', 'Reject (feedback required); on an escalation, Resolve with a note (required)'],
  ['x', 'Escalate (Approvals); in Reviews and Audit samples, select the row for bulk marking'],
  ['Shift-click / Ctrl-click (⌘-click)', 'Reviews and Audit samples: select a range / one more row'],
  ['a / r with rows selected', 'Mark every selected row Looks fine / Flag a problem (with a note)'],
  ['z', 'Undo the last decision (while it is held, before it is sent)'],
  ['o', 'Open the first evidence link (after showing where it goes)'],
  ['/', 'Search'],
  ['g w', 'Go to Waiting for me'],
  ['g a', 'Go to Approvals'],
  ['g r', 'Go to Reviews'],
  ['g u', 'Go to Audit samples'],
  ['g e', 'Go to Escalations'],
  ['g d', 'Go to Decided'],
  ['g i', 'Go to Insights'],
  ['g p', 'Go to Policy'],
  ['g s', 'Go to Settings'],
  ['?', 'This list of shortcuts'],
  ['Ctrl+Enter (⌘+Enter)', 'Confirm a dialog: approve the edit, reject, escalate, resolve (plain Enter never does)'],
  ['Esc', 'Cancel a dialog, leave the search, or clear the selection'],
];

function isTyping(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  if (t.isContentEditable) return true;
  const tag = t.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return !['checkbox', 'radio', 'button', 'submit'].includes((t as HTMLInputElement).type);
  return false;
}

let gAt = 0;

/** The key after `g`: true when it was part of a sequence (handled or not, it must not act on its own). */
function goTo(e: KeyboardEvent): boolean {
  if (!gAt) return false;
  const fresh = Date.now() - gAt < SEQUENCE_MS;
  gAt = 0;
  if (!fresh) return false;
  const target = GO[e.key];
  e.preventDefault();
  if (!target) return true;
  if ('lane' in target) {
    setView('queue');
    setLane(target.lane);
  } else setView(target.view);
  return true;
}

export function onKeyDown(e: KeyboardEvent) {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
  if (useUi.getState().dialog || isTyping(e.target)) {
    gAt = 0;
    return;
  }
  if (e.key === 'Shift') return;
  if (goTo(e)) return;
  if (e.key === 'g') {
    gAt = Date.now();
    e.preventDefault();
    return;
  }
  if (useApp.getState().view !== 'queue') {
    if (e.key === '?') openDialog('shortcuts');
    return;
  }
  // With rows picked in Reviews or Audit samples, a, r and Esc act on the whole selection; x picks the focused row.
  const bulk = bulkLane(useQueue.getState().lane);
  const picked = bulk && useSelection.getState().picked.length > 0;
  const focused = useQueue.getState().selectedId;
  const act: Record<string, () => void> = {
    j: () => move(1),
    ArrowDown: () => move(1),
    k: () => move(-1),
    ArrowUp: () => move(-1),
    a: picked ? () => void markPicked('approve') : approveCurrent,
    e: editCurrent,
    r: picked ? () => openDialog('bulk-flag') : rejectCurrent,
    x: bulk ? () => focused && toggle(focused) : escalateCurrent,
    ...(picked ? { Escape: clearSelection } : {}),
    z: undoLatest,
    o: openFirstLink,
    '/': () => document.getElementById('queue-search')?.focus(),
    '?': () => openDialog('shortcuts'),
  };
  const fn = act[e.key];
  if (!fn) return;
  if (e.key.startsWith('Arrow') && e.target instanceof HTMLElement && e.target.closest('.item')) return; // let the detail pane scroll
  e.preventDefault();
  if (e.key === 'a') performance.mark('countersign:key:a');
  fn();
}
