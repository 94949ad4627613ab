// The layer rule (LAYERS in eslint.config.js) proven on snippets at virtual paths: each forbidden import is
// reported with a message naming the layer, and the allowed ones (including look-alike relative paths such as
// src/core/sources/hub or src/shared/insights) are not. Only the two boundary rules run, without type
// information, so this takes a second or two.
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAYERS, MAX_DEPTH } from '../../eslint.config.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const BOUNDARY_RULES = new Set(['no-restricted-imports', 'no-restricted-syntax']);

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({
    cwd: root,
    overrideConfig: [tseslint.configs.disableTypeChecked, { languageOptions: { parserOptions: { projectService: false, project: null } } }],
    ruleFilter: ({ ruleId }) => BOUNDARY_RULES.has(ruleId),
  });
});

async function boundaryMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) });
  if (!result) throw new Error(`no lint result for ${filePath}`);
  const fatal = result.messages.filter((m) => m.fatal);
  if (fatal.length) throw new Error(`${filePath}: ${fatal.map((m) => m.message).join('; ')}`);
  return result.messages.filter((m) => m.ruleId && BOUNDARY_RULES.has(m.ruleId)).map((m) => m.message);
}

const imp = (source: string) => `import * as m from '${source}';\nexport { m };\n`;

// [file, import source, text the message must contain]
const FORBIDDEN: [string, string, string][] = [
  ['src/hub/__v.ts', '../core/api.js', 'src/hub may import only'],
  ['src/hub/http/__v.ts', '../../core/api.js', 'src/hub may import only'],
  ['src/hub/store/migrations/__v.ts', '../../../core/store/db.js', 'src/hub may import only'],
  ['src/hub/__v.ts', '../main/index.js', 'src/hub may import only'],
  ['src/hub/__v.ts', '../web-host/host.js', 'src/hub may import only'],
  ['src/hub/__v.ts', '../renderer/App.js', 'src/hub may import only'],
  ['src/hub/__v.ts', '../preload/index.js', 'src/hub may import only'],
  ['src/hub/__v.ts', '../gateway/cli.js', 'src/hub may import only'],
  ['src/hub/__v.ts', '../../test/helpers/hub.js', 'src/hub may import only'],
  ['src/hub/__v.ts', 'electron', 'electron belongs to src/main and src/preload'],
  ['src/core/__v.ts', '../hub/index.js', 'src/core may import only'],
  ['src/core/sources/__v.ts', '../../hub/index.js', 'src/core may import only'],
  ['src/core/api.ts', '../hub/demo/agent.js', 'src/core may import only'],
  ['src/core/__v.ts', '../main/index.js', 'src/core may import only'],
  ['src/core/__v.ts', '../web-host/host.js', 'src/core may import only'],
  ['src/core/__v.ts', '../renderer/App.js', 'src/core may import only'],
  ['src/core/__v.ts', '../preload/index.js', 'src/core may import only'],
  ['src/core/__v.ts', 'electron', 'electron belongs to src/main and src/preload'],
  ['src/shared/__v.ts', '../hub/index.js', 'src/shared must not import other src/ folders'],
  ['src/shared/__v.ts', '../node-shared/sha256.js', 'src/shared must not import other src/ folders'],
  ['src/shared/insights/__v.ts', '../../insights/compute.js', 'src/shared must not import other src/ folders'],
  ['src/shared/__v.ts', 'node:crypto', 'no Node builtins'],
  ['src/shared/__v.ts', 'crypto', 'no Node builtins'],
  ['src/shared/__v.ts', 'fs/promises', 'no Node builtins'],
  ['src/shared/__v.ts', 'better-sqlite3', 'no Node-only packages'],
  ['src/shared/__v.ts', 'fastify', 'no Node-only packages'],
  ['src/shared/__v.ts', 'ws', 'no Node-only packages'],
  ['src/shared/__v.ts', 'electron', 'electron belongs to src/main and src/preload'],
  ['src/renderer/__v.ts', 'node:fs', 'no Node builtins'],
  ['src/renderer/queue/__v.tsx', 'path', 'no Node builtins'],
  ['src/renderer/__v.ts', 'ws', 'no Node-only packages'],
  ['src/renderer/__v.ts', 'electron', 'electron belongs to src/main and src/preload'],
  ['src/renderer/__v.ts', '../core/api.js', 'src/renderer may import only src/shared'],
  ['src/renderer/state/__v.ts', '../../node-shared/sha256.js', 'src/renderer may import only src/shared'],
  ['src/renderer/state/__v.ts', '../../hub-client/index.js', 'src/renderer may import only src/shared'],
  ['src/preload/index.ts', '../core/api.js', 'src/preload may import only src/shared'],
  ['src/preload/index.ts', 'node:path', 'no Node builtins'],
  ['src/preload/index.ts', 'fs', 'no Node builtins'],
  ['src/preload/index.ts', 'better-sqlite3', 'no Node-only packages'],
  ['src/preload/index.ts', 'zod', 'src/preload may import only these packages: electron'],
  ['src/main/__v.ts', '../hub/index.js', 'src/main may import only'],
  ['src/main/__v.ts', '../insights/compute.js', 'src/main may import only'],
  ['src/main/__v.ts', '../renderer/App.js', 'src/main may import only'],
  ['src/web-host/__v.ts', '../insights/compute.js', 'src/web-host may import only'],
  ['src/web-host/__v.ts', '../hub/index.js', 'src/web-host may import only'],
  ['src/web-host/__v.ts', 'electron', 'electron belongs to src/main and src/preload'],
  ['src/gateway/__v.ts', '../hub/index.js', 'src/gateway may import only'],
  ['src/gateway/__v.ts', '../core/api.js', 'src/gateway may import only'],
  ['src/gateway/__v.ts', '../insights/compute.js', 'src/gateway may import only'],
  ['src/sdk/__v.ts', '../node-shared/sha256.js', 'src/sdk may import only'],
  ['src/sdk/__v.ts', '../hub/index.js', 'src/sdk may import only'],
  ['src/hub-client/__v.ts', '../sdk/index.js', 'src/hub-client may import only'],
  ['src/insights/__v.ts', '../hub/index.js', 'src/insights may import only'],
  ['src/insights/__v.ts', '../hub-client/index.js', 'src/insights may import only'],
  ['src/node-shared/__v.ts', '../insights/compute.js', 'src/node-shared may import only'],
];

