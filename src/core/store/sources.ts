// The sources table: what the console pulls from, as rows (the Store keeps the writes that touch other tables).
import type { SourceIdentity, SourceKind } from '../../shared/contract.js';
import type { Db } from './db.js';

export interface SourceRow {
  id: string;
  kind: SourceKind;
  name: string;
  url: string;
  watch: string[];
  embedded: boolean;
  synthetic: boolean;
  createdAt: string;
  /** Who the console acts as there (hub: GET /v1/me), once asked. */
  identity?: SourceIdentity | null;
}

export function readSources(db: Db): SourceRow[] {
  const rows = db.prepare(`SELECT * FROM sources ORDER BY created_at, id`).all() as Array<Record<string, unknown>>;
  return rows.map((r) => ({
    id: String(r.id),
    kind: r.kind as SourceKind,
    name: String(r.name),
    url: String(r.url),
    watch: JSON.parse(String(r.watch_json)) as string[],
    embedded: r.embedded === 1,
    synthetic: r.synthetic === 1,
    createdAt: String(r.created_at),
    identity: typeof r.identity_json === 'string' ? (JSON.parse(r.identity_json) as SourceIdentity) : null,
  }));
}
