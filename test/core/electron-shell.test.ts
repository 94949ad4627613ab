// The Electron shell's pure parts, without Electron: the IPC sender check + payload validation in front of a real
// core, and deep-link parsing.
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleCore } from '../../src/core/api.js';
import { deepLinkFromArgv, itemIdFromDeepLink } from '../../src/main/deep-link.js';
import { answerInvoke, externalUrl, isOurRendererUrl, rendererLocation } from '../../src/main/renderer-origin.js';
import { appUrlToFile, contentTypeOf } from '../../src/node-shared/app-scheme.js';
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

const bundle = '/opt/Countersign/resources/app.asar/out/renderer';
const packaged = rendererLocation(bundle, null);

describe('app:// scheme: URL to bundle file', () => {
  it('serves files inside the bundle and index.html for /', () => {
    expect(appUrlToFile('app://countersign/', bundle)).toBe(`${bundle}/index.html`);
    expect(appUrlToFile('app://countersign/index.html', bundle)).toBe(`${bundle}/index.html`);
    expect(appUrlToFile('app://countersign/assets/index-abc.js?v=1#x', bundle)).toBe(`${bundle}/assets/index-abc.js`);
    expect(appUrlToFile('app://countersign/assets/a%20b.css', bundle)).toBe(`${bundle}/assets/a b.css`);
    expect(contentTypeOf(`${bundle}/assets/index-abc.js`)).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf(`${bundle}/x.unknown`)).toBe('application/octet-stream');
  });

  it('refuses traversal, other hosts and schemes, backslashes, NUL and bad escapes', () => {
    for (const bad of [
      'app://countersign/assets/%2E%2E%2F..%2F..%2Fmain%2Findex.js',
      'app://countersign/..%2f..%2fpreload/index.cjs',
      'app://countersign/assets/..%5c..%5csecrets.json',
      'app://countersign/index.html%00.png',
      'app://countersign/%E0%A4%A',
      'app://evil/index.html',
      'app://user:pw@countersign/index.html',
      'app://countersign:8080/index.html',
      'file:///opt/Countersign/resources/app.asar/out/renderer/index.html',
      'https://countersign/index.html',
      'not a url',
    ])
      expect([bad, appUrlToFile(bad, bundle)]).toEqual([bad, null]);
    // A URL's own dot segments are resolved by the parser, and stay inside the bundle.
    expect(appUrlToFile('app://countersign/../../etc/passwd', bundle)).toBe(`${bundle}/etc/passwd`);
    expect(appUrlToFile('app://countersign/%2e%2e/%2e%2e/etc/passwd', bundle)).toBe(`${bundle}/etc/passwd`);
    // A sibling folder whose name starts like the bundle's is outside it.
    expect(appUrlToFile('app://countersign/..%2frenderer-evil/x.js', bundle)).toBeNull();
  });
});

describe('IPC sender check', () => {
  it('accepts only our app:// renderer page (packaged) or the dev server origin (development), never file://', () => {
    expect(packaged.url).toBe('app://countersign/index.html');
    expect(isOurRendererUrl('app://countersign/index.html', packaged)).toBe(true);
    expect(isOurRendererUrl('app://countersign/index.html#/item/1', packaged)).toBe(true);
    expect(isOurRendererUrl('app://countersign/', packaged)).toBe(true);
    // The old file:// page, and every other local file, is no longer our renderer.
    expect(isOurRendererUrl(`file://${bundle}/index.html`, packaged)).toBe(false);
    expect(isOurRendererUrl('file:///tmp/evil.html', packaged)).toBe(false);
    expect(isOurRendererUrl('app://countersign/assets/evil.html', packaged)).toBe(false);
    expect(isOurRendererUrl('app://evil/index.html', packaged)).toBe(false);
    expect(isOurRendererUrl('app://countersign:99/index.html', packaged)).toBe(false);
    expect(isOurRendererUrl('appx://countersign/index.html', packaged)).toBe(false);
    expect(isOurRendererUrl('https://evil.example/', packaged)).toBe(false);
    expect(isOurRendererUrl(null, packaged)).toBe(false);
    expect(isOurRendererUrl('not a url', packaged)).toBe(false);
    const dev = rendererLocation('/x/index.html', 'http://localhost:5173');
    expect(isOurRendererUrl('http://localhost:5173/', dev)).toBe(true);
    expect(isOurRendererUrl('http://localhost:5174/', dev)).toBe(false);
  });

  it('answers forbidden to a foreign frame, invalid_input to a bad payload, and calls the core otherwise', async () => {
    const ours = 'app://countersign/index.html';
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
