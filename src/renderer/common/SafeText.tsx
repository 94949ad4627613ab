// Shows a string exactly as it is, as inert text: hidden and look-alike characters become visible badges
// where they stand, and bidi controls never reach the DOM, so nothing can reorder what the approver reads.
import { memo, useState } from 'react';
import { findHiddenChars, type HiddenFinding } from '../../shared/hidden-chars.js';

/** Beyond this many characters a value is cut with a "show all" so one huge string cannot freeze the pane. */
const SHOW_LIMIT = 20_000;

/**
 * Rows mount and unmount as the queue scrolls, and the same class, agent and summary strings come back again and
 * again: the scan (about 0.1 ms a string) is kept for short strings, bounded, oldest out first.
 */
const scanned = new Map<string, HiddenFinding[]>();
const SCAN_CACHE = 5_000;
function findingsOf(text: string): HiddenFinding[] {
  if (text.length > 1_000) return findHiddenChars(text);
  let f = scanned.get(text);
  if (!f) {
    f = findHiddenChars(text);
    if (scanned.size >= SCAN_CACHE) scanned.delete(scanned.keys().next().value!);
    scanned.set(text, f);
  }
  return f;
}

interface Props {
  text: string;
  className?: string;
}

export const SafeText = memo(function SafeText({ text, className }: Props) {
  const [full, setFull] = useState(false);
  const shown = full || text.length <= SHOW_LIMIT ? text : text.slice(0, SHOW_LIMIT);
  const findings = findingsOf(shown);
  const parts: React.ReactNode[] = [];
  let at = 0;
  findings.forEach((f, i) => {
    if (f.index > at) parts.push(shown.slice(at, f.index));
    const label = `${f.codePoint} ${f.name}`;
    parts.push(
      <mark key={i} className={`hidden-char hidden-${f.kind}`} title={`Hidden or look-alike character: ${label}`}>
        {/* A look-alike letter is shown (it is what the reader would see) next to its badge; controls are not. */}
        {f.kind === 'homoglyph' ? f.char : null}
        <span className="hidden-badge">⟦{label}⟧</span>
      </mark>,
    );
    at = f.index + f.length;
  });
  if (at < shown.length) parts.push(shown.slice(at));
  return (
    <span className={`safe-text${className ? ' ' + className : ''}`} dir="ltr">
      {parts}
      {shown.length < text.length ? (
        <button type="button" className="link-button show-all" onClick={() => setFull(true)}>
          … {(text.length - shown.length).toLocaleString()} more characters: show all
        </button>
      ) : null}
    </span>
  );
});
