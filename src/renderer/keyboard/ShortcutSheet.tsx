import { Dialog } from '../common/Dialog.js';
import { closeDialog, useUi } from '../state/ui.js';
import { SHORTCUTS } from './shortcuts.js';

export function ShortcutSheet() {
  const open = useUi((s) => s.dialog === 'shortcuts');
  if (!open) return null;
  return (
    <Dialog title="Keyboard shortcuts" onCancel={closeDialog} className="shortcut-sheet">
      <table>
        <tbody>
          {SHORTCUTS.map(([k, what]) => (
            <tr key={k}>
              <th scope="row">
                <kbd>{k}</kbd>
              </th>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="dialog-actions">
        <button type="button" className="primary" data-autofocus onClick={closeDialog}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
