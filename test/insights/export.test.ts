// Export of the decision log, streamed to a real file, parses back (CSV and JSONL) equal to what the view holds,
// hostile strings included, byte for byte. 2,000 rows here (the same property at the scale of the suite on a busy
// two-core machine); bench/insights.bench.ts runs the same round trip at 100,000 rows and reports its rates.
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_COLUMNS, exportDecisions } from '../../src/insights/export.js';
import { createFactsDb, expectedExport, HOSTILE, hostileFacts, insertFacts, readCsvExport, readJsonlExport, syntheticFacts, tempDir } from './fixtures.js';

const ROWS = 2_000;
let db: Database.Database;
let tmp: ReturnType<typeof tempDir>;
const PERIOD = { from: '2025-11-25', to: '2026-11-24' };

beforeAll(() => {
  tmp = tempDir();
  db = createFactsDb(`${tmp.dir}/facts.db`);
  insertFacts(db, syntheticFacts(ROWS - HOSTILE.length, { days: 365, start: Date.UTC(2025, 10, 25) }));
  insertFacts(db, hostileFacts());
}, 120_000);
afterAll(() => {
  db.close();
  tmp.cleanup();
});

describe('export', () => {
  it('CSV: 2,000 rows (hostile strings included) round-trip exactly', async () => {
    const file = `${tmp.dir}/exports/all.csv`;
    const res = await exportDecisions(db, { format: 'csv', filter: { period: PERIOD } }, file);
    expect(res.rows).toBe(ROWS);
    const { header, records: back } = await readCsvExport(file);
    expect(header).toEqual([...EXPORT_COLUMNS]);
    expect(Object.keys(back[0]!)).toEqual([...EXPORT_COLUMNS]);
    const want = expectedExport(db);
    expect(back.length).toBe(want.length);
    expect(back).toEqual(want);
  });

  it('JSONL: 2,000 rows (hostile strings included) round-trip exactly, and a filter narrows the rows', async () => {
    const file = `${tmp.dir}/exports/all.jsonl`;
    const res = await exportDecisions(db, { format: 'jsonl', filter: { period: PERIOD } }, file);
    expect(res.rows).toBe(ROWS);
    expect(await readJsonlExport(file)).toEqual(expectedExport(db));

    const some = await exportDecisions(db, { format: 'jsonl', filter: { period: PERIOD, actionClass: 'class.07', only: 'changed' } }, `${tmp.dir}/exports/some.jsonl`);
    const n = (db.prepare("SELECT count(*) n FROM insight_facts WHERE action_class = 'class.07' AND changed = 1").get() as { n: number }).n;
    expect(some.rows).toBe(n);
    expect(n).toBeGreaterThan(0);
  });

  it("CSV: cells a spreadsheet would run as formulas open as text (a leading '), JSONL keeps them byte-exact", async () => {
    const csv = `${tmp.dir}/exports/formulas.csv`;
    const jsonl = `${tmp.dir}/exports/formulas.jsonl`;
    const filter = { period: PERIOD, agent: '=1+2' };
    await exportDecisions(db, { format: 'csv', filter }, csv);
    await exportDecisions(db, { format: 'jsonl', filter }, jsonl);
    const raw = readFileSync(csv, 'utf8').split('\n')[1]!;
    expect(raw).toContain('"\'=1+2"');
    expect(raw).not.toMatch(/(^|,)"=/);
    expect(readFileSync(jsonl, 'utf8')).toContain('"agent":"=1+2"');
    const cells = await readCsvExport(csv);
    expect(cells.records.map((r) => r.agent)).toEqual(['=1+2']);
    // Every other start: + - @ tab CR, and a value that already begins with ' (doubled, so the rule can be undone).
    const all = await readFile(`${tmp.dir}/exports/all.csv`, 'utf8'); // written by the first test
    for (const start of ['+1+2', '-2+3', '@SUM(A1:A2)', '\t=1+2', '\r=1+2', "'=1+2"]) expect(all).toContain(`"'${start.replace(/"/g, '""')}`);
  });

  it('never overwrites an earlier export and refuses a bad filter without writing', async () => {
    const file = `${tmp.dir}/exports/once.csv`;
    await exportDecisions(db, { format: 'csv', filter: { period: { from: '2026-01-01', to: '2026-01-02' } } }, file);
    await expect(exportDecisions(db, { format: 'csv', filter: { period: { from: '2026-01-01', to: '2026-01-02' } } }, file)).rejects.toThrow(/EEXIST/);
    await expect(exportDecisions(db, { format: 'xml', filter: { period: PERIOD } } as never, `${tmp.dir}/exports/bad.xml`)).rejects.toThrow();
    expect(existsSync(`${tmp.dir}/exports/bad.xml`)).toBe(false);
  });
});
