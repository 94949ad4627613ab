// Holes 1 and 2: browser mode authenticates by nothing another local port can obtain. A page on another loopback
// port, in the same Chromium profile after the app loaded, gets no cookie, cannot open /ws or trade the launch code;
// the same server replaying what it got from Node (no Origin) is refused; the launch URL read from history is dead.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startWebHost } from '../../src/web-host/host.js';
import { expect, refund, row, submit, test } from './fixtures.js';

/** The attacker's page: it knows the app's port and even the spent launch URL (from history), and tries both. */
function attackPage(appPort: number, launchUrl: string): string {
  const script = `
    window.__attack = {};
    const ws = new WebSocket('ws://127.0.0.1:${appPort}/ws', ['countersign']);
    ws.onopen = () => { window.__attack.ws = 'open'; ws.send(JSON.stringify({ t: 'call', id: 1, method: 'queue.list', input: { lane: 'approvals' } })); };
    ws.onmessage = (e) => { window.__attack.ws = 'answered: ' + e.data.slice(0, 80); };
    ws.onerror = () => { window.__attack.ws = window.__attack.ws || 'refused'; };
    fetch('http://127.0.0.1:${appPort}/session', { method: 'POST', body: JSON.stringify({ launch: new URL(${JSON.stringify(launchUrl)}).searchParams.get('launch') }) })
      .then((r) => r.text().then((t) => { window.__attack.session = 'HTTP ' + r.status + ' ' + t.slice(0, 80); }))
      .catch(() => { window.__attack.session = 'refused'; });`;
  return `<!doctype html><title>Not Countersign</title><script>${script}</script>`;
}

function openWs(port: number, headers: Record<string, string>, protocols: string[] = ['countersign']): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, protocols, { headers });
    ws.once('open', () => (ws.close(), resolve('open')));
    ws.once('unexpected-response', (_req, res) => resolve(`HTTP ${res.statusCode}`));
    ws.once('error', () => resolve('error'));
  });
}

test('a page on another loopback port gets no credential and cannot open /ws or decide', async ({ app, agent, consoleHost, context }) => {
  await submit(agent, refund('Gate: refund 9000', { amount: 9000 }));
  await expect(row(app, 'Gate: refund 9000')).toHaveCount(1);

  const cookies: string[] = [];
  const attacker = createServer((req, res) => {
    cookies.push(req.headers.cookie ?? '');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(attackPage(consoleHost.port, consoleHost.url));
  });
  await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', () => r()));
  try {
    const evil = await context.newPage();
    await evil.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`);
    await expect
      .poll(() => evil.evaluate(() => (window as unknown as { __attack: Record<string, string> }).__attack), { timeout: 15_000 })
      .toEqual({ ws: 'refused', session: 'refused' });
    await evil.close();

    // The browser sent the attacker's server nothing of ours (the old HttpOnly cookie went to every 127.0.0.1 port).
    expect(cookies.length).toBeGreaterThan(0);
    expect(cookies.join('\n')).not.toContain('countersign');
    // Replaying from Node as that server would: no Origin, the cookie header it got; then a forged Origin without the session.
    expect(await openWs(consoleHost.port, { cookie: cookies[0] ?? '' })).toBe('HTTP 403');
    expect(await openWs(consoleHost.port, { origin: `http://127.0.0.1:${consoleHost.port}`, cookie: cookies[0] ?? '' })).toBe('HTTP 401');

    // Nothing was decided: the refund still waits, in the console and at the hub.
    const left = await consoleHost.core.call('queue.list', { lane: 'approvals', limit: 50 });
    expect(left.items.map((i) => i.summary)).toContain('Gate: refund 9000');
    await expect(row(app, 'Gate: refund 9000')).toHaveCount(1);
  } finally {
    await new Promise<void>((r) => attacker.close(() => r()));
  }
});

test('the launch URL read back from history is dead in a new page; the app tab keeps its session over a reload', async ({ app, consoleHost, context }) => {
  expect(app.url()).not.toContain('launch=');
  const replay = await context.newPage();
  await replay.goto(consoleHost.url);
  await expect(replay.getByRole('alert').filter({ hasText: 'No session' })).toBeVisible();
  await expect(replay.locator('.sync-summary')).toContainText('not connected');
  expect(replay.url()).not.toContain('launch=');
  await replay.close();

  await app.reload();
  await expect(app.getByRole('navigation', { name: 'Lanes' })).toBeVisible();
  await expect(app.locator('.sync-summary')).not.toContainText('not connected');
  await expect(app.getByRole('alert').filter({ hasText: 'No session' })).toHaveCount(0);
});

test('a launch code expires', async ({ page }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'countersign-e2e-launch-'));
  const host = await startWebHost({ dataDir, embedded: false, demo: false, rendererDir: process.env.COUNTERSIGN_E2E_RENDERER, launchTtlMs: 500, log: () => {} });
  try {
    await new Promise((r) => setTimeout(r, 1000));
    await page.goto(host.url);
    await expect(page.getByRole('alert').filter({ hasText: 'No session' })).toBeVisible();
    await page.goto(host.newLaunchUrl());
    await expect(page.locator('.sync-summary')).not.toContainText('not connected');
  } finally {
    await host.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a tab from before a restart says its session ended, instead of reconnecting forever', async ({ page }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'countersign-e2e-restart-'));
  const start = (port?: number) => startWebHost({ dataDir, port, embedded: false, demo: false, rendererDir: process.env.COUNTERSIGN_E2E_RENDERER, log: () => {} });
  let host = await start();
  try {
    await page.goto(host.url);
    await expect(page.getByRole('navigation', { name: 'Lanes' })).toBeVisible();
    const port = host.port;
    await host.close();
    await expect(page.locator('.connection-lost')).toBeVisible();
    host = await start(port); // the same address, a new session credential
    const ended = page.getByRole('alert').filter({ hasText: 'Countersign restarted' });
    await expect(ended).toBeVisible({ timeout: 20_000 });
    await expect(ended).toContainText('npm run web prints one when it starts'); // the command that prints the new link
    await expect(page.locator('.connection-lost')).toHaveCount(0);
    // The way forward it names works: a fresh launch URL gives this tab a live session again.
    await page.goto(host.newLaunchUrl());
    await expect(page.locator('.sync-summary')).not.toContainText('not connected');
    await expect(ended).toHaveCount(0);
  } finally {
    await host.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
