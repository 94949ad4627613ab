// Builds the renderer from the current sources into a temp dir that every test's browser-mode host serves,
// so the tests always exercise what is in src/renderer (not a stale out/renderer).
import { buildRenderer } from './build-renderer.js';

export default async function globalSetup() {
  if (!process.env.COUNTERSIGN_E2E_RENDERER) process.env.COUNTERSIGN_E2E_RENDERER = await buildRenderer();
}
