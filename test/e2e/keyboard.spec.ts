// The approver's day without a mouse: move, open the shortcut sheet, search, approve, edit, reject.
import { SCREENS, expect, refund, row, submit, test } from './fixtures.js';

test('keyboard only: j/k, ?, /, a, e, r, Ctrl+Enter and Esc', async ({ app, agent }) => {
  const summaries = ['KB one: refund 300', 'KB two: refund 400', 'KB three: refund 500'];
  const handles = [];
  for (const [i, s] of summaries.entries()) handles.push(await submit(agent, { ...refund(s, { amount: 300 + i * 100 }), expiresIn: 3600 + i * 600 }));
  for (const s of summaries) await expect(row(app, s)).toHaveCount(1);
  const current = app.locator('#item-summary');
  const first = await current.textContent();
  expect(summaries).toContain(first);

  // j / k move the selection and the item follows.
  await app.keyboard.press('j');
  await expect(current).not.toHaveText(first!);
  await app.keyboard.press('k');
  await expect(current).toHaveText(first!);
  await expect(app.locator('[role=option][aria-selected=true]')).toContainText(first!);

  // ? opens the sheet; Esc closes it.
  await app.keyboard.press('?');
  const sheet = app.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(sheet).toContainText('Edit, then approve');
  await app.screenshot({ path: `${SCREENS}/shortcuts.png` });
  await app.keyboard.press('Escape');
  await expect(sheet).toBeHidden();

  // Shortcuts do not fire while typing: "a" in the search box is text, not an approval.
  await app.keyboard.press('/');
  await expect(app.getByRole('searchbox', { name: 'Search the queue' })).toBeFocused();
  await app.keyboard.type('refund 400'); // r and e are shortcuts too: here they must be plain text
  await expect(app.getByRole('listbox').getByRole('option')).toHaveCount(1);
  await app.keyboard.press('Escape'); // clears and leaves the search
  await expect(app.getByRole('listbox').getByRole('option')).toHaveCount(3);
  for (const h of handles) expect((await agent.getRequest(h.id)).status).toBe('pending');

  // a approves the item on screen and the next one shows at once.
  const target = (await current.textContent())!;
  await app.keyboard.press('a');
  await expect(row(app, target)).toHaveCount(0);
  await expect(current).not.toHaveText(target);
  const approved = handles[summaries.indexOf(target)]!;
  expect((await approved.decision({ timeout: 20_000 })).status).toBe('approved');

  // e, change the amount in the form; Enter in a single-line field does nothing, Ctrl+Enter approves with edits.
  const editTarget = (await current.textContent())!;
  await app.keyboard.press('e');
  const dialog = app.getByRole('dialog', { name: 'Edit, then approve' });
  await expect(dialog.getByLabel('customerId', { exact: true })).toBeFocused(); // the first field takes focus
  await app.keyboard.press('Tab');
  await expect(dialog.getByLabel('amount', { exact: true })).toBeFocused();
  await app.keyboard.press('ControlOrMeta+a');
  await app.keyboard.type('99');
  await expect(dialog.getByRole('region', { name: 'Proposed → edited' })).toContainText('/args/amount');
  await app.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await expect(row(app, editTarget)).toHaveCount(1);
  await app.keyboard.press('ControlOrMeta+Enter');
  const edited = await handles[summaries.indexOf(editTarget)]!.decision({ timeout: 20_000 });
  expect(edited.decision?.verdict).toBe('approve_with_edits');
  expect(edited.decision?.editedAction?.args.amount).toBe(99);

  // r, type, Ctrl+Enter rejects the last one (Enter alone is a new line).
  const last = (await current.textContent())!;
  await app.keyboard.press('r');
  await app.keyboard.type('Wrong customer.');
  await app.keyboard.press('ControlOrMeta+Enter');
  const rejected = await handles[summaries.indexOf(last)]!.decision({ timeout: 20_000 });
  expect(rejected.status).toBe('rejected');
  expect(rejected.decision?.feedback).toBe('Wrong customer.');
  await expect(app.getByText('Nothing waiting in Approvals.')).toBeVisible();
});
