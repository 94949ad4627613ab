// Plain Enter never decides from a dialog: in a one-line field of the edit dialog it does nothing, in the reject and
// escalate text it is a new line. Ctrl+Enter (⌘+Enter) confirms; the hub sees exactly one decision, the intended one.
import type { RequestView } from '../../src/shared/protocol.js';
import { request } from '../helpers/hub.js';
import { email, expect, open, refund, row, submit, test } from './fixtures.js';

test('edit dialog: Enter in every one-line field approves nothing; Ctrl+Enter approves the edit', async ({ app, agent, hub }) => {
  const h = await submit(agent, email('Reply to Ola about the refund', 'Hello Ola,\n\nYour refund is on its way.', { subject: 'Refund' }));
  await open(app, 'Reply to Ola about the refund');
  await app.keyboard.press('e');
  const dialog = app.getByRole('dialog', { name: 'Edit, then approve' });
  await expect(dialog).toContainText(/(Ctrl|⌘)\+Enter approves \(Enter never does\)/);
  for (const name of ['to', 'subject']) {
    const field = dialog.getByLabel(name, { exact: true });
    await expect(field).toHaveJSProperty('tagName', 'INPUT');
    await field.focus();
    await field.press('Enter');
  }
  await dialog.getByLabel('subject', { exact: true }).fill('Your refund');
  await dialog.getByLabel('subject', { exact: true }).press('Enter');
  await expect(dialog).toBeVisible();
  await expect(row(app, 'Reply to Ola about the refund')).toHaveCount(1);
  const atHub = async () => (await request<RequestView>(hub.url, `/v1/requests/${h.id}`, { token: hub.agentToken })).body;
  expect((await atHub()).status).toBe('pending');
  await dialog.getByLabel('subject', { exact: true }).press('ControlOrMeta+Enter');
  await expect(dialog).toBeHidden();
  const final = await h.decision({ timeout: 30_000 });
  expect(final.decision?.verdict).toBe('approve_with_edits');
  expect(final.decision?.editedAction?.args.subject).toBe('Your refund');
});

test('reject and escalate dialogs: Enter is a new line, Ctrl+Enter confirms', async ({ app, agent }) => {
  const r = await submit(agent, refund('Refund 700 EUR, reject with two lines', { amount: 700 }));
  await open(app, 'Refund 700 EUR, reject with two lines');
  await app.keyboard.press('r');
  const dialog = app.getByRole('dialog', { name: 'Reject' });
  await expect(dialog).toContainText(/(Ctrl|⌘)\+Enter to confirm · Enter for a new line/);
  await app.keyboard.type('Wrong customer.');
  await app.keyboard.press('Enter');
  await app.keyboard.type('Check the ticket.');
  await expect(dialog).toBeVisible();
  await app.keyboard.press('ControlOrMeta+Enter');
  await expect(dialog).toBeHidden();
  expect((await r.decision({ timeout: 30_000 })).decision?.feedback).toBe('Wrong customer.\nCheck the ticket.');

  const x = await submit(agent, refund('Refund 800 EUR, escalate with a note', { amount: 800 }));
  await open(app, 'Refund 800 EUR, escalate with a note');
  await app.keyboard.press('x');
  const esc = app.getByRole('dialog', { name: 'Escalate' });
  await app.keyboard.press('Enter'); // an empty note is allowed, yet Enter still does not confirm
  await expect(esc).toBeVisible();
  await app.keyboard.press('ControlOrMeta+Enter');
  await expect(esc).toBeHidden();
  expect((await x.decision({ timeout: 30_000 })).status).toBe('escalated');
});
