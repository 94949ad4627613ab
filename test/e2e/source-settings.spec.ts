// Settings' source actions in the browser (#15 item 8): test the connection, edit a source, rotate its token after an
// in-page confirmation; each says what happened, and no token ever reaches the page.
import { expect, SCREENS, test } from './fixtures.js';
import { request } from '../helpers/hub.js';

test('test, edit and rotate a hub source, each confirmed; the old token is refused at the hub', async ({ app, hub, consoleHost }) => {
  await app.getByRole('button', { name: 'Settings' }).click();
  const sources = app.getByRole('region', { name: 'Sources' });
  const row = () => sources.getByRole('row').filter({ hasText: 'hub' }).first();

  await sources.getByRole('button', { name: 'Test connection to Team hub' }).click();
  await expect(row().getByRole('status')).toHaveText(`Connected to ${hub.url} as approver-1 (approver)`);

  await sources.getByRole('button', { name: 'Edit source Team hub' }).click();
  const form = sources.getByRole('form', { name: 'Edit source Team hub' });
  await form.getByLabel('Name').fill('Main hub');
  await form.getByRole('button', { name: 'Save source' }).click();
  await expect(app.getByText('Main hub: saved')).toBeVisible();
  await expect(sources.getByRole('cell', { name: 'Main hub', exact: true })).toBeVisible();
  expect((await consoleHost.core.call('sources.list', {}))[0]).toMatchObject({ name: 'Main hub', url: hub.url });

  // Rotation asks first, in the page; Cancel changes nothing.
  await sources.getByRole('button', { name: 'Rotate token of Main hub' }).click();
  await sources.getByRole('group', { name: 'Confirm token rotation for Main hub' }).getByRole('button', { name: 'Cancel' }).click();
  expect((await request(hub.url, '/v1/me', { token: hub.approverToken })).status).toBe(200);
  await sources.getByRole('button', { name: 'Rotate token of Main hub' }).click();
  await sources.getByRole('button', { name: 'Rotate now' }).click();
  await expect(app.getByText('Main hub: token rotated; the old one is revoked at the hub')).toBeVisible();
  expect((await request(hub.url, '/v1/me', { token: hub.approverToken })).status).toBe(401);
  await sources.getByRole('button', { name: 'Test connection to Main hub' }).click();
  await expect(sources.getByRole('status').first()).toHaveText(`Connected to ${hub.url} as approver-1 (approver)`);
  expect(await app.content()).not.toMatch(/cs_approver_[A-Za-z0-9_-]{20,}/);
  await sources.getByRole('button', { name: 'Edit source Main hub' }).click();
  await sources.screenshot({ path: `${SCREENS}/settings-sources.png` });
  await sources.getByRole('button', { name: 'Cancel' }).click();

  // A wrong token is saved but the test says why it fails, at once.
  await sources.getByRole('button', { name: 'Edit source Main hub' }).click();
  await sources.getByRole('form', { name: 'Edit source Main hub' }).getByLabel('New approver token').fill('cs_approver_wrong-token-0123456789');
  await sources.getByRole('button', { name: 'Save source' }).click();
  await expect(sources.getByRole('status').first()).toContainText(hub.url);
  await expect(sources.getByRole('status').first()).not.toContainText('Connected');
  await expect(app.getByText('Main hub: connection failed')).toBeVisible();
});
