// "Approved: Refund 480 EUR to … · Undo (z) · sends in 4 s": one per decision still in its undo window.
import { SafeText } from '../common/SafeText.js';
import { useClock } from '../state/clock.js';
import { undo, useUndo } from '../state/undo.js';
import { secondsLeft } from './undo-countdown.js';
import './decide.css';

export function UndoToasts() {
  const pending = useUndo((s) => s.pending);
  const busy = useUndo((s) => s.busy);
  const now = useClock((s) => s.now);
  if (pending.length === 0) return null;
  return (
    <div className="undo-toasts" aria-live="polite">
      {pending.map((u, i) => {
        const left = secondsLeft(u, now);
        const latest = i === pending.length - 1;
        return (
          <div key={u.itemId} className="undo-toast" role="status" data-item={u.itemId}>
            <span className="undo-text">
              {u.label}: <SafeText text={u.summary} />
            </span>
            <span className="muted undo-window">
              Held here for {u.windowS} s before it is sent · sends in {left} s
            </span>
            <button type="button" disabled={busy} onClick={() => void undo(u.itemId)} aria-keyshortcuts={latest ? 'z' : undefined}>
              Undo{latest ? <kbd>z</kbd> : null}
            </button>
          </div>
        );
      })}
    </div>
  );
}
