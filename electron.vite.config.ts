import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// The one definition of the app's three bundles, built by `npm run build` (scripts/build.ts runs electron-vite):
// the Electron main process, the preload, and the renderer, which browser mode serves too.
// Paths are resolved from this file so the config works whatever the caller's working directory.
const root = dirname(fileURLToPath(import.meta.url));
const at = (p: string) => resolve(root, p);

export default defineConfig({
  // package.json dependencies stay in node_modules (electron-vite's default externalizeDeps).
  main: {
    build: { rollupOptions: { input: { index: at('src/main/index.ts') } } },
  },
  // Sandboxed: a preload can require only electron, so everything else (zod, the shared schemas) is bundled in.
  preload: {
    build: {
      externalizeDeps: false,
      rollupOptions: { input: { index: at('src/preload/index.ts') }, output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  // Also served over HTTP in browser mode, so it is minified (electron-vite leaves bundles unminified by default).
  renderer: {
    root: at('src/renderer'),
    plugins: [react()],
    build: { minify: true, chunkSizeWarningLimit: 2000, rollupOptions: { input: { index: at('src/renderer/index.html') } } },
  },
});
