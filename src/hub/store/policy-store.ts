// The policy: the action classes, kept in SQLite and cached in memory. Names may end in `*` (e.g. `crm.*`);
// an exact name wins, then the most specific pattern.
import type Database from 'better-sqlite3';
import { ActionClass } from '../../shared/domain.js';

export class PolicyStore {
  private exact = new Map<string, ActionClass>();
  private patterns: Array<{ re: RegExp; specificity: number; cls: ActionClass }> = [];

  constructor(private db: Database.Database) {
    this.reload();
  }

  isEmpty(): boolean {
    return (this.db.prepare('SELECT COUNT(*) FROM action_classes').pluck().get() as number) === 0;
  }

  list(): ActionClass[] {
    const rows = this.db.prepare('SELECT json FROM action_classes ORDER BY position').pluck().all() as string[];
    return rows.map((j) => ActionClass.parse(JSON.parse(j)));
  }

  /** Replaces the whole policy in one transaction. Names must be unique. */
  replace(classes: ActionClass[]): ActionClass[] {
    const seen = new Set<string>();
    for (const c of classes) {
      if (seen.has(c.name)) throw new DuplicateClassError(c.name);
      seen.add(c.name);
    }
    this.db
      .transaction(() => {
        this.db.prepare('DELETE FROM action_classes').run();
        const ins = this.db.prepare('INSERT INTO action_classes (name, json, position) VALUES (?,?,?)');
        classes.forEach((c, i) => ins.run(c.name, JSON.stringify(c), i));
      })
      .immediate();
    this.reload();
    return this.list();
  }

  find(name: string): ActionClass | undefined {
    const hit = this.exact.get(name);
    if (hit) return hit;
    return this.patterns.find((p) => p.re.test(name))?.cls;
  }

  private reload(): void {
    this.exact.clear();
    this.patterns = [];
    for (const cls of this.list()) {
      if (cls.name.includes('*')) {
        const re = new RegExp('^' + cls.name.split('*').map(escapeRe).join('.*') + '$');
        this.patterns.push({ re, specificity: cls.name.replace(/\*/g, '').length, cls });
      } else this.exact.set(cls.name, cls);
    }
    this.patterns.sort((a, b) => b.specificity - a.specificity);
  }
}

export class DuplicateClassError extends Error {
  constructor(public readonly className: string) {
    super(`action class ${className} appears twice`);
  }
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
