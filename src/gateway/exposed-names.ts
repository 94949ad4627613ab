// The names the gateway's clients see for what upstreams list under their own names (tools, prompts, resource URIs):
// one injective, stable mapping. `collisions`: a name keeps its own form unless another holds it (a recorded binding,
// else the upstream listed first in config among those listing it), the others get the prefixed form (`NameForm`:
// `<upstream>__<name>` for tools and prompts); once held, a bare name is kept as long as its holder lists it, so a
// later same-named item never renames what clients already use. `always`: every one is prefixed. Refused: a bare name
// inside a prefixed namespace (it would shadow another upstream's prefixed items), any name two items would share,
// and a name with hidden or look-alike characters that reads the same (UTS #39 skeleton) as another exposed name.
import { skeleton } from '../shared/confusables.js';

const PREFIX_SEPARATOR = '__';

/** Bare names held (bare name -> `<upstream>/<name>`), kept in the state file. */
export interface HeldNames {
  /** Read and updated by assignNames. */
  bindings: Map<string, string>;
  /** Called after the bindings changed (writes the state file). */
  save(): void;
  /** Resolves once every upstream answered or timed out at start: names given before that would depend on arrival order. */
  ready(): Promise<void>;
}

/** Something not exposed, and why (logged, printed by --check). */
export interface RefusedName {
  /** `<upstream>/<name>` */
  tool: string;
  exposedName: string;
  why: string;
}

/** How an item that does not hold its bare name is exposed, and which bare names would shadow a namespace. */
export interface NameForm {
  prefixed(upstream: string, name: string): string;
  /** Why a bare `name` would shadow another upstream's prefixed items (then it is refused), or undefined. */
  shadows(name: string, upstreams: string[]): string | undefined;
}

/** Tools and prompts: `<upstream>__<name>`. */
const UPSTREAM_PREFIX: NameForm = {
  prefixed: (upstream, name) => `${upstream}${PREFIX_SEPARATOR}${name}`,
  shadows: (name, upstreams) => {
    const u = upstreams.find((x) => name.startsWith(`${x}${PREFIX_SEPARATOR}`));
    return u === undefined ? undefined : `its name is in upstream "${u}"'s ${u}${PREFIX_SEPARATOR} namespace`;
  },
};

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
  form: NameForm = UPSTREAM_PREFIX,
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
      let exposedName = form.prefixed(upstream, item.name);
      if (prefix === 'collisions') {
        const holder = bindings.get(item.name);
        if (holder === undefined || holder === key) {
          bindings.set(item.name, key);
          exposedName = item.name;
        }
        const shadows = exposedName === item.name ? form.shadows(item.name, upstreamNames) : undefined;
        if (shadows !== undefined) {
          bindings.delete(item.name);
          refused.push({ tool: key, exposedName, why: `${shadows} and would shadow its ${kind}s` });
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
