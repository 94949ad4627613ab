// The policy: the action classes, kept in SQLite and cached in memory. Names may end in `*` (e.g. `crm.*`);
// an exact name wins, then the most specific pattern (src/shared/class-match.ts, the lookup the console uses too).
import type Database from 'better-sqlite3';
import { ActionClass } from '../../shared/domain.js';
import { classMatcher } from '../../shared/class-match.js';
import { canonicalJson } from '../../shared/log-chain.js';
import { withClass } from '../../shared/policy-proposal.js';
import type { PolicyVersionInfo } from '../../shared/protocol.js';
import { PolicyVersions, type PolicyChangeMeta } from './policy-versions.js';

/** Changes the hub makes on its own (first start's default policy). */
export const HUB_CHANGE: PolicyChangeMeta = { author: 'hub', authorId: null, rationale: '', evidence: null };

export class PolicyMovedOnError extends Error {
  constructor(
    readonly baseVersion: number,
    readonly current: number,
  ) {
    super(`the policy is at version ${current}, not ${baseVersion}: reload it and make the change again`);
  }
}

export class PolicyStore {
  private match: (name: string) => ActionClass | null = () => null;
  readonly versions: PolicyVersions;
  private currentVersion = 0;

  constructor(
    private db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    this.versions = new PolicyVersions(db);
    this.reload();
  }

  /** The version requests are classified under now (0 only before any policy was stored). */
  version(): number {
    return this.currentVersion;
  }

  list(): ActionClass[] {
    const rows = this.db.prepare('SELECT json FROM action_classes ORDER BY position').pluck().all() as string[];
    return rows.map((j) => ActionClass.parse(JSON.parse(j)));
  }

  /**
   * Replaces the whole policy in one transaction and records it as a new version, unless it equals the current one.
   * Names must be unique. `baseVersion`: the version the author started from; a policy that moved on since is refused.
   */
  change(classes: ActionClass[], meta: PolicyChangeMeta, baseVersion?: number): { classes: ActionClass[]; version: number; changed: boolean } {
    const seen = new Set<string>();
    for (const c of classes) {
      if (seen.has(c.name)) throw new DuplicateClassError(c.name);
      seen.add(c.name);
    }
    const changed = this.db
      .transaction(() => {
        const current = this.versions.current();
        if (baseVersion !== undefined && baseVersion !== current) throw new PolicyMovedOnError(baseVersion, current);
        if (current > 0 && canonicalJson(this.list()) === canonicalJson(classes)) return false;
        this.db.prepare('DELETE FROM action_classes').run();
        const ins = this.db.prepare('INSERT INTO action_classes (name, json, position) VALUES (?,?,?)');
        classes.forEach((c, i) => ins.run(c.name, JSON.stringify(c), i));
        this.versions.append(classes, meta, this.now());
        return true;
      })
      .immediate();
    this.reload();
    return { classes: this.list(), version: this.currentVersion, changed };
  }

  /**
   * Applies a console's proposal: one class's new definition made from `baseVersion`. A proposal id already applied is
   * answered with the version it made (a retry after a lost answer); otherwise the policy must still be at `baseVersion`.
   */
  propose(proposalId: string, cls: ActionClass, meta: Omit<PolicyChangeMeta, 'proposalId'>, baseVersion: number): { status: 'applied' | 'duplicate'; version: PolicyVersionInfo } {
    const result = this.db
      .transaction(() => {
        const done = this.versions.byProposal(proposalId);
        if (done) return { status: 'duplicate' as const, version: done };
        const current = this.versions.current();
        if (baseVersion !== current) throw new PolicyMovedOnError(baseVersion, current);
        const classes = withClass(this.list(), cls);
        if (canonicalJson(this.list()) === canonicalJson(classes)) throw new NoChangeError(cls.name);
        this.db.prepare('DELETE FROM action_classes').run();
        const ins = this.db.prepare('INSERT INTO action_classes (name, json, position) VALUES (?,?,?)');
        classes.forEach((c, i) => ins.run(c.name, JSON.stringify(c), i));
        const version = this.versions.append(classes, { ...meta, proposalId }, this.now());
        return { status: 'applied' as const, version: this.versions.get(version)!.info };
      })
      .immediate();
    this.reload();
    return result;
  }

  find(name: string): ActionClass | undefined {
    return this.match(name) ?? undefined;
  }

  private reload(): void {
    this.currentVersion = this.versions.current();
    this.match = classMatcher(this.list());
  }
}

export class DuplicateClassError extends Error {
  constructor(public readonly className: string) {
    super(`action class ${className} appears twice`);
  }
}

export class NoChangeError extends Error {
  constructor(public readonly className: string) {
    super(`the proposed definition of ${className} is the same as the current one: nothing to change`);
  }
}
