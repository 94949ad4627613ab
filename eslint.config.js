// ESLint flat config. `npm run lint` (eslint .).
//
// The layer rule is data: LAYERS below says which src/ folders each src/ folder may import and what else it may
// use; the no-restricted-imports / no-restricted-syntax options for every folder are generated from it.
// test/lint/boundaries.test.ts lints snippets at virtual paths against this file to prove the rule.
import { builtinModules } from 'node:module';
import { defineConfig, globalIgnores } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/**
 * @typedef {object} Layer
 * @property {string[]} may            the other src/ folders it may import (itself is always allowed)
 * @property {boolean} [browser]       runs in a browser / sandbox: no node: builtins, no Node-only packages
 * @property {boolean | string[]} [electron]  may import electron: true = anything, a list = only these names
 * @property {string[]} [onlyPackages] if set, the only npm packages it may import
 * @property {Record<string, string[]>} [fileMay]  extra folders one file (path from the repo root) may import
 */
/** @type {Record<string, Layer>} */
export const LAYERS = {
  shared: { may: [], browser: true },
  'node-shared': { may: ['shared'] },
  insights: { may: ['shared', 'node-shared'] },
  'hub-client': { may: ['shared'] },
  sdk: { may: ['shared', 'hub-client'] },
  hub: { may: ['shared', 'node-shared', 'insights', 'sdk', 'hub-client'] },
  gateway: { may: ['shared', 'node-shared', 'hub-client', 'sdk'] },
  core: {
    may: ['shared', 'node-shared', 'insights', 'hub-client', 'sdk'],
    // The in-process hub for a first start is the one place the console's Node side may touch the hub server.
    fileMay: { 'src/core/embedded.ts': ['hub'] },
  },
  'web-host': { may: ['core', 'shared', 'node-shared'] },
  main: { may: ['core', 'shared', 'node-shared'], electron: true },
  preload: { may: ['shared'], browser: true, electron: ['contextBridge', 'ipcRenderer', 'IpcRendererEvent'], onlyPackages: ['electron'] },
  renderer: { may: ['shared'], browser: true },
};

/** Packages that only run in Node (native modules, servers). electron is handled on its own. */
const NODE_ONLY_PACKAGES = ['better-sqlite3', 'fastify', 'ws'];
const NODE_BUILTINS = builtinModules.filter((m) => !m.startsWith('_'));
/** The deepest folder nesting under src/<layer>/ the rule is generated for (src/core/sources/langgraph/x.ts is 3). */
export const MAX_DEPTH = 8;
const CODE = '{ts,tsx,mts,cts,js,jsx,mjs,cjs}';

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const list = (names) => names.map((n) => `src/${n}`).join(', ');

/**
 * The restrictions for a file at `depth` folders below src/ (src/hub/a.ts is 1, src/hub/http/b.ts is 2), so a
 * relative import that climbs exactly `depth` levels lands in src/ and its next segment is the folder it reaches.
 * Anything reached that way that is not the file's own folder or an allowed one is reported, including climbing
 * further (out of src/). Climbing fewer levels stays inside the file's own folder, whatever the names:
 * './hub/index.js' from src/core/sources/registry.ts is src/core/sources/hub, '../../insights/x.js' from
 * src/core/insights/handlers.ts is src/insights.
 */
