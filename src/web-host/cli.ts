// `npm run web -- [--port P] [--data DIR] [--no-embedded] [--no-demo] [--seed-items N] [--open]`
// Starts browser mode and prints exactly one line with the launch URL (a code good for one page load, 5 minutes);
// in a terminal, Enter prints a fresh one.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startWebHost } from './host.js';

export const USAGE = `npm run web -- [options]   Countersign in a browser tab, on 127.0.0.1 only, behind a single-use launch code
  --port P          port to listen on (default: a free one)
  --data DIR        data directory (default: $COUNTERSIGN_DATA_DIR or ~/.countersign)
  --no-embedded     do not start the embedded hub when no source is configured
  --no-demo         do not run the demo agent against the embedded hub
  --seed-items N    dev/bench tool: write N synthetic pending items straight into the store
  --open            open it as a Chromium app window (when Chromium and a display exist)`;

export function defaultDataDir(): string {
  return process.env.COUNTERSIGN_DATA_DIR ? resolve(process.env.COUNTERSIGN_DATA_DIR) : join(homedir(), '.countersign');
}

export function findChromium(): string | null {
  for (const c of ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable']) if (existsSync(c)) return c;
  return null;
}

/** Opens the URL as an app window when a Chromium and a display exist; returns whether it did. */
export function openAppWindow(url: string): boolean {
  const browser = findChromium();
  if (!browser || (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)) return false;
  const child = spawn(browser, [`--app=${url}`, '--no-first-run', '--no-default-browser-check'], { stdio: 'ignore', detached: true });
  child.on('error', () => {});
  child.unref();
  return true;
}

export async function runWebCli(argv: string[], banner?: string): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      data: { type: 'string' },
      'no-embedded': { type: 'boolean', default: false },
      'no-demo': { type: 'boolean', default: false },
      'seed-items': { type: 'string' },
      open: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = values.port ? Number(values.port) : 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, got ${values.port}`);
  const seed = values['seed-items'] ? Number(values['seed-items']) : 0;
  if (!Number.isInteger(seed) || seed < 0 || seed > 10_000_000) throw new Error(`--seed-items must be a whole number, got ${values['seed-items']}`);
  const host = await startWebHost({
    dataDir: values.data ? resolve(values.data) : defaultDataDir(),
    port,
    embedded: !values['no-embedded'],
    demo: !values['no-demo'],
    seedItems: seed,
  });
  if (banner) console.log(banner);
  console.log(`Countersign (browser mode): ${host.url}`);
  if (values.open) openAppWindow(host.url);
  if (process.stdin.isTTY) {
    console.log('Press Enter for a fresh launch address (each works once, within 5 minutes).');
    process.stdin.on('data', () => console.log(`Countersign (browser mode): ${host.newLaunchUrl()}`));
  }
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    host.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  runWebCli(process.argv.slice(2)).catch((err) => {
    console.error(`countersign web: ${(err as Error).message} (see --help)`);
    process.exit(1);
  });
}
