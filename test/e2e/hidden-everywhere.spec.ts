// Hidden and look-alike characters are made visible in every string that reaches the screen, not only the action:
// the agent's name, the action class, the filters, the Insights table and chart legends (issue #14 items 3, 4).
import { expect, refund, SCREENS, submit, test, decideAtHub } from './fixtures.js';

const RLO = '\u202E';
const EVIL_AGENT = `Agent ${RLO}evil`; // renders as "Agent live" when shown raw
const LOOKALIKE_CLASS = 'refund.issu\u0435'; // Cyrillic е: fails closed at the policy, but reads as the real class

/** Every text node and attribute of the page: a bidi control must not reach any of them. */
const rawBidiOnPage = () =>
  [...document.querySelectorAll('*')].some(
    (el) =>
      [...el.childNodes].some((n) => n.nodeType === 3 && /[\u202A-\u202E\u2066-\u2069]/.test(n.textContent ?? '')) ||
      [...el.attributes].some((a) => a.name !== 'value' && /[\u202A-\u202E\u2066-\u2069]/.test(a.value)),
  );

test('bidi controls and look-alikes are flagged in the agent, the class, the filters and Insights', async ({ app, agent, hub, consoleHost }) => {
  const h = await submit(agent, { ...refund('Refund by a spoofed agent'), agent: { id: 'spoof', name: EVIL_AGENT } });
  await submit(agent, { ...refund('Refund in a look-alike class'), actionClass: LOOKALIKE_CLASS });
  await expect(app.getByRole('listbox').getByRole('option')).toHaveCount(2);

  // The filters: options are plain text, so the badge is spelled out in it and the override never reaches the page.
  const agents = app.getByLabel('Filter by agent').locator('option');
  await expect(agents).toContainText([`Agent ⟦U+202E RIGHT-TO-LEFT OVERRIDE⟧evil`]);
  const classes = app.getByLabel('Filter by action class').locator('option');
  await expect(classes).toContainText([`refund.issu\u0435⟦U+0435 Cyrillic \u0435 in ${LOOKALIKE_CLASS}, looks like "e"⟧`]);

  // The item: the agent line shows the badge where the override stands.
  await app.getByRole('listbox').getByRole('option').filter({ hasText: 'Refund by a spoofed agent' }).click();
  await expect(app.locator('#item-summary')).toHaveText('Refund by a spoofed agent');
  await expect(app.locator('.item-meta, dl').filter({ hasText: 'Agent' }).first()).toContainText('Agent ⟦U+202E RIGHT-TO-LEFT OVERRIDE⟧evil');
  // The queue rows: the agent and the look-alike class carry their badges too.
  await expect(app.getByRole('listbox').getByRole('option').filter({ hasText: 'Refund by a spoofed agent' })).toContainText('Agent ⟦U+202E RIGHT-TO-LEFT OVERRIDE⟧evil');
  await expect(app.getByRole('listbox').getByRole('option').filter({ hasText: 'Refund in a look-alike class' })).toContainText('Cyrillic \u0435 in');
  expect(await app.evaluate(rawBidiOnPage)).toBe(false);
  await app.screenshot({ path: `${SCREENS}/hidden-agent.png` });

  // Insights: the class in the figures table and the chart legend.
  await decideAtHub(hub, hub.approver2Token, h.id, 'approve');
  const second = (await agent.requestApproval({ ...refund('Second look-alike refund'), actionClass: LOOKALIKE_CLASS })).id;
  await decideAtHub(hub, hub.approver2Token, second, 'approve');
  const day = new Date().toISOString().slice(0, 10);
  await expect.poll(async () => (await consoleHost.core.call('insights.decisions', { period: { from: day, to: day }, only: 'decided' })).total, { timeout: 20_000 }).toBe(2);
  await app.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Insights' }).click();
  const table = app.getByRole('table', { name: 'Figures per action class and lane' });
  await expect(table).toContainText(`⟦U+0435 Cyrillic \u0435 in ${LOOKALIKE_CLASS}, looks like "e"⟧`);
  await expect(app.locator('[data-chart="change-rate"] .recharts-legend-wrapper')).toContainText('Cyrillic');
  await expect(app.getByLabel('Action class filter').locator('option')).toContainText([`refund.issu\u0435⟦U+0435 Cyrillic \u0435 in ${LOOKALIKE_CLASS}, looks like "e"⟧`]);
  expect(await app.evaluate(rawBidiOnPage)).toBe(false);
  await app.screenshot({ path: `${SCREENS}/hidden-insights.png`, fullPage: true });
});
