// Keyboard-first: one window-level handler. Keys never fire while typing in a field or while a dialog is open.
import { approveCurrent, editCurrent, escalateCurrent, rejectCurrent } from '../decide/actions.js';
import { useApp } from '../state/app.js';
import { move } from '../state/queue.js';
import { openDialog, useUi } from '../state/ui.js';
import { undoLatest } from '../state/undo.js';

export const SHORTCUTS: Array<[string, string]> = [
  ['j / ↓', 'Next item'],
  ['k / ↑', 'Previous item'],
  ['a', 'Approve'],
  ['e', 'Edit, then approve'],
  ['r', 'Reject (feedback required)'],
  ['x', 'Escalate'],
  ['z', 'Undo the last decision (while it is held, before it is sent)'],
  ['/', 'Search'],
  ['?', 'This list of shortcuts'],
  ['Ctrl+Enter (⌘+Enter)', 'Confirm a dialog: approve the edit, reject, escalate (plain Enter never does)'],
  ['Esc', 'Cancel a dialog or leave the search'],
];

function isTyping(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  if (t.isContentEditable) return true;
  const tag = t.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return !['checkbox', 'radio', 'button', 'submit'].includes((t as HTMLInputElement).type);
  return false;
}

export function onKeyDown(e: KeyboardEvent) {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
  if (useUi.getState().dialog || isTyping(e.target)) return;
  if (useApp.getState().view !== 'queue') {
    if (e.key === '?') openDialog('shortcuts');
    return;
  }
  const act: Record<string, () => void> = {
    j: () => move(1),
    ArrowDown: () => move(1),
    k: () => move(-1),
    ArrowUp: () => move(-1),
    a: approveCurrent,
    e: editCurrent,
    r: rejectCurrent,
    x: escalateCurrent,
    z: undoLatest,
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
