// createConsoleCore: the console's Node side behind one call(method, input) + on(event) surface.
// Both transports (Electron IPC, browser-mode WebSocket) are thin wrappers around its dispatch().
import { sha256Hex } from '../node-shared/sha256.js';
import { readFileSync } from 'node:fs';
import { privateDir } from '../node-shared/private-files.js';
import { join } from 'node:path';
import { methods, type AppInfo, type EventName, type EventPayload, type MethodInput, type MethodName, type MethodOutput, type Settings } from '../shared/contract.js';
import { verifyChain } from '../shared/log-chain.js';
import { ContractEmitter } from './emitter.js';
import type { CoreContext } from './context.js';
import { startEmbedded, type EmbeddedHub } from './embedded.js';
import { seedDemoHistory } from './demo-history.js';
import { ConsoleError, issuesOf } from './errors.js';
import { coreHandlers } from './handlers.js';
import { insightsHandlers } from './insights/handlers.js';
import { policyHandlers } from './policy/handlers.js';
import { notificationsFor } from './notify/notifier.js';
import { sourceTokenKey, type SecretStore } from './secrets/secret-store.js';
import { combine, isMethodName, type ParsedInput } from './registry.js';
import { readSettings } from './settings.js';
import { Store, type SourceRow } from './store/store.js';
import { SyncEngine } from './sync/engine.js';
import { DEFAULT_TIMING, type SyncTiming } from './sync/runner.js';
import { createSource } from './sources/registry.js';
import type { SourceDeps } from './sources/hub/index.js';

export interface ConsoleCoreOptions {
  dataDir: string;
  secretStore: SecretStore;
  mode: 'electron' | 'browser';
  /** With no sources configured, run the hub in-process and add it as a source. */
  embedded?: boolean;
  /** Run the demo agent against the embedded hub. */
  demo?: boolean;
  approverName?: string;
  /** Electron-ABI better-sqlite3 build (packaged app). */
  nativeBinding?: string;
  /** The app's version (Electron passes app.getVersion(); bundled code cannot find package.json by path). */
  version?: string;
  timing?: Partial<SyncTiming>;
  /** Passed to every source (tests and benchmarks: page size, fetch). */
  sourceDeps?: Omit<SourceDeps, 'logError'>;
  log?: (message: string) => void;
}

export interface ConsoleCore {
  /** For callers in this process and tests: method and input typed from the contract. */
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /** For the transports: whatever came off the wire; validated exactly like call(). */
  dispatch(method: string, rawInput: unknown): Promise<unknown>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Approvals + escalations: what the tray/dock badge shows. */
  badgeCount(): number;
  close(): Promise<void>;
  store: Store;
  engine: SyncEngine;
  embeddedHubUrl: string | null;
}

const VERSION: string = (() => {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
})();

