// Renderer benchmark: browser mode with 100,000 pending items, driven in Debian's Chromium (playwright-core).
// Measures start to first rows, search keystroke to results, scrolling frame times, decision keypress to
// persisted + next item shown, and renderer memory. Loopback only; bounded in time (about a minute or two).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium, type Page } from 'playwright-core';
import { startWebHost } from '../src/web-host/host.js';
import { buildRenderer } from '../test/e2e/build-renderer.js';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 100_000);
const DECISIONS = 40;
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;
const rows: Array<[string, string, string, string]> = [];
const report = (what: string, value: string, target: string, ok: boolean | null) => rows.push([what, value, target, ok === null ? '' : ok ? 'ok' : 'MISSED']);

async function searchOnce(page: Page, term: string): Promise<number> {
  // Clear first and wait for the full lane, so each measurement starts from the same place.
  const box = page.getByRole('searchbox', { name: 'Search the queue' });
  await box.fill('');
  await page.waitForFunction(() => !document.querySelector('.queue-summary')?.textContent?.includes('matching'));
  await box.fill(term.slice(0, -1));
  await page.waitForTimeout(300);
  const waiter = page.evaluate(
    (t) =>
      new Promise<number>((resolve) => {
        let start = 0;
        window.addEventListener('keydown', () => (start = performance.now()), { capture: true, once: true });
        const done = () => {
          const s = document.querySelector('.queue-summary')?.textContent ?? '';
          if (start && s.includes(`“${t}”`) && document.querySelector('[role=option]')) {
            obs.disconnect();
            requestAnimationFrame(() => resolve(performance.now() - start));
            return true;
          }
          return false;
        };
        const obs = new MutationObserver(done);
        obs.observe(document.querySelector('.queue-pane')!, { subtree: true, childList: true, characterData: true });
        setTimeout(() => resolve(NaN), 10_000); // bounded: a search that never shows results counts as missing
      }),
    term,
  );
  await page.waitForTimeout(50);
  await box.press(term.slice(-1));
  return waiter;
}

const progress = (m: string) => process.env.BENCH_VERBOSE && console.log(`  .. ${m}`);

