// Export of 100,000 decisions, streamed to a real file, parses back (CSV and JSONL) equal to what the view holds,
// hostile strings included, byte for byte.
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type Database from 'better-sqlite3';
import { parse } from 'csv-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_COLUMNS, exportDecisions, type ExportRecord } from '../../src/insights/export.js';
import { createFactsDb, insertFacts, syntheticFacts, tempDir } from './fixtures.js';

let db: Database.Database;
let tmp: ReturnType<typeof tempDir>;
const PERIOD = { from: '2025-11-25', to: '2026-11-24' };
const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '=HYPERLINK("http://evil")',
  'line1\r\nline2\n"quoted", comma',
  '\u202eevil\u200b\u0000\u0007 bidi and control',
  'x'.repeat(200_000),
  JSON.stringify(JSON.parse('['.repeat(500) + ']'.repeat(500))),
  '',
];

function expected(): ExportRecord[] {
  return (db.prepare('SELECT * FROM insight_facts ORDER BY created_at_ms, request_id').all() as Record<string, unknown>[]).map((r) => ({
    request_id: r.request_id as string,
    source: r.source as string,
    action_class: r.action_class as string,
    control: r.control as string,
    sampled: r.sampled as number,
    status: r.status as string,
    agent: r.agent as string,
    created_at: new Date(r.created_at_ms as number).toISOString(),
    created_at_ms: r.created_at_ms as number,
    decided_at: r.decided_at_ms === null ? null : new Date(r.decided_at_ms as number).toISOString(),
    decided_at_ms: r.decided_at_ms as number | null,
    verdict: r.verdict as string | null,
    changed: r.changed as number | null,
    decided_by: r.decided_by as string | null,
    outcome_status: r.outcome_status as string | null,
    action_json: r.action_json as string,
    decision_json: r.decision_json as string | null,
  }));
}

beforeAll(() => {
  tmp = tempDir();
  db = createFactsDb(`${tmp.dir}/facts.db`);
  insertFacts(db, syntheticFacts(100_000 - HOSTILE.length, { days: 365, start: Date.UTC(2025, 10, 25) }));
  insertFacts(
    db,
    HOSTILE.map((h, i) => ({ request_id: `hostile-${i}`, agent: h, action_class: 'class.00', control: 'approval' as const, status: 'approved' as const, created_at_ms: Date.UTC(2026, 5, 1) + i, decided_at_ms: Date.UTC(2026, 5, 2), verdict: 'approve' as const, changed: 0 as const, decided_by: h, action_json: h, decision_json: i % 2 ? h : null })),
  );
}, 120_000);
afterAll(() => {
  db.close();
  tmp.cleanup();
});

const NUMERIC = new Set(['sampled', 'created_at_ms', 'decided_at_ms', 'changed']);

describe('export', () => {
  it('CSV: 100,000 rows round-trip exactly', async () => {
    const file = `${tmp.dir}/exports/all.csv`;
    const res = await exportDecisions(db, { format: 'csv', filter: { period: PERIOD } }, file);
    expect(res.rows).toBe(100_000);
    const back: ExportRecord[] = [];
    const parser = createReadStream(file).pipe(
      parse({
        columns: true,
        relax_column_count: false,
        // Quoted empty = '', unquoted empty = null: that is how the export keeps them apart.
        cast: (value, ctx) => (ctx.header ? value : !ctx.quoting && value === '' ? null : NUMERIC.has(String(ctx.column)) && !ctx.quoting ? Number(value) : value),
      }),
    );
    for await (const rec of parser) back.push(rec as ExportRecord);
    expect(Object.keys(back[0]!)).toEqual([...EXPORT_COLUMNS]);
    const want = expected();
    expect(back.length).toBe(want.length);
    expect(back).toEqual(want);
  });

  it('JSONL: 100,000 rows round-trip exactly, and a filter narrows the rows', async () => {
    const file = `${tmp.dir}/exports/all.jsonl`;
    const res = await exportDecisions(db, { format: 'jsonl', filter: { period: PERIOD } }, file);
    expect(res.rows).toBe(100_000);
    const back: ExportRecord[] = [];
    for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) back.push(JSON.parse(line));
    expect(back).toEqual(expected());

    const some = await exportDecisions(db, { format: 'jsonl', filter: { period: PERIOD, actionClass: 'class.07', only: 'changed' } }, `${tmp.dir}/exports/some.jsonl`);
    const n = (db.prepare("SELECT count(*) n FROM insight_facts WHERE action_class = 'class.07' AND changed = 1").get() as { n: number }).n;
    expect(some.rows).toBe(n);
    expect(n).toBeGreaterThan(0);
  });

  it('never overwrites an earlier export and refuses a bad filter without writing', async () => {
    const file = `${tmp.dir}/exports/once.csv`;
    await exportDecisions(db, { format: 'csv', filter: { period: { from: '2026-01-01', to: '2026-01-02' } } }, file);
    await expect(exportDecisions(db, { format: 'csv', filter: { period: { from: '2026-01-01', to: '2026-01-02' } } }, file)).rejects.toThrow(/EEXIST/);
    await expect(exportDecisions(db, { format: 'xml', filter: { period: PERIOD } } as never, `${tmp.dir}/exports/bad.xml`)).rejects.toThrow();
    expect(existsSync(`${tmp.dir}/exports/bad.xml`)).toBe(false);
  });
});
