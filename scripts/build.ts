// Builds all three bundles into out/ (main, preload, renderer).
// With Electron installed this is exactly `electron-vite build`. Without it (machines where Electron's binary
// cannot be downloaded), electron-vite refuses to start (it reads electron/package.json), so the same three
// bundles are built with plain vite using the same inputs as electron.vite.config.ts.
// `tsx scripts/build.ts [--renderer-only]`
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function electronInstalled(): boolean {
  try {
    createRequire(join(ROOT, 'package.json')).resolve('electron/package.json');
    return true;
  } catch {
    return false;
  }
}

export async function buildRenderer(outDir = join(ROOT, 'out/renderer')): Promise<void> {
  const { build } = await import('vite');
  const react = (await import('@vitejs/plugin-react')).default;
  await build({
    root: join(ROOT, 'src/renderer'),
    base: './',
    plugins: [react()],
    logLevel: 'warn',
    configFile: false,
    build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  });
}

async function buildMainAndPreload(): Promise<void> {
  const { build } = await import('vite');
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
  // Like electron-vite's externalizeDepsPlugin: dependencies stay in node_modules, electron and Node built-ins are external.
  const deps = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {}), 'electron'];
  const external = (id: string) =>
    id.startsWith('node:') || builtinModules.includes(id) || deps.some((d) => id === d || id.startsWith(d + '/'));
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir: join(ROOT, 'out/main'),
      emptyOutDir: true,
      ssr: join(ROOT, 'src/main/index.ts'),
      target: 'node20',
      rollupOptions: { external, output: { format: 'es', entryFileNames: 'index.js' } },
    },
  });
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir: join(ROOT, 'out/preload'),
      emptyOutDir: true,
      ssr: join(ROOT, 'src/preload/index.ts'),
      target: 'node20',
      rollupOptions: { external: ['electron'], output: { format: 'cjs', entryFileNames: 'index.cjs' } },
    },
  });
}

export async function buildAll(): Promise<void> {
  if (electronInstalled()) {
    const r = spawnSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('electron-vite build failed');
    return;
  }
  await buildMainAndPreload();
  await buildRenderer();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const rendererOnly = process.argv.includes('--renderer-only');
  (rendererOnly ? buildRenderer() : buildAll()).then(
    () => console.log(rendererOnly ? 'built out/renderer' : 'built out/main, out/preload, out/renderer'),
    (err) => {
      console.error(`build failed: ${(err as Error).message}`);
      process.exit(1);
    },
  );
}
