// `npm run build`: one build of everything into out/.
//   out/main, out/preload, out/renderer  the app's three bundles: `electron-vite build` of electron.vite.config.ts,
//                                        their single definition (browser mode serves out/renderer too).
//   out/hub/cli.js, out/gateway/cli.js   the CLIs behind the package's bins, for plain Node: no tsx, no devDependencies.
// electron-vite needs only the electron *package* (its version picks the targets), never the binary; the
// bootstrap installs it without the binary where that cannot be downloaded.
// `tsx scripts/build.ts [--renderer-only | --clis-only]`
import { builtinModules, createRequire } from 'node:module';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LogLevel } from 'vite';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CONFIG = join(ROOT, 'electron.vite.config.ts');

/** Entry name (its path under out/) -> source. */
const CLIS = { 'hub/cli': 'src/hub/cli.ts', 'gateway/cli': 'src/gateway/cli.ts' };
const CLI_CHUNKS = 'cli-shared';

function checkSetup(): void {
  // electron-vite reads package.json (module type, dependencies to keep external) from the working directory.
  if (process.cwd() !== ROOT) throw new Error(`run the build from the repository root (${ROOT}), not ${process.cwd()}`);
  try {
    createRequire(join(ROOT, 'package.json')).resolve('electron/package.json');
  } catch {
    throw new Error('the electron package is missing (electron-vite needs it, not its binary): run `node scripts/bootstrap.mjs`');
  }
}

/** Only the renderer section of electron.vite.config.ts, into outDir: browser mode, the E2E tests, the benchmarks. */
export async function buildRenderer(outDir = join(ROOT, 'out/renderer'), logLevel: LogLevel = 'warn'): Promise<void> {
  checkSetup();
  const { resolveConfig } = await import('electron-vite');
  const { build } = await import('vite');
  const { config } = await resolveConfig({ configFile: CONFIG, logLevel }, 'build', 'production');
  const renderer = config?.renderer;
  if (!renderer) throw new Error(`${CONFIG} has no renderer section`);
  // outDir may be a temp folder outside the project: vite empties it only when told to.
  await build({ ...renderer, build: { ...renderer.build, outDir, emptyOutDir: true } });
}

/** The hub and gateway CLIs as ES modules for Node 20; package.json dependencies and Node built-ins stay external. */
export async function buildClis(outDir = join(ROOT, 'out'), logLevel: LogLevel = 'warn'): Promise<void> {
  const { build } = await import('vite');
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const deps = Object.keys(pkg.dependencies ?? {});
  const external = (id: string) => id.startsWith('node:') || builtinModules.includes(id) || deps.some((d) => id === d || id.startsWith(`${d}/`));
  for (const dir of [...Object.keys(CLIS).map((name) => dirname(name)), CLI_CHUNKS]) rmSync(join(outDir, dir), { recursive: true, force: true });
  await build({
    configFile: false,
    root: ROOT,
    logLevel,
    publicDir: false,
    // Everything else is bundled: the bins run where devDependencies were never installed.
    ssr: { noExternal: true },
    build: {
      ssr: true,
      target: 'node20',
      outDir,
      emptyOutDir: false, // out/ also holds the app's bundles
      minify: false,
      rollupOptions: {
        input: Object.fromEntries(Object.entries(CLIS).map(([name, src]) => [name, join(ROOT, src)])),
        external,
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: `${CLI_CHUNKS}/[name]-[hash].js` },
      },
    },
  });
}

export async function buildAll(): Promise<void> {
  checkSetup();
  const { build } = await import('electron-vite');
  await build({ configFile: CONFIG, logLevel: 'warn' });
  await buildClis();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const only = process.argv.includes('--renderer-only') ? 'renderer' : process.argv.includes('--clis-only') ? 'clis' : null;
  const what = { renderer: 'out/renderer', clis: 'out/hub/cli.js, out/gateway/cli.js' };
  (only === 'renderer' ? buildRenderer() : only === 'clis' ? buildClis() : buildAll()).then(
    () => console.log(`built ${only ? what[only] : `out/main, out/preload, ${what.renderer}, ${what.clis}`}`),
    (err) => {
      console.error(`build failed: ${(err as Error).message}`);
      process.exit(1);
    },
  );
}
