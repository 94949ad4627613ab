// Settings: approver name and notification rules persist; a source token is write-only and said where it is kept.
import { expect, test } from './fixtures.js';

test('settings persist and a source token is never shown back', async ({ app, consoleHost, hub }) => {
  await app.getByRole('button', { name: 'Settings' }).click();
  const name = app.getByLabel('Name on LangGraph decisions');
  await expect(name).toHaveValue('Dana Approver');
  await name.fill('Dana Q. Approver');
  await app.getByLabel('Quiet hours', { exact: true }).check();
  await app.getByLabel('Quiet hours start').fill('22:00');
  await app.getByLabel('Quiet hours end').fill('07:00');
  await app.getByRole('button', { name: 'Save settings' }).click();
  await expect(app.getByText('Settings saved')).toBeVisible();
  const saved = await consoleHost.core.call('settings.get', {});
  expect(saved.approverName).toBe('Dana Q. Approver');
  expect(saved.notifications.quietHours).toMatchObject({ enabled: true, start: '22:00' });

  // The existing source: its token is stored, and the page says where (browser mode: a 0600 file), never what.
  const sources = app.getByRole('region', { name: 'Sources' });
  await expect(sources).toContainText('Team hub');
  await expect(sources).toContainText('stored, in a file only your user can read');
  expect(await app.content()).not.toContain(hub.approverToken);

  // Bad input gets a clear error and adds nothing.
  await sources.getByLabel('Name').fill('Broken');
  await sources.getByLabel('URL').fill('ftp://example.com');
  await sources.getByRole('button', { name: 'Add source' }).click();
  await expect(sources.getByRole('alert')).toContainText('http(s) URL only');

  // A second hub source with a token: added, token field cleared, token never in the page.
  const token = await hub.token('approver', 'approver-settings');
  await sources.getByLabel('URL').fill(hub.url);
  await sources.getByLabel('Name').fill('Second hub');
  await sources.getByLabel('Approver token').fill(token);
  await sources.getByRole('button', { name: 'Add source' }).click();
  await expect(sources.getByRole('row').filter({ hasText: 'Second hub' })).toBeVisible();
  await expect(sources.getByLabel('Approver token')).toHaveValue('');
  expect(await app.content()).not.toContain(token);
  await sources.getByRole('button', { name: 'Remove source Second hub' }).click(); // window.confirm is dismissed by the fixture
  await expect(sources.getByRole('row').filter({ hasText: 'Second hub' })).toBeVisible();
});
