// Reject needs feedback (it goes back to the agent). Ctrl/Cmd+Enter confirms, Enter adds a line, Esc cancels.
import { useState } from 'react';
import { Dialog } from '../common/Dialog.js';
import { ClosedNotice } from './ClosedNotice.js';
import { CONFIRM_KEY, isConfirmKey } from './confirm-key.js';

export function FeedbackDialog({
  title,
  label,
  required,
  confirmText,
  onConfirm,
  onCancel,
  closed = null,
}: {
  title: string;
  label: string;
  required: boolean;
  confirmText: string;
  onConfirm: (text: string) => void;
  onCancel: () => void;
  /** Why it can no longer be confirmed (decided elsewhere): the dialog stays with the text, confirm is off. */
  closed?: string | null;
}) {
  const [text, setText] = useState('');
  const [tried, setTried] = useState(false);
  const missing = required && text.trim() === '';
  const confirm = () => {
    if (closed) return;
    setTried(true);
    if (!missing) onConfirm(text);
  };
  return (
    <Dialog title={title} onCancel={onCancel} className="feedback-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          confirm();
        }}
      >
        {closed ? <ClosedNotice reason={closed} text={text} id="feedback-closed" /> : null}
        <label htmlFor="feedback-text">{label}</label>
        <textarea
          id="feedback-text"
          rows={5}
          value={text}
          maxLength={100_000}
          aria-required={required}
          aria-invalid={tried && missing}
          aria-describedby="feedback-help"
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (isConfirmKey(e)) confirm();
          }}
        />
        <p id="feedback-help" className={tried && missing ? 'error-text' : 'muted'}>
          {tried && missing ? 'Feedback is required: tell the agent why.' : `${CONFIRM_KEY} to confirm · Enter for a new line · Esc to cancel`}
        </p>
        <div className="dialog-actions">
          <button type="button" onClick={onCancel}>
            {closed ? 'Close' : 'Cancel'}
          </button>
          <button type="submit" className="primary" disabled={!!closed} aria-describedby={closed ? 'feedback-closed' : undefined}>
            {confirmText}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
