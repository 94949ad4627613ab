// Streamed export of the decision log for a period and filter, as CSV (csv-stringify) or JSON Lines.
// Rows come from a row iterator and flow through stream.pipeline, which pauses the iterator whenever the file
// cannot take more (backpressure): memory stays flat however long the period. Strings are written byte-exact
// (action and decision JSON as they were stored), so the file parses back to exactly the stored values.
// CSV: every string is quoted and null is an empty unquoted cell, so '' and null stay distinct. A string that a
// spreadsheet would run as a formula (OWASP: it starts with = + - @ tab or CR) gets a leading ' so it opens as
// text; one that already starts with ' gets another, so a reader strips exactly one ' to get the stored value.
// JSON Lines is left byte-exact: it is for programs, not spreadsheets.
import { createWriteStream, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import Database from 'better-sqlite3';
import { stringify } from 'csv-stringify';
import { ExportInput, type ExportResult } from '../shared/insights/schemas.js';
import { INSIGHT_FACT_COLUMNS } from './fact-columns.js';
import { filterWhere } from './filter-sql.js';

/** Export columns, in file order. Times are given both as ISO 8601 (readable) and epoch ms (exact). */
export const EXPORT_COLUMNS = [
  'request_id',
  'source',
  'action_class',
  'control',
  'sampled',
  'status',
  'agent',
  'created_at',
  'created_at_ms',
  'decided_at',
  'decided_at_ms',
  'verdict',
  'changed',
  'decided_by',
  'outcome_status',
  'action_json',
  'decision_json',
] as const;

const SELECT = INSIGHT_FACT_COLUMNS.join(', ');

export type ExportRecord = Record<(typeof EXPORT_COLUMNS)[number], string | number | null>;

export async function exportDecisions(db: Database.Database, raw: ExportInput, file: string): Promise<ExportResult> {
  const input = ExportInput.parse(raw);
  const { where, params } = filterWhere(input.filter);
  // A second, read-only connection: iterating holds its connection busy for the whole export, and the console
  // must keep writing decisions meanwhile. WAL lets this reader see one consistent snapshot.
  const reader = db.memory ? db : new Database(db.name, { readonly: true, fileMustExist: true });
  let rows = 0;
  try {
    const stmt = reader.prepare(`SELECT ${SELECT} FROM insight_facts WHERE ${where} ORDER BY created_at_ms, request_id`).raw(true);
    const records = function* (): Generator<ExportRecord> {
      for (const r of stmt.iterate(...params) as Iterable<unknown[]>) {
        rows++;
        yield toRecord(r);
      }
    };
    mkdirSync(dirname(file), { recursive: true });
    const out = createWriteStream(file, { flags: 'wx' }); // never overwrite an earlier export
    if (input.format === 'csv') {
      await pipeline(Readable.from(records()), stringify({ header: true, columns: [...EXPORT_COLUMNS], quoted_string: true, cast: { string: neutraliseFormula } }), out);
    } else {
      await pipeline(Readable.from(jsonLines(records()), { objectMode: false }), out);
    }
  } finally {
    if (reader !== db) reader.close();
  }
  return { path: file, rows, bytes: statSync(file).size, format: input.format };
}

const FORMULA_START = /^[=+\-@\t\r']/;
/** OWASP's CSV-injection rule: a cell that starts like a formula is prefixed with ' (and a leading ' is doubled, so the rule can be undone). */
const neutraliseFormula = (v: string) => (FORMULA_START.test(v) ? `'${v}` : v);

function toRecord(r: unknown[]): ExportRecord {
  const [request_id, source, action_class, control, sampled, status, agent, created, decided, verdict, changed, decided_by, outcome_status, action_json, decision_json] = r as [
    string,
    string,
    string,
    string,
    number,
    string,
    string,
    number,
    number | null,
    string | null,
    number | null,
    string | null,
    string | null,
    string | null,
    string | null,
  ];
  return {
    request_id,
    source,
    action_class,
    control,
    sampled,
    status,
    agent,
    created_at: new Date(created).toISOString(),
    created_at_ms: created,
    decided_at: decided === null ? null : new Date(decided).toISOString(),
    decided_at_ms: decided,
    verdict,
    changed,
    decided_by,
    outcome_status,
    action_json,
    decision_json,
  };
}

/** JSON Lines, batched into ~64 KB chunks so a million rows are not a million tiny writes. */
function* jsonLines(records: Iterable<ExportRecord>): Generator<string> {
  let buf = '';
  for (const rec of records) {
    buf += JSON.stringify(rec) + '\n';
    if (buf.length >= 65_536) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}
