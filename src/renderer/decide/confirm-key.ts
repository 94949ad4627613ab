// One rule for every decision dialog: Ctrl+Enter (⌘+Enter on a Mac) confirms; plain Enter never does, so a
// keystroke meant for a field cannot decide by accident (in a text area it is a new line, in a one-line field nothing).
import type { KeyboardEvent } from 'react';

export const CONFIRM_KEY = typeof navigator !== 'undefined' && /Mac|iP(hone|ad)/.test(navigator.platform) ? '⌘+Enter' : 'Ctrl+Enter';

/** For a dialog's form: true when this key press confirms; stops a plain Enter from submitting the form. */
export function isConfirmKey(e: KeyboardEvent): boolean {
  if (e.key !== 'Enter' || e.nativeEvent.isComposing) return false;
  if (e.ctrlKey || e.metaKey) {
    e.preventDefault();
    return true;
  }
  // A one-line field would submit the form on Enter (implicit submission): not here.
  if (e.target instanceof HTMLInputElement) e.preventDefault();
  return false;
}
