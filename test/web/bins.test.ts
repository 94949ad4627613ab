// The package's bins on plain Node, as an installed package runs them: the built CLIs (no tsx, NODE_OPTIONS
// unset) beside a node_modules that holds only package.json's `dependencies`, so any import of a devDependency
// fails here. Builds just the two CLIs, into a temp copy of the package, leaving out/ alone.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClis } from '../../scripts/build.js';
import { REPO_ROOT } from '../helpers/hub.js';

let pkgDir: string;

function installLike(dir: string): void {
  cpSync(join(REPO_ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
  cpSync(join(REPO_ROOT, 'package.json'), join(dir, 'package.json')); // "type": "module" makes the .js files ES modules
}

function run(dir: string, bin: string, args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_OPTIONS; // no loader (tsx) may sneak in
  // --help takes about 2 s with the machine at load 8 on two cores; the timeout only stops a hung CLI.
  return spawnSync(process.execPath, [join(dir, 'bin', bin), ...args], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
}

beforeAll(async () => {
  pkgDir = mkdtempSync(join(tmpdir(), 'cs-bins-'));
  installLike(pkgDir);
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const dep of Object.keys(pkg.dependencies)) {
    const link = join(pkgDir, 'node_modules', dep);
    mkdirSync(join(link, '..'), { recursive: true });
    symlinkSync(join(REPO_ROOT, 'node_modules', dep), link, 'dir');
  }
  await buildClis(join(pkgDir, 'out'), 'error');
}, 120_000); // a few seconds, more on a loaded machine
afterAll(() => rmSync(pkgDir, { recursive: true, force: true }));

describe('bins', () => {
  it('countersign-hub --help prints the usage from the built CLI', () => {
    const r = run(pkgDir, 'countersign-hub.js', ['--help']);
    expect(r.stderr + r.stdout).toContain('countersign-hub [--port 8787]');
    expect(r.stderr + r.stdout).toContain('countersign-hub verify-log');
    expect(r.status).toBe(0);
  });

  it('countersign-gateway --help prints the usage from the built CLI', () => {
    const r = run(pkgDir, 'countersign-gateway.js', ['--help']);
    expect(r.stdout).toContain('Usage: countersign-gateway --config gateway.json');
    expect(r.status).toBe(0);
  });

  it('says to run npm run build when the built CLI is missing', () => {
    const bare = mkdtempSync(join(tmpdir(), 'cs-bins-bare-'));
    try {
      installLike(bare);
      for (const bin of ['countersign-hub.js', 'countersign-gateway.js']) {
        const r = run(bare, bin, ['--help']);
        expect(r.status).toBe(1);
        expect(r.stderr).toContain('is missing. Run `npm run build`');
      }
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});
