// Builds src/renderer into a fresh temp dir (the E2E tests and the renderer benchmark serve it from there),
// with the renderer section of electron.vite.config.ts, exactly as `npm run build` does.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildRenderer as buildRendererInto } from '../../scripts/build.js';

export async function buildRenderer(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'countersign-renderer-'));
  await buildRendererInto(outDir, 'error');
  return outDir;
}