async function main() {
  const t0 = performance.now();
  const rendererDir = await buildRenderer();
  const buildMs = performance.now() - t0;
  const dataDir = mkdtempSync(join(tmpdir(), 'countersign-bench-renderer-'));
  const opts = { dataDir, embedded: false, demo: false, rendererDir, approverName: 'Bench Approver', log: () => {} };

  // Seed once (setup, not measured as start), then start fresh on that data as an approver would each morning.
  const s0 = performance.now();
  const seeder = await startWebHost({ ...opts, seedItems: ITEMS });
  const seedMs = performance.now() - s0;
  await seeder.close();

  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  // tsx compiles with keepNames, which wraps functions handed to page.evaluate in a __name() helper the page lacks.
  await page.addInitScript('window.__name = (f) => f');
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    const start = performance.now();
    const host = await startWebHost(opts);
    const hostUp = performance.now();
    await page.goto(host.url);
    await page.locator('[role=option][data-item-id]').first().waitFor();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
    const firstRows = performance.now();
    const approvals = Number(
      (await page
        .getByRole('button', { name: /^Approvals/ })
        .locator('.lane-count')
        .textContent())!.replace(/\D/g, ''),
    );
    report('start to first rows painted', ms(firstRows - start), '< 2000 ms', firstRows - start < 2000);
    report('  of which host start (100k items)', ms(hostUp - start), '', null);
    report('  of which browser + page load to rows (cold)', ms(firstRows - hostUp), '', null);

    // A warm reload (browser already running, host already up): the page's own share of the start.
    const r0 = performance.now();
    await page.reload();
    await page.locator('[role=option][data-item-id]').first().waitFor();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
    const reloadMs = performance.now() - r0;
    report('  warm reload to first rows painted', ms(reloadMs), '< 1000 ms', reloadMs < 1000);
    progress('first rows');
    // Search: last keystroke to matching rows on screen (no debounce: each key searches, only the latest text is sent).
    const terms = ['Lovelace', 'warranty', 'Curie', 'Hopper', 'damaged', 'Shannon', 'gold', 'Liskov', 'billing', 'Turing'];
    const search: number[] = [];
    for (const t of terms) {
      const v = await searchOnce(page, t);
      if (Number.isNaN(v)) console.log(`search "${t}" showed no results within 10 s`);
      else search.push(v);
    }
    await page.getByRole('searchbox', { name: 'Search the queue' }).fill('');
    await page.waitForFunction(() => !document.querySelector('.queue-summary')?.textContent?.includes('matching'));
    report('search keystroke to results p50', ms(pct(search, 50)), '< 100 ms', pct(search, 50) < 100);
    report('search keystroke to results p95', ms(pct(search, 95)), '< 300 ms', pct(search, 95) < 300);

    progress('search');
    // Scrolling: 4 s of steady scrolling (1,200 px per frame, about 20 rows) through the 100k list, rAF deltas.
    await page.waitForTimeout(300);
    const scroll = await page.evaluate(
      () =>
        new Promise<{ deltas: number[]; blank: number; sampled: number; distance: number }>((resolve) => {
          const list = document.querySelector<HTMLElement>('.queue-list')!;
          const deltas: number[] = [];
          let blank = 0;
          let sampled = 0;
          let last = performance.now();
          const until = last + 4000;
          const from = list.scrollTop;
          const frame = (now: number) => {
            deltas.push(now - last);
            last = now;
            list.scrollTop += 1200;
            sampled += document.querySelectorAll('.queue-row').length;
            blank += document.querySelectorAll('.queue-row.placeholder').length;
            if (now < until) requestAnimationFrame(frame);
            else resolve({ deltas: deltas.slice(1), blank, sampled, distance: list.scrollTop - from });
          };
          requestAnimationFrame(frame);
        }),
    );
    const p50 = pct(scroll.deltas, 50);
    const p95 = pct(scroll.deltas, 95);
    const max = Math.max(...scroll.deltas);
    report('scroll frame time p50', ms(p50), '<= 16.7 ms (60 fps)', p50 <= 17.5);
    report('scroll frame time p95', ms(p95), '<= 16.7 ms (one frame)', p95 <= 17.5);
    report('scroll frame time max', ms(max), '< 100 ms', max < 100);
    report(
      '  rows scrolled past / blank row share',
      `${Math.round(scroll.distance / 58).toLocaleString()} / ${((100 * scroll.blank) / Math.max(1, scroll.sampled)).toFixed(1)} %`,
      '',
      null,
    );

    progress('scroll');
    // Decisions: keypress "a" to (persisted by item.decide) and (next item shown), whichever is later.
    await page.evaluate(() => (document.querySelector('.queue-list') as HTMLElement).scrollTo(0, 0));
    await page.locator('[role=option]').first().click();
    await page.locator('article.item').waitFor();
    const decide: number[] = [];
    const nextShown: number[] = [];
    const persisted: number[] = [];
    const freeAfterKey: number[] = [];
    for (let i = 0; i < DECISIONS; i++) {
      await page.waitForTimeout(250); // an approver reads (fast); the next item's detail is fetched ahead meanwhile
      const before = await page.locator('article.item').getAttribute('data-item-id');
      const waiter = page.evaluate(
        (prev) =>
          new Promise<{ next: number; saved: number; free: number }>((resolve) => {
            let start = 0;
            let next = 0;
            let saved = 0;
            let free = 0;
            const finish = () => {
              if (!next || !saved) return;
              obs.disconnect();
              clearInterval(poll);
              resolve({ next: next - start, saved: saved - start, free });
            };
            window.addEventListener(
              'keydown',
              () => {
                start = performance.now();
                // When the page's thread is next free after the key's own work (the next item's render): an answer
                // that arrived earlier waits until then to be read.
                setTimeout(() => (free = performance.now() - start), 0);
              },
              { capture: true, once: true },
            );
            // The next item is "shown" when React has put it into the DOM (observed as it happens, not at the next frame).
            const obs = new MutationObserver(() => {
              const id = document.querySelector('article.item')?.getAttribute('data-item-id');
              if (!next && start && id && id !== prev) {
                next = performance.now();
                finish();
              }
            });
            obs.observe(document.querySelector('.detail-pane')!, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-item-id'] });
            // "Persisted" is when item.decide answered (the mark's own timestamp, so polling adds nothing).
            const poll = setInterval(() => {
              const m = performance.getEntriesByName('countersign:decide:persisted').pop();
              if (!saved && start && m && m.startTime >= start) {
                saved = m.startTime;
                finish();
              }
              if (start && performance.now() - start > 10_000) {
                obs.disconnect();
                clearInterval(poll);
                resolve({ next: NaN, saved: NaN, free: NaN });
              }
            }, 2);
            // Bounded even when the key never arrives.
            setTimeout(() => {
              obs.disconnect();
              clearInterval(poll);
              resolve({ next: NaN, saved: NaN, free: NaN });
            }, 15_000);
          }),
        before,
      );
      await page.waitForTimeout(30);
      await page.keyboard.press('a');
      const r = await waiter;
      if (Number.isNaN(r.next)) throw new Error(`decision ${i + 1} did not complete within 10 s`);
      progress(`decision ${i + 1}`);
      nextShown.push(r.next);
      persisted.push(r.saved);
      freeAfterKey.push(r.free);
      decide.push(Math.max(r.next, r.saved));
    }
    // The transport's floor: a trivial call (app.info) over a second socket of the same page, between decisions' work.
    const rtt = await page.evaluate(
      () =>
        new Promise<number[]>((resolve) => {
          const ws = new WebSocket(`ws://${location.host}/ws`, ['countersign', `countersign.session.${sessionStorage.getItem('countersign.session')}`]);
          const out: number[] = [];
          let sent = 0;
          const call = () => {
            sent = performance.now();
            ws.send(JSON.stringify({ t: 'call', id: out.length + 1, method: 'app.info', input: {} }));
          };
          ws.onopen = call;
          ws.onmessage = (e) => {
            if (!String(e.data).includes('"t":"result"')) return;
            out.push(performance.now() - sent);
            if (out.length < 30) setTimeout(call, 20);
            else {
              ws.close();
              resolve(out);
            }
          };
          setTimeout(() => resolve(out), 10_000);
        }),
    );
    report('  call round trip floor (app.info) p50', ms(pct(rtt, 50)), '', null);
    // Where a decision's time goes without the page's own work: item.decide over a second socket (transport + the
    // core: checks, the durable write with synchronous=FULL, the answer), between no key presses or renders.
    const bare = await page.evaluate(
      () =>
        new Promise<number[]>((resolve) => {
          const ws = new WebSocket(`ws://${location.host}/ws`, ['countersign', `countersign.session.${sessionStorage.getItem('countersign.session')}`]);
          const out: number[] = [];
          let ids: string[] = [];
          let sent = 0;
          const next = () => {
            const id = ids.shift();
            if (!id) return (ws.close(), resolve(out));
            sent = performance.now();
            ws.send(JSON.stringify({ t: 'call', id: 1000 + out.length, method: 'item.decide', input: { id, verdict: 'approve' } }));
          };
          ws.onopen = () => ws.send(JSON.stringify({ t: 'call', id: 1, method: 'queue.list', input: { lane: 'approvals', offset: 200, limit: 30 } }));
          ws.onmessage = (e) => {
            const m = JSON.parse(String(e.data)) as { t: string; id?: number; output?: { items?: Array<{ id: string }> } };
            if (m.t !== 'result') return;
            if (m.id === 1) ids = (m.output?.items ?? []).map((r) => r.id);
            else out.push(performance.now() - sent);
            setTimeout(next, 250);
          };
          setTimeout(() => resolve(out), 20_000);
        }),
    );
    progress('bare decisions');
    report('  item.decide over a bare socket p50', ms(pct(bare, 50)), '', null);
    report('  item.decide over a bare socket p95', ms(pct(bare, 95)), '', null);
    report('decision key to next item shown p95', ms(pct(nextShown, 95)), '< 16 ms', pct(nextShown, 95) < 16);
    report('decision key to persisted p50', ms(pct(persisted, 50)), '', null);
    report('decision key to persisted p95', ms(pct(persisted, 95)), '< 16 ms', pct(persisted, 95) < 16);
    report('  page thread free again after the key p50', ms(pct(freeAfterKey, 50)), '', null);
    report('  page thread free again after the key p95', ms(pct(freeAfterKey, 95)), '', null);
    report('decision key to persisted + next shown p50', ms(pct(decide, 50)), '', null);
    report('decision key to persisted + next shown p95', ms(pct(decide, 95)), '< 16 ms', pct(decide, 95) < 16);

    // Bulk triage: 500 review items picked (click the first, Shift-click the 500th), then one click marks them all.
    await page.getByRole('button', { name: /^Reviews/ }).click();
    await page.locator('[role=option][data-item-id]').first().click();
    const reviewsBefore = Number(
      (await page
        .getByRole('button', { name: /^Reviews/ })
        .locator('.lane-count')
        .textContent())!.replace(/\D/g, ''),
    );
    await page.evaluate(() => ((document.querySelector('.queue-list') as HTMLElement).scrollTop = 499 * 58 - 200));
    const the500th = page.locator('.row-slot[style*="translateY(28942px)"] [role=option][data-item-id]');
    await the500th.click({ modifiers: ['Shift'] });
    await page.getByRole('button', { name: 'Looks fine (500)' }).waitFor();
    const bulk = page.evaluate(
      (before) =>
        new Promise<{ persisted: number; shown: number }>((resolve) => {
          let start = 0;
          let persisted = 0;
          window.addEventListener('click', () => (start = performance.now()), { capture: true, once: true });
          setTimeout(() => resolve({ persisted: NaN, shown: NaN }), 30_000);
          const poll = setInterval(() => {
            const m = performance.getEntriesByName('countersign:bulk:persisted').pop();
            if (!persisted && start && m && m.startTime >= start) persisted = m.startTime - start;
            const summary = document.querySelector('.queue-summary')?.textContent ?? '';
            if (persisted && summary.includes(`${(before - 500).toLocaleString()} item`)) {
              clearInterval(poll);
              resolve({ persisted, shown: performance.now() - start });
            }
            if (start && performance.now() - start > 20_000) {
              clearInterval(poll);
              resolve({ persisted: NaN, shown: NaN });
            }
          }, 2);
        }),
      reviewsBefore,
    );
    await page.getByRole('button', { name: 'Looks fine (500)' }).click();
    const b = await bulk;
    report('bulk-mark 500 review items: click to persisted', ms(b.persisted), '< 1000 ms', b.persisted < 1000);
    report('bulk-mark 500 review items: click to list updated', ms(b.shown), '< 1000 ms', b.shown < 1000);

    progress('bulk');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    const metrics = (await cdp.send('Performance.getMetrics')).metrics;
    const heap = (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN) / 1024 / 1024;
    const nodes = metrics.find((m) => m.name === 'Nodes')?.value ?? NaN;
    report('renderer JS heap used (after GC)', `${heap.toFixed(1)} MB`, '< 300 MB', heap < 300);
    report('  DOM nodes', String(nodes), '', null);
    await host.close();

    console.log(
      `Renderer benchmark: ${approvals.toLocaleString()} items in Approvals (${ITEMS.toLocaleString()} seeded in ${(seedMs / 1000).toFixed(1)} s; renderer build ${(buildMs / 1000).toFixed(1)} s)`,
    );
    const w = [46, 22, 22];
    console.log(['measure'.padEnd(w[0]!), 'value'.padEnd(w[1]!), 'target'.padEnd(w[2]!), 'result'].join(' | '));
    console.log('-'.repeat(104));
    for (const [a, b, c, d] of rows) console.log([a.padEnd(w[0]!), b.padEnd(w[1]!), c.padEnd(w[2]!), d].join(' | '));
    if (errors.length) console.log(`page errors: ${errors.join('; ')}`);
  } finally {
    await browser.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(rendererDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
