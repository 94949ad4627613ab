// `npm start`: the desktop app when Electron is installed, otherwise the same app in browser mode.
// Builds what is missing or older than its sources first. Extra arguments go to browser mode (see `npm run web -- --help` in docs).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, buildAll, buildRenderer } from './build.js';
import { electronBinary } from './electron-binary.js';
import { findChromium, runWebCli } from '../src/web-host/cli.js';

/** Newest modification time under a folder (the renderer's sources), to tell a stale build from a fresh one. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function rendererStale(): boolean {
  const index = join(ROOT, 'out/renderer/index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return [join(ROOT, 'src/renderer'), join(ROOT, 'src/shared')].some((d) => existsSync(d) && newestMtime(d) > built);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const electron = electronBinary();
  if (electron) {
    if (!existsSync(join(ROOT, 'out/main/index.js')) || rendererStale()) await buildAll();
    const child = spawn(electron, [ROOT, ...args], { cwd: ROOT, stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
    return;
  }
  const banner = 'Electron is not installed on this machine (its binary could not be downloaded); starting Countersign in browser mode instead.';
  if (rendererStale()) await buildRenderer();
  const canOpen = !!findChromium() && !!(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  await runWebCli(canOpen && !args.includes('--open') ? [...args, '--open'] : args, banner);
}

main().catch((err) => {
  console.error(`countersign: ${(err as Error).message}`);
  process.exit(1);
});
