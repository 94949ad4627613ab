// The policy of resources/read and prompts/get on one upstream: the same rule as a tool (read-only by default, so a
// read passes; a `resources` / `prompts` rule or the upstream's trust sends it to the hub), and the action classes
// that follows from the config, so the gateway registers them with the hub like its tools' (policy and Insights see
// them, and their lane is the configured one instead of the hub's unknown-class approval).
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ActionClass } from '../../shared/domain.js';
import { surfaceClassName } from '../class-names.js';
import type { GatewayConfig, ToolOverride, UpstreamTrust } from '../config.js';
import { globMatch, toolPolicy, type ToolPolicy } from '../tool-policy.js';

export type SurfaceMethod = 'resources/read' | 'prompts/get';

const KINDS: Array<{ method: SurfaceMethod; rules: (c: GatewayConfig) => ToolOverride[]; capability: 'resources' | 'prompts' }> = [
  { method: 'resources/read', rules: (c) => c.resources, capability: 'resources' },
  { method: 'prompts/get', rules: (c) => c.prompts, capability: 'prompts' },
];

/** The first rule matching `<upstream>/<key>` (a URI or a prompt name). */
export function surfaceRule(rules: ToolOverride[], upstream: string, key: string): ToolOverride | undefined {
  return rules.find((r) => globMatch(r.match, `${upstream}/${key}`));
}

/** Policies already worked out, per rule (the config's own objects) and method/upstream/trust: a read asks at every call. */
const policies = new WeakMap<object, Map<string, ToolPolicy>>();
const NO_RULE = {};

/** The method stands in for the tool: read-only unless the rule says otherwise; the rule's match is already applied. */
export function surfacePolicy(method: SurfaceMethod, upstream: string, trust: UpstreamTrust | undefined, rule: ToolOverride | undefined): ToolPolicy {
  let byRule = policies.get(rule ?? NO_RULE);
  if (!byRule) policies.set(rule ?? NO_RULE, (byRule = new Map<string, ToolPolicy>()));
  const key = `${method}\n${upstream}\n${trust ?? ''}`;
  let p = byRule.get(key);
  if (!p) byRule.set(key, (p = workOutPolicy(method, upstream, trust, rule)));
  return p;
}

function workOutPolicy(method: SurfaceMethod, upstream: string, trust: UpstreamTrust | undefined, rule: ToolOverride | undefined): ToolPolicy {
  const tool: Pick<Tool, 'name' | 'description' | 'annotations'> = { name: method, annotations: { readOnlyHint: true } };
  const actionClass = rule?.actionClass ?? surfaceClassName(method, upstream, rule?.match);
  const description = rule?.description ?? `MCP ${method} on upstream ${upstream}${rule ? ` matching ${rule.match}` : ''}`.slice(0, 2000);
  return toolPolicy(upstream, tool, [{ ...(rule ?? { mode: 'classify' as const }), actionClass, description, match: `${upstream}/${method}` }], trust);
}

/**
 * Whether a rule's `match` can apply to this upstream: its part before the first `/` matches the upstream's name
 * (`**` there matches any). A glob whose upstream part cannot be read so (a brace spanning `/`) may be missed: its
 * class then stays unregistered and the hub's unknown-class rule gives it approval (fail closed).
 */
function mayApply(rule: ToolOverride, upstream: string): boolean {
  const head = rule.match.split('/')[0]!;
  return head.includes('**') || globMatch(head, upstream);
}

/**
 * The classes resources/read and prompts/get of these upstreams may be submitted under: for each upstream that offers
 * resources (prompts), its class without a rule (when its trust sends reads to the hub) and one per rule that may
 * apply and sends to the hub. The first of a name wins, as with tools sharing an admin-given class name.
 */
export function surfaceClasses(config: GatewayConfig, upstreams: Array<{ name: string; trust?: UpstreamTrust; offers: (c: 'resources' | 'prompts') => boolean }>): ActionClass[] {
  const out = new Map<string, ActionClass>();
  for (const u of upstreams) {
    for (const k of KINDS) {
      if (!u.offers(k.capability)) continue;
      const policies = [
        surfacePolicy(k.method, u.name, u.trust, undefined),
        ...k
          .rules(config)
          .filter((r) => mayApply(r, u.name))
          .map((r) => surfacePolicy(k.method, u.name, u.trust, r)),
      ];
      for (const p of policies) if (p.route === 'hub' && !out.has(p.actionClass.name)) out.set(p.actionClass.name, p.actionClass);
    }
  }
  return [...out.values()];
}
