// Where source tokens live. Never in SQLite, never sent to the renderer.
// Core ships a file store (0600 in the data dir); the Electron shell provides one backed by safeStorage.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { privateFiles } from '../../node-shared/private-files.js';

export interface SecretStore {
  /** Shown in app.info so the UI can say where secrets are kept. */
  readonly kind: 'safeStorage' | 'file-0600';
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** A JSON file readable only by the user (mode 0600), written atomically (temp file + rename). */
export class FileSecretStore implements SecretStore {
  readonly kind = 'file-0600' as const;
  readonly file: string;

  constructor(dataDir: string, fileName = 'secrets.json') {
    this.file = join(dataDir, fileName);
    privateFiles([this.file]); // one left 0644 by an older version or by hand
  }

  private read(): Record<string, string> {
    if (!existsSync(this.file)) return {};
    const parsed: unknown = JSON.parse(readFileSync(this.file, 'utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
  }

  private write(all: Record<string, string>): void {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(all), { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.file);
  }

  async get(key: string): Promise<string | undefined> {
    return this.read()[key];
  }

  async set(key: string, value: string): Promise<void> {
    const all = this.read();
    all[key] = value;
    this.write(all);
  }

  async delete(key: string): Promise<void> {
    const all = this.read();
    if (!(key in all)) return;
    delete all[key];
    this.write(all);
  }
}

export const sourceTokenKey = (sourceId: string) => `source:${sourceId}:token`;
