// Inside an open decision dialog whose item was decided elsewhere: who decided what, that the typed text is kept,
// and a way to copy it. The dialog stays until the approver closes it; its confirm is off with this as the reason.
import { useState } from 'react';
import { SafeText } from '../common/SafeText.js';

export function ClosedNotice({ reason, text, id }: { reason: string; text: string; id: string }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('yes');
    } catch {
      // No clipboard permission (e.g. an insecure context): the text stays selectable in the field.
      setCopied('no');
    }
  };
  return (
    <div className="banner error closed-notice" role="alert" id={id}>
      <strong>
        <SafeText text={reason} />
      </strong>{' '}
      Your text is kept below; nothing was sent.{' '}
      {text ? (
        <button type="button" onClick={() => void copy()}>
          Copy my text
        </button>
      ) : null}
      {copied === 'yes' ? <span className="muted"> Copied.</span> : null}
      {copied === 'no' ? <span className="muted"> Could not copy here: select the text and copy it yourself.</span> : null}
    </div>
  );
}
