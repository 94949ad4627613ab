// The structural difference between two policy versions: per class, added, removed, or changed with the RFC 6902
// patch from the old definition to the new one (the same patch format as an edited action's diff).
import fastJsonPatch from 'fast-json-patch';
import type { ActionClass, PatchOp } from './domain.js';

export interface ClassChange {
  name: string;
  kind: 'added' | 'removed' | 'changed';
  patch: PatchOp[];
}

export function policyDiff(from: readonly ActionClass[], to: readonly ActionClass[]): ClassChange[] {
  const before = new Map(from.map((c) => [c.name, c]));
  const after = new Map(to.map((c) => [c.name, c]));
  const out: ClassChange[] = [];
  for (const [name, cls] of before) {
    const next = after.get(name);
    if (!next) out.push({ name, kind: 'removed', patch: [] });
    else {
      const patch = fastJsonPatch.compare(cls as object, next as object) as PatchOp[];
      if (patch.length > 0) out.push({ name, kind: 'changed', patch });
    }
  }
  for (const name of after.keys()) if (!before.has(name)) out.push({ name, kind: 'added', patch: [] });
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
