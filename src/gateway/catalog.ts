// The tools of every upstream under one server: exposed names that are stable and never shadow each other, each
// with the upstream it belongs to, its policy and what the hidden-character scan found in its text.
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { skeleton } from '../shared/confusables.js';
import type { GatewayConfig } from './config.js';
import { flaggedText, toolTextFlags } from './tool-flags.js';
import { toolPolicy, type ToolPolicy } from './tool-policy.js';

const PREFIX_SEPARATOR = '__';

export interface CatalogEntry {
  /** The name the gateway's clients see and call. */
  exposedName: string;
  /** The upstream's tool, as listed (schema, annotations...). */
  tool: Tool;
  policy: ToolPolicy;
  /** Hidden characters and look-alikes in the tool's name, title or description, one readable line each. */
  flags: string[];
}

/** A tool the gateway does not expose, and why (logged as `tool_refused`, printed by --check). */
interface RefusedTool {
  /** `<upstream>/<tool>` */
  tool: string;
  exposedName: string;
  why: string;
}

export interface Catalog {
  entries: CatalogEntry[];
  byName: Map<string, CatalogEntry>;
  refused: RefusedTool[];
}

export interface CatalogOptions {
  /**
   * Bare exposed name -> the `<upstream>/<tool>` that holds it. Read and updated: once a tool is exposed under its own
   * name it keeps it, so a later upstream listing the same name cannot rename a tool clients already call.
   */
  bindings?: Map<string, string>;
  /** The policy of a tool (the gateway passes the integrity-checked one); default: from annotations and overrides. */
  policyFor?: (upstream: string, tool: Tool) => ToolPolicy;
}

/**
 * Builds the catalog from each upstream's tool list, in config order.
 * `collisions`: a tool keeps its own name unless another tool already holds it (a recorded binding, else the upstream
 * listed first in config among those listing it); the others are `<upstream>__<tool>`.
 * `always`: every tool is `<upstream>__<tool>`.
 * Refused (never exposed): a bare name inside another upstream's `<upstream>__` namespace (it would shadow that
 * upstream's prefixed tool), any name two tools would share, and a name with hidden or look-alike characters that reads
 * the same (UTS #39 skeleton) as another exposed name.
 */
export function buildCatalog(cfg: Pick<GatewayConfig, 'prefix' | 'tools'>, toolsByUpstream: Array<{ upstream: string; tools: Tool[] }>, opts: CatalogOptions = {}): Catalog {
  const bindings = opts.bindings ?? new Map<string, string>();
  const policyFor = opts.policyFor ?? ((u: string, t: Tool) => toolPolicy(u, t, cfg.tools));
  const upstreamNames = toolsByUpstream.map((x) => x.upstream);
  const listed = new Set(toolsByUpstream.flatMap(({ upstream, tools }) => tools.map((t) => `${upstream}/${t.name}`)));
  // A binding whose tool is gone from its upstream's list frees the name.
  for (const [name, holder] of bindings) if (!listed.has(holder)) bindings.delete(name);

  const candidates: Array<{ upstream: string; tool: Tool; exposedName: string }> = [];
  const refused: RefusedTool[] = [];
  for (const { upstream, tools } of toolsByUpstream) {
    for (const tool of tools) {
      const key = `${upstream}/${tool.name}`;
      let exposedName = `${upstream}${PREFIX_SEPARATOR}${tool.name}`;
      if (cfg.prefix === 'collisions') {
        const holder = bindings.get(tool.name);
        if (holder === undefined || holder === key) {
          bindings.set(tool.name, key);
          exposedName = tool.name;
        }
        const shadowed = upstreamNames.find((u) => tool.name.startsWith(`${u}${PREFIX_SEPARATOR}`));
        if (exposedName === tool.name && shadowed !== undefined) {
          bindings.delete(tool.name);
          refused.push({ tool: key, exposedName, why: `its name is in upstream "${shadowed}"'s ${shadowed}${PREFIX_SEPARATOR} namespace and would shadow its tools` });
          continue;
        }
      }
      candidates.push({ upstream, tool, exposedName });
    }
  }

  // Two tools on one name (possible with `_` in upstream names: a + __ + _x = a_ + __ + x): neither is exposed.
  const count = new Map<string, number>();
  for (const c of candidates) count.set(c.exposedName, (count.get(c.exposedName) ?? 0) + 1);
  const flagged = new Map(candidates.map((c) => [c, toolTextFlags(c.tool)]));
  const bySkeleton = new Map<string, number>();
  for (const c of candidates) bySkeleton.set(skeleton(c.exposedName), (bySkeleton.get(skeleton(c.exposedName)) ?? 0) + 1);

  const entries: CatalogEntry[] = [];
  const byName = new Map<string, CatalogEntry>();
  for (const c of candidates) {
    const key = `${c.upstream}/${c.tool.name}`;
    const flags = flagged.get(c)!;
    if ((count.get(c.exposedName) ?? 0) > 1) {
      refused.push({ tool: key, exposedName: c.exposedName, why: 'another tool would be exposed under the same name' });
      continue;
    }
    if ((bySkeleton.get(skeleton(c.exposedName)) ?? 0) > 1 && flags.some((f) => f.startsWith('name:'))) {
      refused.push({ tool: key, exposedName: c.exposedName, why: 'its name looks like another exposed tool name (hidden or look-alike characters)' });
      continue;
    }
    const entry: CatalogEntry = { exposedName: c.exposedName, tool: c.tool, policy: policyFor(c.upstream, c.tool), flags };
    entries.push(entry);
    byName.set(c.exposedName, entry);
  }
  return { entries, byName, refused };
}

/**
 * The tool as the gateway lists it: the upstream's definition under the exposed name, with a note when it waits for
 * approval; a flagged description or title reaches the model with its hidden characters shown as badges.
 */
export function exposedTool(e: CatalogEntry): Tool {
  const note = e.policy.route === 'hub' ? ' [Countersign: may wait for human approval]' : '';
  const flagged = e.flags.length > 0;
  const description = e.tool.description !== undefined && flagged ? flaggedText(e.tool.description) : e.tool.description;
  return {
    ...e.tool,
    name: e.exposedName,
    ...(flagged && e.tool.title !== undefined ? { title: flaggedText(e.tool.title) } : {}),
    ...(description !== undefined || note ? { description: (description ?? '') + note } : {}),
  };
}