export async function createConsoleCore(opts: ConsoleCoreOptions): Promise<ConsoleCore> {
  privateDir(opts.dataDir);
  const log = opts.log ?? ((m: string) => console.error(`[countersign] ${m}`));
  const store = new Store(join(opts.dataDir, 'console.sqlite'), { nativeBinding: opts.nativeBinding });
  store.resetInFlight();
  const emitter = new ContractEmitter();
  let settings: Settings = readSettings(store, opts.approverName);
  let embedded: EmbeddedHub | null = null;
  let closed = false;

  // queue.changed and sync.status are coalesced: a burst of ingests/decisions becomes one event. Counting a store of
  // 10,000 items takes ~10 ms, so during a burst the next count waits ~9 times as long as the last took: at most about
  // a tenth of the core's time goes to counting (it was a third of a 10,000-item snapshot's ingest).
  let changeTimer: NodeJS.Timeout | null = null;
  let nextChangeAt = 0;
  const changed = () => {
    if (changeTimer || closed) return;
    changeTimer = setTimeout(
      () => {
        changeTimer = null;
        if (closed) return;
        const t0 = performance.now();
        const counts = store.counts();
        nextChangeAt = Date.now() + Math.min(500, (performance.now() - t0) * 9);
        emitter.emit('queue.changed', counts);
        emitter.emit('sync.status', engine.status());
      },
      Math.max(25, nextChangeAt - Date.now()),
    );
  };

  const engine = new SyncEngine(
    store,
    {
      onIngest: (_id, result) => {
        changed();
        for (const n of notificationsFor(result.newActionable, settings.notifications)) emitter.emit('notify', n);
      },
      onPushed: () => changed(),
      onState: () => changed(),
      onIdentity: () => changed(),
      logError: (id, m) => log(`source ${id}: ${m}`),
    },
    { ...DEFAULT_TIMING, ...opts.timing },
  );

  const makeSource = (row: SourceRow, token?: string) =>
    createSource({ id: row.id, kind: row.kind, name: row.name, url: row.url, token, watch: row.watch }, { ...opts.sourceDeps, logError: (m) => log(`source ${row.name}: ${m}`) });
  const startSource = async (row: SourceRow, token?: string) => {
    engine.add(makeSource(row, token));
  };

  const ctx: CoreContext = {
    store,
    engine,
    secrets: opts.secretStore,
    appInfo: (): AppInfo => ({
      mode: opts.mode,
      version: opts.version ?? VERSION,
      dataDir: opts.dataDir,
      secretStorage: opts.secretStore.kind,
      embeddedHubUrl: embedded?.url ?? null,
    }),
    settings: () => settings,
    setSettings: (next) => (settings = next),
    startSource,
    makeSource,
    changed,
    notify: (n) => {
      if (!closed) emitter.emit('notify', n);
    },
    // The console checks the hash chain itself rather than only taking the source's word for it.
    verifyLog: (entries, sourceSays) => {
      if (entries.length === 0) return sourceSays;
      const own = verifyChain(entries, sha256Hex).ok;
      return own && sourceSays !== false;
    },
  };

  // Each part serves its own slice of the contract; combine() throws at start on a gap or an overlap.
  const handlers = combine(coreHandlers(ctx), insightsHandlers(ctx), policyHandlers(ctx));

  // call() and dispatch() share these two steps: the method check, then input schema -> handler -> output schema.
  function assertServed(method: unknown): asserts method is MethodName {
    if (closed) throw new ConsoleError('internal', 'The console is shutting down');
    if (!isMethodName(method) || !Object.hasOwn(handlers, method)) throw new ConsoleError('invalid_input', `Unknown method: ${String(method).slice(0, 100)}`);
  }
  async function run<M extends MethodName>(method: M, rawInput: unknown): Promise<MethodOutput<M>> {
    const spec = methods[method];
    const parsed = spec.input.safeParse(rawInput);
    if (!parsed.success) throw new ConsoleError('invalid_input', `Invalid input for ${method}`, issuesOf(parsed.error));
    // TypeScript widens methods[M] to the union of every method's schemas; these are M's own, so the casts hold.
    const out = await handlers[method](parsed.data as ParsedInput<M>);
    const checked = spec.output.safeParse(out);
    if (!checked.success) throw new ConsoleError('internal', `Output of ${method} broke the contract: ${issuesOf(checked.error)[0]?.message}`);
    return checked.data as MethodOutput<M>;
  }

  // Embedded default: start it when no real source is configured yet (seeded rows do not count), and keep
  // starting it for as long as its source exists (adding another source does not orphan its items).
  const configured = store.listSources().filter((s) => !s.synthetic);
  if (opts.embedded && (configured.length === 0 || configured.some((s) => s.embedded))) {
    embedded = await startEmbedded({ store, secrets: opts.secretStore, dataDir: opts.dataDir, approverName: settings.approverName, demo: opts.demo ?? false, log });
    // The demo's first minute shows the thesis: 90 days of (clearly marked, removable) history for Insights.
    if (opts.demo) seedDemoHistory(store);
  }
  for (const s of store.listSources()) {
    if (s.synthetic) continue;
    if (s.embedded && !embedded) continue; // the embedded hub is not running in this session
    await startSource(s, await opts.secretStore.get(sourceTokenKey(s.id)));
  }

  return {
    store,
    engine,
    embeddedHubUrl: embedded?.url ?? null,
    async call(method, input) {
      assertServed(method);
      return run(method, input);
    },
    async dispatch(method, rawInput) {
      assertServed(method);
      return run(method, rawInput);
    },
    on: (event, listener) => emitter.on(event, listener),
    badgeCount() {
      const c = store.counts();
      return c.approvals + c.escalations;
    },
    async close() {
      if (closed) return;
      closed = true;
      if (changeTimer) clearTimeout(changeTimer);
      await engine.close();
      await embedded?.close();
      store.close();
    },
  };
}
