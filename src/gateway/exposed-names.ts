// The names the gateway's clients see for what upstreams list under their own names (tools, prompts): one injective,
// stable mapping. `collisions`: a name keeps its own form unless another holds it (a recorded binding, else the
// upstream listed first in config among those listing it), the others are `<upstream>__<name>`; once held, a bare
// name is kept as long as its holder lists it, so a later same-named item never renames what clients already use.
// `always`: every one is `<upstream>__<name>`. Refused: a bare name inside another upstream's `<upstream>__`
// namespace (it would shadow that upstream's prefixed items), any name two items would share, and a name with hidden
// or look-alike characters that reads the same (UTS #39 skeleton) as another exposed name.
import { skeleton } from '../shared/confusables.js';

const PREFIX_SEPARATOR = '__';

/** Something not exposed, and why (logged, printed by --check). */
export interface RefusedName {
  /** `<upstream>/<name>` */
  tool: string;
  exposedName: string;
  why: string;
}

export interface NamedItem<T> {
  upstream: string;
  item: T;
  exposedName: string;
}

/**
 * `lists` in config order. `bindings` (bare name -> `<upstream>/<name>`) is read and updated: pass a copy to name
 * without keeping (before every upstream answered once, so which one answers first never decides a name).
 * `lookAlike(item)`: whether the item's name has hidden or look-alike characters (then a skeleton twin refuses it).
 */
export function assignNames<T extends { name: string }>(
  prefix: 'collisions' | 'always',
  lists: Array<{ upstream: string; items: T[] }>,
  bindings: Map<string, string>,
  lookAlike: (item: T) => boolean,
  kind = 'tool',
): { named: Array<NamedItem<T>>; refused: RefusedName[] } {
  const upstreamNames = lists.map((x) => x.upstream);
  const listed = new Set(lists.flatMap(({ upstream, items }) => items.map((t) => `${upstream}/${t.name}`)));
  // A binding whose item is gone from its upstream's list frees the name.
  for (const [name, holder] of bindings) if (!listed.has(holder)) bindings.delete(name);

  const candidates: Array<NamedItem<T>> = [];
  const refused: RefusedName[] = [];
  for (const { upstream, items } of lists) {
    for (const item of items) {
      const key = `${upstream}/${item.name}`;
      let exposedName = `${upstream}${PREFIX_SEPARATOR}${item.name}`;
      if (prefix === 'collisions') {
        const holder = bindings.get(item.name);
        if (holder === undefined || holder === key) {
          bindings.set(item.name, key);
          exposedName = item.name;
        }
        const shadowed = upstreamNames.find((u) => item.name.startsWith(`${u}${PREFIX_SEPARATOR}`));
        if (exposedName === item.name && shadowed !== undefined) {
          bindings.delete(item.name);
          refused.push({ tool: key, exposedName, why: `its name is in upstream "${shadowed}"'s ${shadowed}${PREFIX_SEPARATOR} namespace and would shadow its ${kind}s` });
          continue;
        }
      }
      candidates.push({ upstream, item, exposedName });
    }
  }

  // Two items on one name (possible with `_` in upstream names: a + __ + _x = a_ + __ + x): neither is exposed.
  const count = new Map<string, number>();
  for (const c of candidates) count.set(c.exposedName, (count.get(c.exposedName) ?? 0) + 1);
  const bySkeleton = new Map<string, number>();
  for (const c of candidates) bySkeleton.set(skeleton(c.exposedName), (bySkeleton.get(skeleton(c.exposedName)) ?? 0) + 1);

  const named: Array<NamedItem<T>> = [];
  for (const c of candidates) {
    const key = `${c.upstream}/${c.item.name}`;
    if ((count.get(c.exposedName) ?? 0) > 1) {
      refused.push({ tool: key, exposedName: c.exposedName, why: `another ${kind} would be exposed under the same name` });
      continue;
    }
    if ((bySkeleton.get(skeleton(c.exposedName)) ?? 0) > 1 && lookAlike(c.item)) {
      refused.push({ tool: key, exposedName: c.exposedName, why: `its name looks like another exposed ${kind} name (hidden or look-alike characters)` });
      continue;
    }
    named.push(c);
  }
  return { named, refused };
}

/** `<upstream>__<name>` back to its parts when `<upstream>` is one of `upstreams` (the prefixed form is accepted for any item). */
export function parsePrefixed(exposed: string, upstreams: string[]): { upstream: string; name: string } | undefined {
  const i = exposed.indexOf(PREFIX_SEPARATOR);
  if (i <= 0) return undefined;
  const upstream = exposed.slice(0, i);
  return upstreams.includes(upstream) ? { upstream, name: exposed.slice(i + PREFIX_SEPARATOR.length) } : undefined;
}
