// Real SQLite files with the `insight_facts` view, seeded with known data. The view sits on a plain table here:
// insights depend only on the view's columns, never on the hub's or console's own schema.
import Database from 'better-sqlite3';
import { parse } from 'csv-parse';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ExportRecord } from '../../src/insights/export.js';
import { INSIGHT_FACT_COLUMNS } from '../../src/insights/fact-columns.js';

export interface Fact {
  request_id: string;
  source?: string;
  action_class: string;
  control: 'approval' | 'review' | 'audit' | 'escalation';
  sampled?: 0 | 1;
  status: 'pending' | 'approved' | 'rejected' | 'escalated' | 'expired' | 'withdrawn' | 'released';
  agent?: string;
  created_at_ms: number;
  decided_at_ms?: number | null;
  verdict?: 'approve' | 'approve_with_edits' | 'reject' | 'escalate' | 'ignore' | null;
  changed?: 0 | 1 | null;
  decided_by?: string | null;
  outcome_status?: 'executed' | 'failed' | 'rolled_back' | null;
  action_json?: string;
  decision_json?: string | null;
}

const COLUMNS = INSIGHT_FACT_COLUMNS;

export function tempDir(prefix = 'cs-insights-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function createFactsDb(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS facts (
      request_id TEXT PRIMARY KEY, source TEXT NOT NULL, action_class TEXT NOT NULL, control TEXT NOT NULL,
      sampled INTEGER NOT NULL, status TEXT NOT NULL, agent TEXT NOT NULL, created_at_ms INTEGER NOT NULL,
      decided_at_ms INTEGER, verdict TEXT, changed INTEGER, decided_by TEXT, outcome_status TEXT,
      action_json TEXT NOT NULL, decision_json TEXT);
    -- As the console's items (migration 7): reads by period use it.
    CREATE INDEX IF NOT EXISTS facts_created ON facts(created_at_ms);
    CREATE VIEW IF NOT EXISTS insight_facts AS SELECT ${COLUMNS.join(', ')} FROM facts;`);
  return db;
}

export function insertFacts(db: Database.Database, facts: Iterable<Fact>): number {
  const stmt = db.prepare(`INSERT INTO facts (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`);
  let n = 0;
  db.transaction(() => {
    for (const f of facts) {
      stmt.run(
        f.request_id,
        f.source ?? 'hub',
        f.action_class,
        f.control,
        f.sampled ?? 0,
        f.status,
        f.agent ?? 'agent-1',
        f.created_at_ms,
        f.decided_at_ms ?? null,
        f.verdict ?? null,
        f.changed ?? null,
        f.decided_by ?? null,
        f.outcome_status ?? null,
        f.action_json ?? JSON.stringify({ name: f.action_class, args: {} }),
        f.decision_json ?? null,
      );
      n++;
    }
  })();
  return n;
}

export const T0 = Date.UTC(2026, 9, 1); // 2026-10-01
export const HOUR = 3_600_000;
export const MIN = 60_000;

/**
 * A synthetic history: `n` requests over `days` days across `classes` classes, deterministic (seeded),
 * with realistic mixes of lanes, verdicts, waits and outcomes. Used by the export test and the benchmark.
 */
export function* syntheticFacts(n: number, opts: { classes?: number; days?: number; start?: number; seed?: number } = {}): Generator<Fact> {
  const classes = opts.classes ?? 50;
  const days = opts.days ?? 365;
  const start = opts.start ?? Date.UTC(2025, 10, 25);
  let s = opts.seed ?? 42;
  const rnd = () => {
    // mulberry32
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const controls = ['approval', 'approval', 'review', 'audit', 'escalation'] as const;
  const span = days * 86_400_000;
  for (let i = 0; i < n; i++) {
    const cls = `class.${String(i % classes).padStart(2, '0')}`;
    const created = start + Math.floor((i / n) * span);
    const control = controls[Math.floor(rnd() * controls.length)]!;
    const r = rnd();
    const sampled = control === 'audit' && r < 0.2 ? 1 : 0;
    const humanLooks = control === 'approval' || control === 'escalation' || control === 'review' || sampled === 1;
    const wait = Math.floor(rnd() * 4 * HOUR);
    const amount = Math.floor(rnd() * 500);
    const action_json = JSON.stringify({ name: cls, args: { amount, note: i % 97 === 0 ? 'multi\nline, "quoted" <b>x</b>' : 'ok' } });
    if (!humanLooks) {
      yield {
        request_id: `r${i}`,
        action_class: cls,
        control,
        sampled: 0,
        status: 'released',
        created_at_ms: created,
        outcome_status: rnd() < 0.03 ? 'failed' : 'executed',
        action_json,
      };
      continue;
    }
    const v = rnd();
    const released = control === 'review' || control === 'audit';
    if (v < 0.03 && !released) {
      yield { request_id: `r${i}`, action_class: cls, control, status: 'expired', created_at_ms: created, decided_at_ms: created + 24 * HOUR, action_json };
      continue;
    }
    const verdict = v < 0.8 ? 'approve' : v < 0.9 ? 'approve_with_edits' : 'reject';
    const changed = verdict === 'approve' ? 0 : 1;
    const status = released ? 'released' : verdict === 'reject' ? 'rejected' : 'approved';
    const outcome = verdict === 'reject' && !released ? null : rnd() < 0.02 ? 'rolled_back' : rnd() < 0.04 ? 'failed' : 'executed';
    const decision_json = JSON.stringify({
      id: `d${i}-xxxxxxxx`,
      requestId: `r${i}`,
      verdict,
      decidedBy: 'alice',
      decidedAt: new Date(created + wait).toISOString(),
      changed: changed === 1,
      patch: changed ? [{ op: 'replace', path: '/args/amount', value: amount - 1 }] : [],
      feedback: '',
      editedAction: null,
    });
    yield {
      request_id: `r${i}`,
      action_class: cls,
      control,
      sampled,
      status,
      created_at_ms: created,
      decided_at_ms: created + wait,
      verdict,
      changed,
      decided_by: 'alice',
      outcome_status: outcome,
      action_json,
      decision_json,
    };
  }
}

/** Strings an export must carry byte for byte: markup, a spreadsheet formula, CR/LF/quotes/commas, bidi and control characters, 200 KB, deep JSON, empty. */
export const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '=HYPERLINK("http://evil")',
  // Formula injection (issue #14 item 5): every start a spreadsheet runs, and one that already starts with '.
  '=1+2',
  '+1+2',
  '-2+3',
  '@SUM(A1:A2)',
  '\t=1+2',
  '\r=1+2',
  "'=1+2",
  // Hidden and look-alike characters (issue #14 items 3 and 4).
  'Agent \u202Eevil',
  'refund.issu\u0435',
  'billing@\u0440\u0430\u0443.com \u0430\u0441\u0441-1',
  '\uff4doney \u{1D41A}dmin pa\u0307ypal ok\u2028Approved',
  'line1\r\nline2\n"quoted", comma',
  '\u202eevil\u200b\u0000\u0007 bidi and control',
  'x'.repeat(200_000),
  JSON.stringify(JSON.parse('['.repeat(500) + ']'.repeat(500))),
  '',
];

/** One decided fact per HOSTILE string, in every free-text column (decision_json on every other one, else null). */
export function hostileFacts(at = Date.UTC(2026, 5, 1)): Fact[] {
  return HOSTILE.map((h, i) => ({
    request_id: `hostile-${i}`,
    agent: h,
    action_class: 'class.00',
    control: 'approval' as const,
    status: 'approved' as const,
    created_at_ms: at + i,
    decided_at_ms: at + 86_400_000,
    verdict: 'approve' as const,
    changed: 0 as const,
    decided_by: h,
    action_json: h,
    decision_json: i % 2 ? h : null,
  }));
}

/** What an export of the whole view must parse back to, computed straight from the view (not through the exporter). */
export function expectedExport(db: Database.Database): ExportRecord[] {
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

const NUMERIC = new Set(['sampled', 'created_at_ms', 'decided_at_ms', 'changed']);

/** Parses an export CSV back into records: quoted empty = '', unquoted empty = null (how the export keeps them apart). */
export async function readCsvExport(file: string): Promise<{ header: string[]; records: ExportRecord[] }> {
  let header: string[] = [];
  const records: ExportRecord[] = [];
  const parser = createReadStream(file).pipe(
    parse({
      columns: (h: string[]) => (header = h),
      relax_column_count: false,
      // A quoted cell that starts with ' had one added against formula injection (docs/insights.md): strip exactly one.
      cast: (value, ctx) =>
        ctx.header ? value : !ctx.quoting && value === '' ? null : NUMERIC.has(String(ctx.column)) && !ctx.quoting ? Number(value) : value.startsWith("'") ? value.slice(1) : value,
    }),
  );
  for await (const rec of parser) records.push(rec as ExportRecord);
  return { header, records };
}

/** Parses an export JSONL file back into records, one JSON object per line. */
export async function readJsonlExport(file: string): Promise<ExportRecord[]> {
  const records: ExportRecord[] = [];
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) records.push(JSON.parse(line) as ExportRecord);
  return records;
}
