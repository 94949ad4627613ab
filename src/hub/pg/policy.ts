// The policy and its hash-chained, signed versions on PostgreSQL. Each replica caches the classes it classifies with
// and reloads them when the database's version moved on (a change through another replica).
import type pg from 'pg';
import { ActionClass } from '../../shared/domain.js';
import { classMatcher } from '../../shared/class-match.js';
import { canonicalJson, GENESIS_HASH } from '../../shared/log-chain.js';
import { withClass } from '../../shared/policy-proposal.js';
import { signPolicyVersion, type LogSigningKey } from '../../node-shared/log-signing.js';
import { DuplicateClassError, NoChangeError, PolicyMovedOnError } from '../store/policy-store.js';
import { verifyVersionRows, versionHash, versionInfo, type PolicyChangeMeta, type VersionRow } from '../store/policy-versions.js';
import type { ClassLookup } from '../store/request-rules.js';
import type { PolicyApi } from '../store/storage.js';
import { transaction, type Queryable } from './pool.js';

export class PgPolicy implements PolicyApi {
  private loaded = -1;
  private classes: ActionClass[] = [];
  private match: (name: string) => ActionClass | null = () => null;

  constructor(
    private readonly pool: pg.Pool,
    private readonly key: LogSigningKey,
    private readonly now: () => number = Date.now,
  ) {}

  /** The classes as of the database's current version (`known`: already read in `c`'s transaction). */
  async lookup(c: Queryable = this.pool, known?: number): Promise<ClassLookup> {
    const v = known ?? (await currentVersion(c));
    if (v !== this.loaded) {
      const rows = (await c.query('SELECT json FROM action_classes ORDER BY position')).rows as Array<{ json: string }>;
      this.classes = rows.map((r) => ActionClass.parse(JSON.parse(r.json)));
      this.match = classMatcher(this.classes);
      this.loaded = v;
    }
    const match = this.match;
    return { find: (name) => match(name) ?? undefined, version: () => v };
  }

  async list(): Promise<ActionClass[]> {
    await this.lookup();
    return this.classes;
  }

  async version(): Promise<number> {
    return currentVersion(this.pool);
  }

  async change(classes: ActionClass[], meta: PolicyChangeMeta, baseVersion?: number): Promise<{ classes: ActionClass[]; version: number; changed: boolean }> {
    const seen = new Set<string>();
    for (const c of classes) {
      if (seen.has(c.name)) throw new DuplicateClassError(c.name);
      seen.add(c.name);
    }
    const changed = await transaction(
      this.pool,
      async (c) => {
        const current = await currentVersion(c);
        if (baseVersion !== undefined && baseVersion !== current) throw new PolicyMovedOnError(baseVersion, current);
        if (current > 0 && canonicalJson(await listIn(c)) === canonicalJson(classes)) return false;
        await this.write(c, classes, meta);
        return true;
      },
      { lockHead: true },
    );
    return { classes: await this.list(), version: await this.version(), changed };
  }

  async propose(proposalId: string, cls: ActionClass, meta: Omit<PolicyChangeMeta, 'proposalId'>, baseVersion: number) {
    return transaction(
      this.pool,
      async (c) => {
        const done = (await c.query('SELECT * FROM policy_versions WHERE proposal_id = $1', [proposalId])).rows[0] as VersionRow | undefined;
        if (done) return { status: 'duplicate' as const, version: versionInfo(done) };
        const current = await currentVersion(c);
        if (baseVersion !== current) throw new PolicyMovedOnError(baseVersion, current);
        const before = await listIn(c);
        const classes = withClass(before, cls);
        if (canonicalJson(before) === canonicalJson(classes)) throw new NoChangeError(cls.name);
        const row = await this.write(c, classes, { ...meta, proposalId });
        return { status: 'applied' as const, version: versionInfo(row) };
      },
      { lockHead: true },
    );
  }

  async versions() {
    return ((await this.pool.query('SELECT * FROM policy_versions ORDER BY version')).rows as VersionRow[]).map(versionInfo);
  }

  async versionAt(version: number) {
    const r = (await this.pool.query('SELECT * FROM policy_versions WHERE version = $1', [version])).rows[0] as VersionRow | undefined;
    return r ? { info: versionInfo(r), classes: (JSON.parse(r.classes_json) as unknown[]).map((c) => ActionClass.parse(c)) } : null;
  }

  async verify() {
    return verifyVersionRows((await this.pool.query('SELECT * FROM policy_versions ORDER BY version')).rows as VersionRow[], this.key);
  }

  /** Replaces the classes and appends the version that records it (inside the caller's transaction, head locked). */
  private async write(c: Queryable, classes: ActionClass[], meta: PolicyChangeMeta): Promise<VersionRow> {
    await c.query('DELETE FROM action_classes');
    await c.query('INSERT INTO action_classes (name, json, position) SELECT * FROM unnest($1::text[], $2::text[], $3::int[])', [
      classes.map((x) => x.name),
      classes.map((x) => JSON.stringify(x)),
      classes.map((_, i) => i),
    ]);
    const prev = (await c.query('SELECT version, hash FROM policy_versions ORDER BY version DESC LIMIT 1')).rows[0] as { version: number; hash: string } | undefined;
    const fields = {
      version: (prev?.version ?? 0) + 1,
      author: meta.author,
      author_id: meta.authorId,
      at: new Date(this.now()).toISOString(),
      rationale: meta.rationale,
      evidence_json: meta.evidence === undefined || meta.evidence === null ? null : JSON.stringify(meta.evidence),
      classes_json: JSON.stringify(classes),
    };
    const prevHash = prev?.hash ?? GENESIS_HASH;
    const hash = versionHash(prevHash, fields);
    const row: VersionRow = { ...fields, prev_hash: prevHash, hash, sig: signPolicyVersion(this.key, { version: fields.version, hash }) };
    await c.query(
      'INSERT INTO policy_versions (version, author, author_id, at, rationale, evidence_json, classes_json, prev_hash, hash, proposal_id, sig) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)',
      [row.version, row.author, row.author_id, row.at, row.rationale, row.evidence_json, row.classes_json, prevHash, hash, meta.proposalId ?? null, row.sig],
    );
    return row;
  }
}

async function currentVersion(c: Queryable): Promise<number> {
  return ((await c.query('SELECT COALESCE(MAX(version), 0) AS v FROM policy_versions')).rows[0] as { v: number }).v;
}

async function listIn(c: Queryable): Promise<ActionClass[]> {
  return ((await c.query('SELECT json FROM action_classes ORDER BY position')).rows as Array<{ json: string }>).map((r) => ActionClass.parse(JSON.parse(r.json)));
}
