// `o`: the first evidence link of the item on screen, after showing where it goes. A link from an agent can name any
// address, so the approver reads the destination (scheme and host first) before anything opens; Esc cancels.
import { Dialog } from '../common/Dialog.js';
import { safeHref } from '../common/links.js';
import { SafeText } from '../common/SafeText.js';
import { toast } from '../state/app.js';
import { useItem } from '../state/item.js';
import { closeDialog, openDialog, useUi } from '../state/ui.js';
import './open-link.css';

/** The first evidence link that may open (http or https), with its title. */
function firstLink(): { title: string; href: string } | null {
  for (const e of useItem.getState().detail?.item.request.evidence ?? []) {
    const href = safeHref(e.url);
    if (href) return { title: e.title, href };
  }
  return null;
}

export function openFirstLink() {
  if (!useItem.getState().detail) return;
  if (firstLink()) openDialog('open-link', useItem.getState().id);
  else toast('This item has no evidence link that can open (only http and https links do).', 'info');
}

export function OpenLinkDialog() {
  // Bound to the item it was opened on: if another item took its place, there is nothing to open here.
  const open = useUi((s) => s.dialog === 'open-link' && s.dialogItem !== null) && useUi.getState().dialogItem === useItem.getState().id;
  useItem((s) => s.detail);
  const link = open ? firstLink() : null;
  if (!open || !link) return null;
  const u = new URL(link.href);
  return (
    <Dialog title="Open this evidence link?" onCancel={closeDialog} className="open-link-dialog">
      <p>
        <SafeText text={link.title || 'Evidence link'} />
      </p>
      <p className="open-link-host">
        Goes to <strong>{u.protocol === 'https:' ? 'https' : 'http (not encrypted)'}</strong> · <SafeText text={u.host} />
      </p>
      <p className="open-link-url small">
        <SafeText text={link.href} />
      </p>
      <div className="dialog-actions">
        <button type="button" onClick={closeDialog}>
          Cancel
        </button>
        <a className="link-open" href={link.href} target="_blank" rel="noopener noreferrer" data-autofocus onClick={closeDialog}>
          Open link
        </a>
      </div>
    </Dialog>
  );
}
