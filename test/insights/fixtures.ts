// Real SQLite files with the `insight_facts` view, seeded with known data. The view sits on a plain table here:
// insights depend only on the view's columns, never on the hub's or console's own schema.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

const COLUMNS = ['request_id', 'source', 'action_class', 'control', 'sampled', 'status', 'agent', 'created_at_ms', 'decided_at_ms', 'verdict', 'changed', 'decided_by', 'outcome_status', 'action_json', 'decision_json'] as const;

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
      yield { request_id: `r${i}`, action_class: cls, control, sampled: 0, status: 'released', created_at_ms: created, outcome_status: rnd() < 0.03 ? 'failed' : 'executed', action_json };
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
    const decision_json = JSON.stringify({ id: `d${i}-xxxxxxxx`, requestId: `r${i}`, verdict, decidedBy: 'alice', decidedAt: new Date(created + wait).toISOString(), changed: changed === 1, patch: changed ? [{ op: 'replace', path: '/args/amount', value: amount - 1 }] : [], feedback: '', editedAction: null });
    yield { request_id: `r${i}`, action_class: cls, control, sampled, status, created_at_ms: created, decided_at_ms: created + wait, verdict, changed, decided_by: 'alice', outcome_status: outcome, action_json, decision_json };
  }
}