// [file, import source]
const ALLOWED: [string, string][] = [
  ['src/core/embedded.ts', '../hub/index.js'],
  ['src/core/embedded.ts', '../hub/demo/agent.js'],
  ['src/core/insights/handlers.ts', '../../insights/compute.js'],
  ['src/core/insights/handlers.ts', '../context.js'],
  ['src/core/insights/handlers.ts', '../../shared/insights/schemas.js'],
  ['src/core/sources/registry.ts', './hub/index.js'],
  ['src/core/sources/hub/index.ts', '../../../hub-client/index.js'],
  ['src/core/api.ts', '../node-shared/sha256.js'],
  ['src/core/api.ts', '../sdk/index.js'],
  ['src/core/store/db.ts', 'better-sqlite3'],
  ['src/core/api.ts', 'node:path'],
  ['src/shared/contract.ts', './insights/contract.js'],
  ['src/shared/insights/recommend.ts', '../domain.js'],
  ['src/shared/contract.ts', 'zod'],
  ['src/hub/index.ts', '../insights/compute.js'],
  ['src/hub/http/routes-insights.ts', '../../insights/compute.js'],
  ['src/hub/demo/agent.ts', '../../sdk/index.js'],
  ['src/hub/index.ts', '../hub-client/index.js'],
  ['src/hub/index.ts', 'fastify'],
  ['src/hub/store/migrations/index.ts', './001-initial.js'],
  ['src/gateway/cli.ts', '../sdk/index.js'],
  ['src/gateway/cli.ts', '../hub-client/index.js'],
  ['src/gateway/cli.ts', '../node-shared/sha256.js'],
  ['src/sdk/index.ts', '../hub-client/index.js'],
  ['src/hub-client/index.ts', '../shared/protocol.js'],
  ['src/insights/decisions.ts', '../node-shared/sha256.js'],
  ['src/web-host/host.ts', '../core/api.js'],
  ['src/main/index.ts', '../core/api.js'],
  ['src/main/index.ts', 'electron'],
  ['src/renderer/api/client.ts', '../../shared/contract.js'],
  ['src/renderer/App.tsx', './state/app.js'],
  ['src/renderer/App.tsx', 'react'],
  ['test/core/api.test.ts', '../../src/core/api.js'],
  ['test/hub/__v.test.ts', 'node:fs'],
  ['bench/hub.bench.ts', '../src/hub/store/db.js'],
  ['scripts/start.ts', '../src/web-host/host.js'],
  ['examples/support-agent/run.ts', '../../src/sdk/index.js'],
];

describe('layer boundaries (eslint no-restricted-imports, generated from LAYERS)', () => {
  it('every folder under src/ is a layer, and no file is nested deeper than the rule is generated for', () => {
    const folders = readdirSync(join(root, 'src'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    expect(folders).toEqual(Object.keys(LAYERS).sort());
    const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)]));
    const deepest = Math.max(...walk(join(root, 'src')).map((f) => relative(join(root, 'src'), f).split('/').length - 1));
    expect(deepest).toBeLessThanOrEqual(MAX_DEPTH);
  });

  it.each(FORBIDDEN)('%s importing %s is reported', async (file, source, expected) => {
    const messages = await boundaryMessages(file, imp(source));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(expected);
  });

  it.each(ALLOWED)('%s importing %s is allowed', async (file, source) => {
    expect(await boundaryMessages(file, imp(source))).toEqual([]);
  });

  it('type-only imports, re-exports and dynamic import() are held to the same rule', async () => {
    expect(await boundaryMessages('src/hub/__v.ts', `import type { ConsoleCore } from '../core/api.js';\nexport type X = ConsoleCore;\n`)).toHaveLength(1);
    expect(await boundaryMessages('src/hub/__v.ts', `export * from '../core/api.js';\n`)).toHaveLength(1);
    expect(await boundaryMessages('src/hub/__v.ts', `export { createConsoleCore } from '../core/api.js';\n`)).toHaveLength(1);
    const dynamic = await boundaryMessages('src/gateway/__v.ts', `export const load = () => import('../core/api.js');\n`);
    expect(dynamic).toHaveLength(1);
    expect(dynamic[0]).toContain('src/gateway may import only');
    expect(await boundaryMessages('src/gateway/hub-client.ts', `export const load = () => import('../sdk/index.js');\n`)).toEqual([]);
  });

  it('preload may take only contextBridge, ipcRenderer and the IpcRendererEvent type from electron', async () => {
    const ok = `import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';\nexport { contextBridge, ipcRenderer, type IpcRendererEvent };\n`;
    expect(await boundaryMessages('src/preload/index.ts', ok)).toEqual([]);
    const bad = await boundaryMessages('src/preload/index.ts', `import { app } from 'electron';\nexport { app };\n`);
    expect(bad).toHaveLength(1);
    expect(bad[0]).toContain('src/preload may use only contextBridge, ipcRenderer');
  });
});
