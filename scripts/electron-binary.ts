// Whether Electron can run here. The `electron` package alone says nothing: it is always installed (for its
// types and electron-vite), with or without the binary its postinstall downloads.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './build.js';

/** The Electron binary's path when the package AND its downloaded binary are present. */
export function electronBinary(): string | null {
  try {
    // In Node, require('electron') returns the binary's path (and throws when the download never happened).
    const p = createRequire(join(ROOT, 'package.json'))('electron') as unknown;
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}
