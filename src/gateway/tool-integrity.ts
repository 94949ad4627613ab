// Tool-definition integrity: a tool is classified on the definition it had when first seen (name, description, input
// schema, annotations, hashed). A later definition that tightens (more factors, no longer read-only) applies at once;
// anything else (read-only now, a factor lost, another schema or description) keeps the stricter of both
// classifications until an admin accepts the new definition (config `accept`, or `countersign-gateway accept`), and
// a changed schema or description on a submitted tool needs approval per call meanwhile. Every change is reported.
import { createHash } from 'node:crypto';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { ActionClass, type RiskFactor } from '../shared/domain.js';
import { canonicalJson } from '../shared/log-chain.js';
import { preview } from './call-log.js';
import type { ToolOverride, UpstreamTrust } from './config.js';
import type { ToolDefinition, ToolRecord } from './gateway-state.js';
import { toolPolicy, type ToolPolicy } from './tool-policy.js';

function definitionOf(tool: Tool): ToolDefinition {
  return {
    name: tool.name,
    ...(tool.description !== undefined ? { description: tool.description } : {}),
    inputSchema: tool.inputSchema,
    ...(tool.annotations !== undefined ? { annotations: tool.annotations } : {}),
  };
}

function definitionHash(d: ToolDefinition): string {
  return createHash('sha256').update(canonicalJson(d), 'utf8').digest('hex');
}

export interface ToolChange {
  /** `<upstream>/<tool>` */
  tool: string;
  /** tightened: applied at once. pending: the stricter classification holds until accepted. accepted: an admin accepted it. */
  kind: 'tightened' | 'pending' | 'accepted';
  oldHash: string;
  newHash: string;
  /** One line per difference, e.g. `annotations.readOnlyHint: false -> true`. */
  diff: string[];
  /** The route/lane line of the policy that now applies. */
  why: string;
}

function show(v: unknown): string {
  return v === undefined ? '(absent)' : preview(v, 300);
}

function definitionDiff(a: ToolDefinition, b: ToolDefinition): string[] {
  const out: string[] = [];
  const ann = (d: ToolDefinition) => (d.annotations ?? {}) as Record<string, unknown>;
  for (const k of [...new Set([...Object.keys(ann(a)), ...Object.keys(ann(b))])].sort())
    if (canonicalJson(ann(a)[k]) !== canonicalJson(ann(b)[k])) out.push(`annotations.${k}: ${show(ann(a)[k])} -> ${show(ann(b)[k])}`);
  if (a.description !== b.description) out.push(`description: ${show(a.description)} -> ${show(b.description)}`);
  if (canonicalJson(a.inputSchema) !== canonicalJson(b.inputSchema)) out.push(`inputSchema: ${show(a.inputSchema)} -> ${show(b.inputSchema)}`);
  return out;
}

/**
 * The class of a changed definition gets its own name, `<class>:d<12 hex of its hash>` (`:d` is no escape of
 * class-names.ts, so names stay unique), registered fresh with its own factors: the hub keeps the class it first
 * registered (`registerClasses: "missing"` never overwrites), so under the plain name a tightening would not reach it.
 */
function versioned(p: ToolPolicy, hash: string | null): ToolPolicy {
  if (!hash) return p;
  const suffix = `:d${hash.slice(0, 12)}`;
  return { ...p, actionClass: { ...p.actionClass, name: p.actionClass.name.slice(0, 200 - suffix.length) + suffix } };
}

function stricterOrEqual(next: ToolPolicy, prev: ToolPolicy): boolean {
  const have = new Set(next.actionClass.factors);
  return (
    (prev.route === 'pass' || next.route === 'hub') &&
    prev.actionClass.factors.every((f) => have.has(f)) &&
    (prev.actionClass.override !== 'approval' || next.actionClass.override === 'approval')
  );
}

/** The stricter of two classifications of one tool: hub if either is, the union of factors, approval if either needs it. */
function stricterOf(prev: ToolPolicy, next: ToolPolicy, forceApproval: boolean, why: string): ToolPolicy {
  const factors = [...new Set<RiskFactor>([...prev.actionClass.factors, ...next.actionClass.factors])];
  const override = forceApproval || prev.actionClass.override === 'approval' || next.actionClass.override === 'approval' ? 'approval' : next.actionClass.override;
  return {
    ...next,
    route: prev.route === 'hub' || next.route === 'hub' ? 'hub' : 'pass',
    why,
    actionClass: ActionClass.parse({ ...next.actionClass, factors, override }),
  };
}

export class ToolIntegrity {
  constructor(
    private readonly records: Record<string, ToolRecord>,
    private readonly overrides: ToolOverride[],
    /** `<upstream>/<tool>` -> hashes (or 12+ digit prefixes) an admin accepted. */
    private readonly accepted: () => Map<string, string[]>,
    private readonly onChange: (c: ToolChange) => void,
  ) {}

  private isAccepted(key: string, hash: string): boolean {
    return (this.accepted().get(key) ?? []).some((h) => hash.startsWith(h));
  }

  /** The policy that applies to this definition of the tool, recording it (first sight, tightening, acceptance). */
  policyFor(upstream: string, tool: Tool, trust: UpstreamTrust): ToolPolicy {
    const key = `${upstream}/${tool.name}`;
    const def = definitionOf(tool);
    const hash = definitionHash(def);
    const next = toolPolicy(upstream, tool, this.overrides, trust);
    const now = new Date().toISOString();
    const rec = this.records[key];
    if (!rec) {
      this.records[key] = { hash, definition: def, since: now, classHash: null, pending: null };
      return next;
    }
    if (rec.hash === hash) {
      rec.pending = null;
      return versioned(next, rec.classHash);
    }
    const diff = definitionDiff(rec.definition, def);
    const change = { tool: key, oldHash: rec.hash, newHash: hash, diff };
    const prev = toolPolicy(upstream, rec.definition as Tool, this.overrides, trust);
    const textChanged = rec.definition.description !== def.description || canonicalJson(rec.definition.inputSchema) !== canonicalJson(def.inputSchema);
    if (this.isAccepted(key, hash) || (!textChanged && stricterOrEqual(next, prev))) {
      const kind = this.isAccepted(key, hash) ? 'accepted' : 'tightened';
      this.records[key] = { hash, definition: def, since: now, classHash: hash, pending: null };
      const applied = versioned(next, hash);
      this.onChange({ ...change, kind, why: `${applied.why} (class ${applied.actionClass.name})` });
      return applied;
    }
    const forceApproval = textChanged && (prev.route === 'hub' || next.route === 'hub');
    const held = versioned(
      stricterOf(
        prev,
        next,
        forceApproval,
        `definition changed since it was classified (${diff.length} difference(s)); the stricter classification holds until an admin accepts ${hash.slice(0, 12)}` +
          (forceApproval ? ': every call needs approval meanwhile' : ''),
      ),
      hash,
    );
    if (rec.pending?.hash !== hash) {
      rec.pending = { hash, definition: def, since: now };
      this.onChange({ ...change, kind: 'pending', why: held.why });
    }
    return held;
  }
}
