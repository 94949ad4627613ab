// The Policy view in Chromium against the real hub: a class's rule in plain words, who may decide, and the policy's
// change history with who changed it and why (#13 item 2), hidden characters in a class's text shown, not obeyed.
import { changePolicy, getPolicy } from '../../src/hub-client/index.js';
import { expect, SCREENS, test } from './fixtures.js';

test('the Policy view explains each class and lists who changed the policy and why', async ({ app, hub }) => {
  const admin = { url: hub.url, token: hub.adminToken };
  const { classes, version = 0 } = await getPolicy(admin);
  const next = classes.map((c) =>
    c.name === 'refund.issue'
      ? {
          ...c,
          description: 'Refunds to customers \u202Eevil',
          deciders: ['support-leads'],
          conditionalDeciders: [{ when: [{ path: 'args.amount', op: 'gt' as const, value: 1000 }], deciders: ['finance-leads'] }],
          approvals: 2,
        }
      : c,
  );
  await changePolicy(admin, { classes: next, rationale: 'Large refunds need finance (audit finding 12)', baseVersion: version });

  await app.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Policy' }).click();
  const card = app.getByRole('article', { name: 'Class refund.issue' });
  await expect(card).toBeVisible();
  await expect(card.getByRole('list', { name: 'Decision rights' })).toContainText('Who decides: only support-leads.');
  await expect(card.getByRole('list', { name: 'Decision rights' })).toContainText('When amount is over 1,000: only finance-leads.');
  await expect(card.getByRole('list', { name: 'Decision rights' })).toContainText('2 different people must approve the same action.');
  await expect(card.locator('.policy-lane')).toContainText("Waits for a human's approval when two or more risk factors hold");
  // The RTL override is a visible badge, so the description cannot read backwards.
  await expect(card.locator('.policy-description .hidden-char')).toHaveCount(1);
  await expect(card.locator('.policy-description')).not.toContainText('live');

  const history = app.getByRole('table', { name: 'Policy versions of Team hub' });
  const latest = history.locator(`tr[data-version="${version + 1}"]`);
  await expect(latest).toContainText('Large refunds need finance (audit finding 12)');
  await expect(latest).toContainText('bootstrap-admin');
  await expect(app.getByRole('region', { name: 'Policy of Team hub' })).toContainText('history verified');
  await app.screenshot({ path: `${SCREENS}/policy.png`, fullPage: true });
});
