// First-run set-up for `npm start` and `npm test` on a fresh clone: installs the project's dependencies
// (which compiles better-sqlite3 for this Node) when they are missing. Plain Node, no dependencies of its own.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const needed = ['node_modules/tsx/package.json', 'node_modules/better-sqlite3/build/Release/better_sqlite3.node', 'node_modules/vite/package.json'];
if (needed.every((p) => existsSync(join(root, p)))) process.exit(0);

console.log('countersign: installing dependencies (first run; compiling better-sqlite3 takes about a minute)...');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const lock = existsSync(join(root, 'package-lock.json'));
const r = spawnSync(npm, [lock ? 'ci' : 'install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
process.exit(r.status ?? 1);