function restrictionsFor(name, depth, extra = []) {
  const layer = LAYERS[name];
  const may = [...layer.may, ...extra];
  const ok = [name, ...may].map(escape).join('|');
  const reach = `^(?:\\.\\/)?(?:\\.\\.\\/){${depth}}(?!(?:${ok})(?:\\/|$))`;
  const layerMessage = `${may.length ? `src/${name} may import only ${list(may)} from src/` : `src/${name} must not import other src/ folders`} (the layer rule in eslint.config.js)`;
  const patterns = [{ regex: reach, message: layerMessage }];
  const paths = [];
  const dynamic = [[reach, layerMessage]];

  const electronMessage = `electron belongs to src/main and src/preload only; src/${name} must not import it`;
  if (!layer.electron) patterns.push({ regex: '^electron(?:\\/|$)', message: electronMessage });
  else if (Array.isArray(layer.electron))
    paths.push({ name: 'electron', allowImportNames: layer.electron, message: `src/${name} may use only ${layer.electron.join(', ')} from electron` });

  if (layer.browser) {
    const message = `src/${name} runs in a browser or sandbox: no Node builtins`;
    patterns.push({ regex: '^node:', message });
    for (const m of NODE_BUILTINS) paths.push({ name: m, message });
    const pkgMessage = `src/${name} runs in a browser or sandbox: no Node-only packages (${NODE_ONLY_PACKAGES.join(', ')})`;
    patterns.push({ regex: `^(?:${NODE_ONLY_PACKAGES.map(escape).join('|')})(?:\\/|$)`, message: pkgMessage });
  }
  if (layer.onlyPackages) {
    const message = `src/${name} may import only these packages: ${layer.onlyPackages.join(', ')}`;
    // Relative paths have the layer check; in a browser layer Node builtins and Node-only packages have their own
    // messages above.
    const nodeOnly = `(?:${NODE_ONLY_PACKAGES.map(escape).join('|')})(?:\\/|$)`;
    const skip = ['\\.', ...(layer.browser ? ['node:', `(?:${NODE_BUILTINS.map(escape).join('|')})$`, nodeOnly] : [])];
    patterns.push({ regex: `^(?!${skip.join('|')}|(?:${layer.onlyPackages.map(escape).join('|')})(?:\\/|$))`, message });
  }
  return {
    'no-restricted-imports': ['error', { paths, patterns: patterns.map((p) => ({ ...p, caseSensitive: true })) }],
    // import('...') is not an import declaration; the same reach check for dynamic imports of a literal path.
    'no-restricted-syntax': ['error', ...dynamic.map(([regex, message]) => ({ selector: `ImportExpression[source.type='Literal'][source.value=/${regex}/]`, message }))],
  };
}

function layerBlocks() {
  const blocks = [];
  for (const name of Object.keys(LAYERS)) {
    for (let depth = 1; depth <= MAX_DEPTH; depth++) {
      blocks.push({
        name: `countersign/layers/${name}/depth-${depth}`,
        files: [`src/${name}/${'*/'.repeat(depth - 1)}*.${CODE}`],
        rules: restrictionsFor(name, depth),
      });
    }
    for (const [file, extra] of Object.entries(LAYERS[name].fileMay ?? {})) {
      blocks.push({ name: `countersign/layers/${name}/${file}`, files: [file], rules: restrictionsFor(name, file.split('/').length - 2, extra) });
    }
  }
  return blocks;
}

// Type-aware (recommendedTypeChecked) everywhere: a full `eslint .` takes about 30 s on two cores.
const TS = [`**/*.{ts,tsx,mts,cts}`];
const JS = [`**/*.{js,jsx,mjs,cjs}`];

export default defineConfig(
  globalIgnores(['out/**', 'dist/**', 'release/**', 'coverage/**', 'test-results/**', 'playwright-report/**', 'bench/results/**', '.tmp/**', 'build/**'], 'countersign/ignores'),
  { name: 'countersign/options', linterOptions: { reportUnusedDisableDirectives: 'error' } },

  { ...js.configs.recommended, name: 'eslint/recommended' },
  { name: 'countersign/typescript-eslint', files: [...TS, ...JS], extends: [tseslint.configs.recommendedTypeChecked] },
  {
    name: 'countersign/typescript',
    files: [...TS, ...JS],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // tsc's noUnusedLocals/noUnusedParameters allow a leading underscore; say the same here.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // `void promise` marks a deliberate fire-and-forget.
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true }],
      // Handlers passed to Node / DOM event APIs may be async; a returned promise there is fine.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      // `async` here mostly implements a Promise-returning interface (SecretStore, fastify handlers) on sync code.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Tests, benchmarks, scripts and examples read JSON answers (res.json(), JSON.parse) as `any` all the time;
    // the no-unsafe-* family would want a cast per line. The promise rules stay on: an un-awaited expect or
    // request in a test is a test that checks nothing.
    name: 'countersign/tests-any',
    files: ['test/**', 'bench/**', 'scripts/**', 'examples/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  // Plain JS (bin, scripts/bootstrap.mjs, this file) is not type-checked (checkJs is off): lint it without type information.
  { ...tseslint.configs.disableTypeChecked, name: 'countersign/js-untyped', files: JS },

  {
    name: 'countersign/browser-globals',
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    name: 'countersign/react-hooks',
    files: [`src/renderer/**/*.{ts,tsx}`],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },

  ...layerBlocks(),
);
