// `npm run dist`: packages the desktop app with electron-builder (electron-builder.yml).
// better-sqlite3 is a native module: node_modules holds the build for Node's ABI, which the tests and browser
// mode use and which must never be touched. For the app we copy the module to build/native-electron/, rebuild
// that copy for Electron's ABI with @electron/rebuild, and ship the resulting .node via extraResources; the
// Electron main passes its path to better-sqlite3 as `nativeBinding`.
// Needs Electron installed (its version) and Electron's headers (downloaded by @electron/rebuild).
// Extra arguments go to electron-builder, e.g. `npm run dist -- --linux` or `-- --mac dmg`.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './build.js';
import { electronBinary } from './electron-binary.js';

const NATIVE_DIR = join(ROOT, 'build/native-electron');

export function electronVersion(): string {
  if (!electronBinary())
    throw new Error('Electron is not installed (npm could not download its binary here): packaging needs it. Install it on a machine that can, then run `npm run dist`.');
  return (createRequire(join(ROOT, 'package.json'))('electron/package.json') as { version: string }).version;
}

/** Copies better-sqlite3 (and what its build needs) out of node_modules into a separate tree. */
function stageModule(): string {
  rmSync(NATIVE_DIR, { recursive: true, force: true });
  const modules = join(NATIVE_DIR, 'node_modules');
  mkdirSync(modules, { recursive: true });
  for (const dep of ['better-sqlite3', 'bindings', 'file-uri-to-path', 'prebuild-install']) {
    const from = join(ROOT, 'node_modules', dep);
    if (existsSync(from)) cpSync(from, join(modules, dep), { recursive: true, dereference: true, filter: (src) => !src.includes(`${dep}/build/`) });
  }
  const version = (JSON.parse(readFileSync(join(modules, 'better-sqlite3/package.json'), 'utf8')) as { version: string }).version;
  // A package.json for the staging tree so @electron/rebuild finds the module as a dependency.
  const manifest = { name: 'countersign-native-electron', version: '0.0.0', private: true, dependencies: { 'better-sqlite3': version } };
  writeFileSync(join(NATIVE_DIR, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  return join(modules, 'better-sqlite3');
}

async function main(): Promise<void> {
  const version = electronVersion();
  const staged = stageModule();
  const { rebuild } = await import('@electron/rebuild');
  console.log(`rebuilding better-sqlite3 for Electron ${version} in ${NATIVE_DIR}`);
  await rebuild({ buildPath: NATIVE_DIR, electronVersion: version, onlyModules: ['better-sqlite3'], force: true, mode: 'sequential' });
  const built = join(staged, 'build/Release/better_sqlite3.node');
  if (!existsSync(built)) throw new Error(`rebuild produced no ${built}`);
  copyFileSync(built, join(NATIVE_DIR, 'better_sqlite3.node'));
  console.log('packaging with electron-builder');
  const r = spawnSync('npx', ['electron-builder', '--config', 'electron-builder.yml', ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`electron-builder exited ${r.status}`);
}

main().catch((err) => {
  console.error(`dist: ${(err as Error).message}`);
  process.exit(1);
});
