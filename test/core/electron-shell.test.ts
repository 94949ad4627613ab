// The Electron shell's pure parts, without Electron: the IPC sender check + payload validation in front of a real
// core, and deep-link parsing.
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleCore } from '../../src/core/api.js';
import { deepLinkFromArgv, itemIdFromDeepLink } from '../../src/main/deep-link.js';
import { answerInvoke, externalUrl, isOurRendererUrl, rendererLocation } from '../../src/main/renderer-origin.js';
import { makeCore } from './helpers.js';

let core: ConsoleCore;
let dataDir: string;
beforeAll(async () => {
  ({ core, dataDir } = await makeCore());
});
afterAll(async () => {
  await core.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const packaged = rendererLocation('/opt/Countersign/resources/app.asar/out/renderer/index.html', null);

describe('IPC sender check', () => {
  it('accepts only our renderer file (packaged) or the dev server origin (development)', () => {
    expect(isOurRendererUrl('file:///opt/Countersign/resources/app.asar/out/renderer/index.html', packaged)).toBe(true);
    expect(isOurRendererUrl('file:///opt/Countersign/resources/app.asar/out/renderer/index.html#/item/1', packaged)).toBe(true);
    expect(isOurRendererUrl('file:///tmp/evil.html', packaged)).toBe(false);
    expect(isOurRendererUrl('https://evil.example/', packaged)).toBe(false);
    expect(isOurRendererUrl(null, packaged)).toBe(false);
    expect(isOurRendererUrl('not a url', packaged)).toBe(false);
    const dev = rendererLocation('/x/index.html', 'http://localhost:5173');
    expect(isOurRendererUrl('http://localhost:5173/', dev)).toBe(true);
    expect(isOurRendererUrl('http://localhost:5174/', dev)).toBe(false);
  });

  it('answers forbidden to a foreign frame, invalid_input to a bad payload, and calls the core otherwise', async () => {
    const ours = 'file:///opt/Countersign/resources/app.asar/out/renderer/index.html';
    expect(await answerInvoke(core, packaged, 'https://evil.example/', ['queue.counts', {}])).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await answerInvoke(core, packaged, ours, [42, {}])).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await answerInvoke(core, packaged, ours, [])).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await answerInvoke(core, packaged, ours, ['queue.list', { lane: 'nope' }])).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'lane' }] } });
    expect(await answerInvoke(core, packaged, ours, ['queue.counts', {}])).toEqual({
      ok: true,
      output: { approvals: 0, reviews: 0, audit: 0, escalations: 0, decided: 0, waiting: 0, outbox: 0 },
    });
  });
});

describe('deep links', () => {
  it('parses countersign://item/<id> and nothing else', () => {
    expect(itemIdFromDeepLink('countersign://item/hub-1%3Areq-9')).toBe('hub-1:req-9');
    expect(itemIdFromDeepLink('countersign://item/abc?x=1')).toBe('abc');
    expect(itemIdFromDeepLink('countersign://settings')).toBeNull();
    expect(itemIdFromDeepLink('https://item/abc')).toBeNull();
    expect(itemIdFromDeepLink('countersign://item/%E0%A4%A')).toBeNull();
    expect(deepLinkFromArgv(['/usr/bin/countersign', '--flag', 'countersign://item/x1'])).toBe('x1');
    expect(deepLinkFromArgv(['/usr/bin/countersign'])).toBeNull();
  });
});

describe('external links and packaging (#14 item 14)', () => {
  it('opens only http(s) links, normalised so the destination shown is the one opened', () => {
    expect(externalUrl('https://payments.example.com/orders/88123')).toBe('https://payments.example.com/orders/88123');
    expect(externalUrl('HTTPS://EXAMPLE.com')).toBe('https://example.com/');
    expect(externalUrl('http://xn--80ak6aa92e.com/')).toBe('http://xn--80ak6aa92e.com/');
    expect(externalUrl('https://раураl.com/')).toMatch(/^https:\/\/xn--[a-z0-9-]+\.com\/$/); // a look-alike host is shown in punycode
    for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,x', 'countersign://item/1', 'not a url', ''])
      expect([bad, externalUrl(bad)]).toEqual([bad, null]);
  });

  it('packages with the Electron fuses of the security checklist', () => {
    const yml = readFileSync(new URL('../../electron-builder.yml', import.meta.url), 'utf8');
    const block = /^electronFuses:\n((?:[ ]+\w+: \w+\n?)+)/m.exec(yml)?.[1] ?? '';
    const fuses = Object.fromEntries(
      block
        .trim()
        .split('\n')
        .map((l) => l.trim().split(': ')),
    );
    expect(fuses).toEqual({
      runAsNode: 'false',
      enableNodeCliInspectArguments: 'false',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableCookieEncryption: 'true',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
    });
    expect(yml).not.toMatch(/^asar: false/m);
  });
});
