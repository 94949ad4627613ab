// Builds src/renderer into a fresh temp dir (the E2E tests and the renderer benchmark serve it from there).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import react from '@vitejs/plugin-react';

export async function buildRenderer(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'countersign-renderer-'));
  await build({
    root: resolve('src/renderer'),
    base: './',
    plugins: [react()],
    logLevel: 'error',
    configFile: false,
    build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  });
  return outDir;
}
