// The edit dialog checks the arguments against the schema the agent gives (a real createAgent agent's argsSchema on
// the real LangGraph dev server, added as a source of the console under test): an amount over the schema's maximum is
// named as you type and approve is off; a fitting one is approved and the agent's tool runs with it.
import AxeBuilder from '@axe-core/playwright';
import { expect, open, SCREENS, test } from './fixtures.js';
import { interruptedThread, settledValues, startLangGraphServer } from '../langgraph/helpers/server.js';

test('an edit outside the argsSchema is named in the dialog and cannot be approved; one inside it reaches the tool', async ({ app, consoleHost }) => {
  test.setTimeout(120_000);
  const lg = await startLangGraphServer({ workers: 1 });
  try {
    const plan = { calls: [{ name: 'wire_transfer', args: { amount: 500, iban: 'DE89 3704' } }] };
    const threadId = await interruptedThread(lg.client, 'hitl', { messages: [{ role: 'user', content: JSON.stringify(plan) }] });
    await consoleHost.core.call('sources.add', { kind: 'langgraph', name: 'Payments agent', url: lg.url, watch: [] });
    await open(app, 'Wire transfer');
    await app.keyboard.press('e');
    const dialog = app.getByRole('dialog', { name: 'Edit, then approve' });
    await expect(dialog.getByText('Valid JSON, fits the schema the agent gives')).toBeVisible();
    const amount = dialog.getByLabel('amount', { exact: true });
    await amount.fill('20000');
    await expect(dialog.getByRole('alert')).toContainText('Does not fit the schema the agent gives: amount:');
    await expect(dialog.getByRole('button', { name: /Approve/ })).toBeDisabled();
    await amount.fill('450');
    await expect(dialog.getByText('Valid JSON, fits the schema the agent gives')).toBeVisible();
    await dialog.getByRole('button', { name: 'Approve with edits' }).click();
    await expect(dialog).toBeHidden();
    await expect
      .poll(
        async () => {
          const { values } = await settledValues(lg.client, threadId, 60_000);
          return (values.messages as Array<{ type: string; content: unknown }>).filter((m) => m.type === 'tool').map((m) => m.content);
        },
        { timeout: 60_000 },
      )
      .toEqual(['wired 450 to DE89 3704']);
  } finally {
    await lg.dispose();
  }
});

// The form is built from the schema: an input per field by its type, required marks and descriptions, a choice for an
// enum, yes/no for a boolean, a list as a JSON field; the JSON view follows it. Then a raw question's answer schema
// (interrupt(value, {responseSchema})) gives the "Answer with a value" form. Axe-scanned and photographed.
test('the edit form comes from the schema the agent gives, for tool arguments and for an answer', async ({ app, consoleHost }) => {
  test.setTimeout(180_000);
  const lg = await startLangGraphServer({ workers: 1 });
  const serious = async () => {
    const r = await new AxeBuilder({ page: app }).include('dialog.edit-dialog').analyze();
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  };
  try {
    const args = { orderId: 'A-17', amount: 120, reason: 'late', notify: false, lines: ['mug'] };
    const threadId = await interruptedThread(lg.client, 'hitl', { messages: [{ role: 'user', content: JSON.stringify({ calls: [{ name: 'issue_refund', args }] }) }] });
    const questionId = await interruptedThread(lg.client, 'answer', { action: 'ticket.route', args: {} });
    await consoleHost.core.call('sources.add', { kind: 'langgraph', name: 'Refunds agent', url: lg.url, watch: [] });

    await open(app, 'Refund an order');
    await app.keyboard.press('e');
    const dialog = app.getByRole('dialog', { name: 'Edit, then approve' });
    const form = dialog.getByRole('group', { name: 'Fields (from the schema the agent gives)' });
    await expect(form.getByLabel('orderId')).toHaveValue('A-17');
    await expect(form.getByLabel('orderId')).toHaveAccessibleDescription('The order to refund');
    await expect(form.getByLabel('orderId')).toHaveAttribute('aria-required', 'true');
    await expect(form.getByLabel('notify')).not.toHaveAttribute('aria-required', 'true');
    await expect(form.getByLabel('amount')).toHaveAttribute('type', 'number');
    await expect(form.getByLabel('amount')).toHaveAttribute('step', '1');
    await expect(form.getByLabel('reason')).toHaveJSProperty('tagName', 'SELECT');
    await expect(form.getByLabel('reason').locator('option:checked')).toHaveText('late');
    await expect(form.getByLabel('notify')).toHaveAttribute('type', 'checkbox');
    await expect(form.getByLabel('lines')).toHaveValue(JSON.stringify(['mug'], null, 2));

    await form.getByLabel('amount').fill('600');
    await expect(dialog.getByRole('alert')).toContainText('Does not fit the schema the agent gives: amount:');
    await expect(dialog.getByRole('button', { name: /Approve/ })).toBeDisabled();
    await form.getByLabel('amount').fill('80');
    await form.getByLabel('reason').selectOption('damaged');
    await form.getByLabel('notify').check();
    await form.getByLabel('lines').fill('["mug", "saucer"');
    await expect(dialog.getByRole('alert')).toContainText('lines: Not valid JSON');
    await expect(dialog.getByRole('button', { name: /Approve/ })).toBeDisabled();
    await form.getByLabel('lines').fill('["mug", "saucer"]');
    await expect(dialog.getByText('Valid JSON, fits the schema the agent gives')).toBeVisible();
    // The JSON view is the same value; a change there shows in the form.
    const json = dialog.getByLabel('Arguments (JSON)');
    await expect(json).toHaveValue(/"reason": "damaged"/);
    await expect(json).toHaveValue(/"notify": true/);
    expect(await serious()).toEqual([]);
    await app.screenshot({ path: `${SCREENS}/edit-schema-form.png` });
    await json.fill(JSON.stringify({ ...args, amount: 80, reason: 'damaged', notify: true, lines: ['mug', 'saucer'], orderId: 'A-18' }));
    await expect(form.getByLabel('orderId')).toHaveValue('A-18');
    await dialog.getByRole('button', { name: 'Approve with edits' }).click();
    await expect(dialog).toBeHidden();
    await expect
      .poll(
        async () => {
          const { values } = await settledValues(lg.client, threadId, 60_000);
          return (values.messages as Array<{ type: string; content: unknown }>).filter((m) => m.type === 'tool').map((m) => m.content);
        },
        { timeout: 60_000 },
      )
      .toEqual(['refunded 80 on A-18 (damaged, customer told) for mug, saucer']);

    await open(app, 'Graph "answer" is waiting for an answer');
    await app.keyboard.press('e');
    const answer = app.getByRole('dialog', { name: 'Answer with a value' });
    const fields = answer.getByRole('group', { name: 'Fields (from the schema the agent gives)' });
    await expect(fields.getByLabel('queue').locator('option:checked')).toHaveText('(choose one)');
    await expect(answer.getByRole('alert')).toContainText('queue:');
    await fields.getByLabel('queue').selectOption('support');
    await fields.getByLabel('approved').check();
    expect(await serious()).toEqual([]);
    await answer.getByRole('button', { name: 'Send answer' }).click();
    await expect(answer).toBeHidden();
    await expect.poll(async () => (await settledValues(lg.client, questionId, 60_000)).values.responses, { timeout: 60_000 }).toEqual([{ approved: true, queue: 'support' }]);
  } finally {
    await lg.dispose();
  }
});
