// Maps one upstream MCP tool onto the product's rule: an action class with the five risk factors,
// derived from the tool's MCP annotations, then adjusted by the config's per-tool overrides.
import picomatch from 'picomatch';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { ActionClass, type RiskFactor } from '../shared/domain.js';
import { defaultClassName } from './class-names.js';
import type { ToolOverride, UpstreamTrust } from './config.js';

type ToolAnnotations = NonNullable<Tool['annotations']>;

export interface ToolPolicy {
  upstream: string;
  /** The tool's name on its upstream server. */
  tool: string;
  /**
   * pass: forwarded at once and only logged locally (read-only tools, or `mode: "pass"`).
   * hub: submitted to the hub, which answers approval (wait) or review/audit (released at once).
   */
  route: 'pass' | 'hub';
  /** One line saying why the tool routes the way it does (logged, and shown in docs/tests). */
  why: string;
  actionClass: ActionClass;
  /** Seconds a request waits for a human before it expires (override, else the class default). */
  expiresIn: number | undefined;
}

/** The annotation hints the MCP spec defines; a tool that sets none of them is treated as un-annotated. */
const HINTS = ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const;

function hasAnnotations(a: ToolAnnotations | undefined): a is ToolAnnotations {
  return !!a && HINTS.some((h) => typeof a[h] === 'boolean');
}

/**
 * Factors from annotations, using the spec's defaults for hints left out
 * (destructiveHint defaults to true and openWorldHint to true when a tool is not read-only):
 * - not readOnlyHint      -> outside_lane       (it changes state: outside a read-only lane)
 * - destructiveHint       -> irreversible       (it may destroy or overwrite what was there)
 * - openWorldHint         -> weak_ground_truth  (it reaches systems the gateway cannot observe or check afterwards)
 * - idempotentHint        -> no factor          (safe retries do not make the first effect reversible)
 */
function factorsFromAnnotations(a: ToolAnnotations): RiskFactor[] {
  if (a.readOnlyHint === true) return [];
  const out: RiskFactor[] = [];
  if (a.destructiveHint !== false) out.push('irreversible');
  out.push('outside_lane');
  if (a.openWorldHint !== false) out.push('weak_ground_truth');
  return out;
}

/** Compiled globs of the config (`tools`, `resources`, `prompts`): picomatch.isMatch compiles its glob at every call. */
const matchers = new Map<string, (s: string) => boolean>();

/** Whether `s` matches the config glob `glob` (`dot: true`), compiled once per glob. */
export function globMatch(glob: string, s: string): boolean {
  let m = matchers.get(glob);
  if (!m) {
    m = picomatch(glob, { dot: true });
    matchers.set(glob, m);
  }
  return m(s);
}

/** The first override whose glob matches `<upstream>/<tool>`. */
function findOverride(overrides: ToolOverride[], upstream: string, tool: string): ToolOverride | undefined {
  const key = `${upstream}/${tool}`;
  return overrides.find((o) => globMatch(o.match, key));
}

export function toolPolicy(
  upstream: string,
  tool: Pick<Tool, 'name' | 'description' | 'annotations'>,
  overrides: ToolOverride[],
  trust: UpstreamTrust = 'annotations',
): ToolPolicy {
  const ov = findOverride(overrides, upstream, tool.name);
  const annotated = hasAnnotations(tool.annotations);
  // Under no-pass / approve-all a read-only claim does not skip the hub.
  const readOnly = annotated && tool.annotations!.readOnlyHint === true && trust === 'annotations';

  let factors: RiskFactor[];
  let override: ActionClass['override'] = null;
  let why: string;
  if (trust === 'approve-all') {
    factors = annotated ? factorsFromAnnotations(tool.annotations!) : ['irreversible', 'outside_lane', 'weak_ground_truth'];
    override = 'approval';
    why = 'upstream trust approve-all: every call waits for a human';
  } else if (!annotated) {
    // Fail closed: nobody said what this tool does, so a human approves it.
    factors = ['irreversible', 'outside_lane', 'weak_ground_truth'];
    override = 'approval';
    why = 'no MCP annotations: fails closed to approval';
  } else {
    factors = factorsFromAnnotations(tool.annotations!);
    why = readOnly ? 'readOnlyHint: passes, logged locally' : `annotations give ${factors.length} factor(s): ${factors.join(', ')}`;
    if (trust === 'no-pass' && tool.annotations!.readOnlyHint === true) why = 'readOnlyHint, but upstream trust no-pass: submitted, on record';
  }
  if (ov?.factors) {
    factors = [...new Set(ov.factors)];
    override = null;
    why = `override ${ov.match}: factors ${factors.join(', ') || '(none)'}`;
  }
  const modeOverride = { approve: 'approval', review: 'review', audit: 'audit' } as const;
  if (ov && ov.mode !== 'classify' && ov.mode !== 'pass') {
    override = modeOverride[ov.mode];
    why = `override ${ov.match}: always ${override}`;
  }

  // Read-only tools stay off the hub unless an override gives them factors or a forced lane.
  const overrideGivesRisk = !!ov && (ov.mode !== 'classify' || !!ov.factors?.length || !!ov.conditionalFactors?.length);
  let route: ToolPolicy['route'] = readOnly && !overrideGivesRisk ? 'pass' : 'hub';
  if (ov?.mode === 'pass') {
    route = 'pass';
    why = `override ${ov.match}: pass`;
  }

  const actionClass = ActionClass.parse({
    name: ov?.actionClass ?? defaultClassName(upstream, tool.name),
    description: ov?.description ?? `MCP tool ${tool.name} on upstream ${upstream}${tool.description ? `: ${tool.description}` : ''}`.slice(0, 2000),
    owner: ov?.owner ?? '',
    factors,
    conditionalFactors: ov?.conditionalFactors ?? [],
    defaultLane: ov?.lane ?? 'review',
    override,
    ...(ov?.auditSampleRate !== undefined ? { auditSampleRate: ov.auditSampleRate } : {}),
    ...(ov?.expiresIn !== undefined ? { defaultExpiresIn: ov.expiresIn } : {}),
  });
  return { upstream, tool: tool.name, route, why, actionClass, expiresIn: ov?.expiresIn };
}
