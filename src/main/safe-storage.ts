// SecretStore on Electron's safeStorage (OS keychain / DPAPI / libsecret): the file on disk holds only ciphertext.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { safeStorage } from 'electron';
import { privateFiles } from '../node-shared/private-files.js';
import type { SecretStore } from '../core/secrets/secret-store.js';

export class SafeStorageSecretStore implements SecretStore {
  readonly kind = 'safeStorage' as const;
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'secrets.safe.json');
    privateFiles([this.file]);
  }

  static available(): boolean {
    return safeStorage.isEncryptionAvailable();
  }

  private read(): Record<string, string> {
    return existsSync(this.file) ? (JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, string>) : {};
  }

  private write(all: Record<string, string>): void {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(all), { mode: 0o600 });
    renameSync(tmp, this.file);
  }

  async get(key: string): Promise<string | undefined> {
    const v = this.read()[key];
    return v === undefined ? undefined : safeStorage.decryptString(Buffer.from(v, 'base64'));
  }

  async set(key: string, value: string): Promise<void> {
    const all = this.read();
    all[key] = safeStorage.encryptString(value).toString('base64');
    this.write(all);
  }

  async delete(key: string): Promise<void> {
    const all = this.read();
    delete all[key];
    this.write(all);
  }
}
