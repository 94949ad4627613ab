// Real parts for every E2E test: a hub process (spawnHub), the console's browser mode in this process
// (startWebHost, embedded hub and demo off) with that hub added as its source, and an agent on the SDK.
import { test as base, expect, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebHost, type WebHost } from '../../src/web-host/host.js';
import { createClient, type ApprovalHandle, type ApprovalInput, type HubClient } from '../../src/sdk/index.js';
import type { DecisionResult } from '../../src/shared/protocol.js';
import { request, spawnHub, type HubProcess } from '../helpers/hub.js';

/** The name typed in Settings; the hub names this console's token `approver-1` itself. */
export const APPROVER = 'Dana Approver';
export const SCREENS = 'test-results/screens';

export interface Fixtures {
  hub: HubProcess;
  /** Sync timing for the console under test (the conflict test slows its retries). */
  syncTiming: { pollMinMs?: number; pollMaxMs?: number; backoffBaseMs?: number; backoffMaxMs?: number };
  consoleHost: WebHost;
  agent: HubClient;
  app: Page;
  /** Dialogs (alert/confirm) the page tried to open: a hostile payload must never cause one. */
  pageDialogs: string[];
}

export const test = base.extend<Fixtures>({
  // Playwright reads a fixture's dependencies from its first parameter, which must be an object pattern even when empty.
  // eslint-disable-next-line no-empty-pattern -- the empty pattern is Playwright's syntax for "no dependencies"
  hub: async ({}, use) => {
    const hub = await spawnHub();
    await use(hub);
    await hub.stop();
  },
  syncTiming: [{ pollMinMs: 300, pollMaxMs: 2000, backoffBaseMs: 200, backoffMaxMs: 1000 }, { option: true }],
  consoleHost: async ({ hub, syncTiming }, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'countersign-e2e-console-'));
    const host = await startWebHost({
      dataDir,
      embedded: false,
      demo: false,
      approverName: APPROVER,
      rendererDir: process.env.COUNTERSIGN_E2E_RENDERER,
      timing: syncTiming,
      log: () => {},
    });
    await host.core.call('sources.add', { kind: 'hub', name: 'Team hub', url: hub.url, token: hub.approverToken });
    await use(host);
    await host.close();
    rmSync(dataDir, { recursive: true, force: true });
  },
  agent: async ({ hub }, use) => {
    await use(createClient({ url: hub.url, token: hub.agentToken, retries: 2, minTimeoutMs: 100, maxTimeoutMs: 500 }));
  },
  // eslint-disable-next-line no-empty-pattern -- the empty pattern is Playwright's syntax for "no dependencies"
  pageDialogs: async ({}, use) => {
    await use([]);
  },
  app: async ({ page, consoleHost, pageDialogs }, use) => {
    mkdirSync(SCREENS, { recursive: true });
    page.on('dialog', (d) => {
      pageDialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(consoleHost.url);
    await expect(page.getByRole('navigation', { name: 'Lanes' })).toBeVisible();
    await use(page);
  },
});
export { expect };

/** A customer refund large enough to need approval under the hub's default policy. */
export function refund(summary: string, args: Record<string, unknown> = {}): ApprovalInput {
  return {
    actionClass: 'refund.issue',
    action: { name: 'payments.refund', args: { customerId: 'cus_1042', amount: 250, currency: 'EUR', reason: 'Duplicate charge', ...args } },
    summary,
    evidence: [
      { title: 'Ticket #1042', text: 'Customer says they were charged twice for order 88123.' },
      { title: 'Payment log', url: 'https://payments.example.com/orders/88123' },
    ],
    agent: { id: 'support-agent', name: 'Support agent', runUrl: 'https://traces.example.com/run/42' },
    expiresIn: 3600,
  };
}

/** A customer email with a long body (email.send needs approval under the default policy). */
export function email(summary: string, body: string, args: Record<string, unknown> = {}): ApprovalInput {
  return {
    actionClass: 'email.send',
    action: { name: 'email.send', args: { to: 'jane@example.com', subject: 'About your order', body, ...args } },
    summary,
    agent: { id: 'support-agent', name: 'Support agent' },
    expiresIn: 3600,
  };
}

export async function submit(agent: HubClient, input: ApprovalInput): Promise<ApprovalHandle> {
  const h = await agent.requestApproval(input);
  expect(h.status, `"${input.summary}" should wait for approval`).toBe('pending');
  return h;
}

/** The row for a summary in the current lane (the console pulls it from the hub via SSE). */
export function row(page: Page, summary: string) {
  return page.getByRole('listbox').getByRole('option').filter({ hasText: summary });
}

/** Clicks a row and waits until the item pane shows it. */
export async function open(page: Page, summary: string) {
  await row(page, summary).click();
  await expect(page.locator('#item-summary')).toHaveText(summary);
}

/** Another approver decides through the hub API directly. */
export async function decideAtHub(hub: HubProcess, token: string, requestId: string, verdict: 'approve' | 'reject', feedback = '') {
  const res = await request<{ results: DecisionResult[] }>(hub.url, '/v1/decisions', {
    method: 'POST',
    token,
    body: { decisions: [{ id: randomUUID(), requestId, verdict, feedback, decidedAt: new Date().toISOString() }] },
  });
  expect(res.status).toBe(200);
  return res.body;
}
