// First-run set-up for `npm start` and `npm test` on a fresh clone: installs the project's dependencies
// (which compiles better-sqlite3 for this Node) when they are missing. Plain Node, no dependencies of its own.
// Electron's package must be there too (its electron.d.ts types src/main and src/preload; electron-vite reads its
// version), binary or not: where the binary download fails, npm drops the optional package whole, so it is then
// installed again with ELECTRON_SKIP_BINARY_DOWNLOAD=1 (npm start then runs browser mode).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const needed = ['node_modules/tsx/package.json', 'node_modules/better-sqlite3/build/Release/better_sqlite3.node', 'node_modules/vite/package.json'];
const electronTypes = 'node_modules/electron/electron.d.ts';
const present = (p) => existsSync(join(root, p));
if (needed.every(present) && present(electronTypes)) process.exit(0);

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const runNpm = (args, env = process.env) =>
  spawnSync(npm, [...args, '--no-audit', '--no-fund'], { cwd: root, env, stdio: 'inherit', shell: process.platform === 'win32' }).status ?? 1;

if (!needed.every(present)) {
  console.log('countersign: installing dependencies (first run; compiling better-sqlite3 takes about a minute)...');
  const status = runNpm([existsSync(join(root, 'package-lock.json')) ? 'ci' : 'install']);
  if (status !== 0) process.exit(status);
}
if (!present(electronTypes)) {
  // `npm install` adds only what the lockfile lists and node_modules lacks: here, the electron package.
  console.log("countersign: Electron's binary could not be downloaded; installing its package without it (for its types and the build)...");
  const status = runNpm(['install'], { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
  if (status !== 0) process.exit(status);
  if (!present(electronTypes)) {
    console.error(`countersign: ${electronTypes} is still missing after the install; run \`ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm install\`.`);
    process.exit(1);
  }
}
