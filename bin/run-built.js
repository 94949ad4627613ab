// Shared by the package's bins: runs a CLI from the JavaScript `npm run build` puts in out/, in this process,
// so arguments, stdio, signals and the exit code are the CLI's own. Plain Node: no tsx, no devDependencies.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `entry` is the built file's path under out/, e.g. 'hub/cli.js'. */
export async function runBuilt(bin, entry) {
  const url = new URL(`../out/${entry}`, import.meta.url);
  if (!existsSync(fileURLToPath(url))) {
    process.stderr.write(`${bin}: ${fileURLToPath(url)} is missing. Run \`npm run build\` in the Countersign checkout first.\n`);
    process.exit(1);
  }
  await import(url.href);
}
