// The edit dialog checks the arguments against the schema the agent gives (a real createAgent agent's argsSchema on
// the real LangGraph dev server, added as a source of the console under test): an amount over the schema's maximum is
// named as you type and approve is off; a fitting one is approved and the agent's tool runs with it.
import { expect, open, test } from './fixtures.js';
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
