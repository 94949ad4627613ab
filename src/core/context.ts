// What handlers (ours and those other parts register, e.g. insights) get to work with.
import type { AppInfo, EventPayload, Settings } from '../shared/contract.js';
import type { LogEntry } from '../shared/domain.js';
import type { SecretStore } from './secrets/secret-store.js';
import type { Source } from './sources/source.js';
import type { Store, SourceRow } from './store/store.js';
import type { SyncEngine } from './sync/engine.js';

export interface CoreContext {
  store: Store;
  engine: SyncEngine;
  secrets: SecretStore;
  appInfo(): AppInfo;
  settings(): Settings;
  setSettings(next: Settings): void;
  /** Start syncing a source (the row is not stored yet: a source that cannot be created is not added). */
  startSource(row: SourceRow, token?: string): Promise<void>;
  /** A source object for this row that the engine does not run (Settings' connection test). */
  makeSource(row: SourceRow, token?: string): Source;
  /** Coalesced queue.changed + sync.status. */
  changed(): void;
  /** Raises a notification (the same event new items raise); absent in contexts that show none. */
  notify?: (n: EventPayload<'notify'>) => void;
  /** Verifies a source's hash-chained log locally when the console can; else trusts the source's word. */
  verifyLog?: (entries: LogEntry[], sourceSays: boolean | null) => boolean | null;
}
