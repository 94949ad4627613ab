// The item card (#15): what will happen, in words, above the exact JSON, from the class's display description in
// the real hub's policy (the default policy's refund, email and SQL classes), a generic card for a class without one,
// hostile templates shown as text, risk and reasons in plain words, and screenshots at 1440×900 and 1024×700 with the
// card above the fold.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { request } from '../helpers/hub.js';
import { SCREENS, email, expect, open, refund, submit, test } from './fixtures.js';

const card = (app: Page) => app.getByRole('region', { name: 'What will happen' });

async function shoot(app: Page, name: string) {
  for (const [w, h] of [
    [1440, 900],
    [1024, 700],
  ] as const) {
    await app.setViewportSize({ width: w, height: h });
    const box = await card(app).boundingBox();
    expect(box, 'the card is on screen').not.toBeNull();
    // Above the fold: the card's title and first fields are visible without scrolling at this size.
    expect(box!.y + Math.min(box!.height, 140), `card above the fold at ${w}×${h}`).toBeLessThanOrEqual(h);
    await app.screenshot({ path: `${SCREENS}/card-${name}-${w}x${h}.png` });
  }
  await app.setViewportSize({ width: 1440, height: 900 });
}

async function serious(app: Page) {
  const r = await new AxeBuilder({ page: app }).analyze();
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

test('a refund: amount with currency, reason, the class and its owner, risk and reasons in words; the JSON stays', async ({ app, agent }) => {
  await submit(agent, refund('Card: refund 480 EUR', { amount: 480, orderId: 'O-88123' }));
  await open(app, 'Card: refund 480 EUR');
  const c = card(app);
  await expect(c.locator('.card-title')).toHaveText('Refund 480 EUR: Duplicate charge');
  await expect(c.getByRole('definition').first()).toHaveText('480 EUR');
  await expect(c).toContainText('Order');
  await expect(c).toContainText('O-88123');
  await expect(c).toContainText('cus_1042');
  await expect(c).toContainText('Refund a customer payment.');
  await expect(c).toContainText('Owner: finance');
  await expect(app.locator('.item-meta-line')).toContainText('Risk 2 of 5');
  const why = app.getByRole('region', { name: 'Why it needs a human' });
  await expect(why).toContainText('2 of 5 risk factors: changes something (more than reading or drafting), hard or impossible to undo');
  await expect(why).toContainText('Refunds over 100 are expensive to claw back; this one is 480 EUR');
  // The words, not the rule's syntax (the decision log below keeps the entries as the hub wrote them).
  for (const region of [why, c, app.locator('.item-header')]) {
    await expect(region).not.toContainText('args.amount');
    await expect(region).not.toContainText('Outside a read-only or draft-only lane');
  }
  // The exact JSON is still there, below the card.
  await expect(app.getByLabel('Proposed action arguments')).toContainText('"amount": 480');
  const cardBox = (await c.boundingBox())!;
  const jsonBox = (await app.getByLabel('Proposed action arguments').boundingBox())!;
  expect(cardBox.y).toBeLessThan(jsonBox.y);
  expect(await serious(app)).toEqual([]);
  await shoot(app, 'refund');
});

test('an email: recipients, subject and the body as text', async ({ app, agent }) => {
  const body = 'Hello Jane,\n\nWe are sorry your parcel arrived late. A replacement is on its way and we added a voucher.\n\nKind regards,\nSupport';
  await submit(agent, email('Card: email Jane', body, { cc: ['lead@example.com', 'ops@example.com'] }));
  await open(app, 'Card: email Jane');
  const c = card(app);
  await expect(c.locator('.card-title')).toHaveText('Email jane@example.com: About your order');
  await expect(c.locator('.card-list').first()).toHaveText('jane@example.com');
  await expect(c.locator('.card-list').nth(1).getByRole('listitem')).toHaveText(['lead@example.com', 'ops@example.com']);
  await expect(c.locator('.card-block')).toHaveText(body);
  await expect(app.getByRole('region', { name: 'Why it needs a human' })).toContainText('Hard or impossible to undo: true of every email.send action');
  await shoot(app, 'email');
});

test('a SQL change in monospace; a DROP is an escalation, counted as the factors it lists', async ({ app, agent }) => {
  const sql = "UPDATE shipments SET status = 'lost'\nWHERE order_id = 'O-88123';";
  const base = { actionClass: 'db.sql.production', agent: { id: 'ops-agent', name: 'Ops agent' }, expiresIn: 3600 };
  await submit(agent, { ...base, action: { name: 'postgres.execute', args: { database: 'orders', sql } }, summary: 'Card: mark a shipment lost' });
  await agent.requestApproval({ ...base, action: { name: 'postgres.execute', args: { database: 'orders', sql: 'DROP TABLE shipments;' } }, summary: 'Card: drop shipments' });
  await open(app, 'Card: mark a shipment lost');
  const c = card(app);
  await expect(c.locator('.card-title')).toHaveText('Run SQL on the orders production database');
  await expect(c.locator('pre.card-code')).toHaveText(sql);
  await expect(app.locator('.item-meta-line')).toContainText('Risk 3 of 5');
  await shoot(app, 'sql');

  await app.getByRole('button', { name: /^Escalations/ }).click();
  await open(app, 'Card: drop shipments');
  await expect(app.locator('.item-meta-line')).toContainText('Escalation');
  const why = app.getByRole('region', { name: 'Why a person owns this' });
  await expect(why).toContainText('3 of 5 risk factors: hard or impossible to undo, changes something (more than reading or drafting), a named person must answer for it');
  await expect(why).toContainText('here sql contains "DROP"');
  await expect(app.getByRole('region', { name: 'Why it needs a human' })).toHaveCount(0);
});

test('a class without a display description gets a generic card; a released item says why it ran without approval', async ({ app, agent, hub }) => {
  const long = 'Counted twice on the shelf.\nSecond line of the note.';
  await submit(agent, {
    actionClass: 'inventory.adjust',
    action: { name: 'wms.adjust', args: { sku: 'SKU-9', quantity: 12000.25, active: true, note: long, tags: ['a', 'b'], meta: { deep: { x: 1 } } } },
    summary: 'Card: generic inventory change',
    agent: { id: 'ops-agent', name: 'Ops agent' },
    expiresIn: 3600,
  });
  await open(app, 'Card: generic inventory change');
  const c = card(app);
  await expect(c.locator('.card-title')).toHaveCount(0);
  await expect(c.getByRole('term')).toHaveText(['sku', 'quantity', 'active', 'note', 'tags']);
  await expect(c).toContainText('12,000.25');
  await expect(c.locator('.card-block')).toHaveText(long);
  await expect(c).toContainText('no display description for this class');
  await expect(c).toContainText('also in the action, shown below: meta');
  await expect(c).toContainText('not in the policy: unknown classes need approval');
  await expect(app.locator('.item-meta-line')).toContainText('Unknown class');
  await expect(app.getByRole('region', { name: 'Why it needs a human' })).toContainText('No policy describes this kind of action');
  await expect(app.getByRole('region', { name: 'Why it needs a human' })).toContainText('Risk unknown: no policy describes this class');
  await app.screenshot({ path: `${SCREENS}/card-generic.png` });

  // A small refund runs at once and is reviewed: the lane's words, not "needs a human".
  const small = await agent.requestApproval(refund('Card: small refund 30', { amount: 30 }));
  expect(small.status).toBe('released');
  await app.getByRole('button', { name: /^Reviews/ }).click();
  await open(app, 'Card: small refund 30');
  await expect(app.getByRole('region', { name: 'What ran' })).toContainText('30 EUR');
  const why = app.getByRole('region', { name: 'Why it ran without approval' });
  await expect(why).toContainText('1 of 5 risk factor: changes something (more than reading or drafting) · approval starts at two factors');
  await expect(app.getByRole('region', { name: 'Why it needs a human' })).toHaveCount(0);
  void hub;
});

test('hostile display templates and values are shown as text, flagged, never run', async ({ app, agent, hub, pageDialogs }) => {
  const classes = [
    {
      name: 'evil.class',
      factors: ['irreversible', 'outside_lane'],
      description: '<img src=x onerror="window.__pwned=1">',
      owner: '<script>window.__pwned=2</script>',
      display: {
        title: '<img src=x onerror="window.__pwned=3"> pay {args.to} {{not a placeholder}}',
        fields: [
          { label: '<b onmouseover="window.__pwned=4">To</b>', path: 'args.to' },
          { label: 'Amount', path: 'args.amount', format: 'money', currencyPath: 'args.currency' },
        ],
      },
    },
  ];
  const put = await request(hub.url, '/v1/action-classes', { method: 'PUT', token: hub.adminToken, body: { classes } });
  expect(put.status).toBe(200);
  await submit(agent, {
    actionClass: 'evil.class',
    action: { name: 'pay', args: { to: 'pаypal.com\u202Emoc.liame', amount: '<svg onload=alert(1)>', currency: { $ne: 1 } } },
    summary: 'Card: hostile display',
    agent: { id: 'x', name: 'X' },
    expiresIn: 3600,
  });
  await open(app, 'Card: hostile display');
  const c = card(app);
  await expect(c.locator('.card-title')).toContainText('<img src=x onerror="window.__pwned=3"> pay');
  await expect(c.locator('.card-title')).toContainText('{not a placeholder}');
  await expect(c.locator('.card-title .hidden-badge')).toHaveCount(2); // the Cyrillic а and the right-to-left override
  await expect(c.getByRole('term').first()).toHaveText('<b onmouseover="window.__pwned=4">To</b>');
  await expect(c).toContainText('<svg onload=alert(1)> {"$ne":1} (not a number)');
  await expect(c).toContainText('<img src=x onerror="window.__pwned=1">');
  await expect(c).toContainText('Owner: <script>window.__pwned=2</script>');
  await c.getByRole('term').first().hover();
  expect(await app.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await app.locator('.item img, .item svg, .item b').count()).toBe(0);
  expect(pageDialogs).toEqual([]);
});

test('the card names the policy version that classified the request', async ({ app, agent }) => {
  await submit(agent, refund('Card: refund under a version', { amount: 120, orderId: 'O-88124' }));
  await open(app, 'Card: refund under a version');
  const line = card(app).getByTestId('card-policy-version');
  await expect(line).toHaveText(/^Classified under policy v\d+, the current policy$/);
  await line.scrollIntoViewIfNeeded();
  await app.screenshot({ path: `${SCREENS}/card-policy-version.png` });
});
