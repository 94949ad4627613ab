// Numbered migrations, applied in order inside one transaction each; PRAGMA user_version records the last one.
import { sql as m001 } from './001-initial.js';

export const MIGRATIONS: Array<{ version: number; sql: string }> = [{ version: 1, sql: m001 }];
