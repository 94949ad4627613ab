// Which action class of a policy a request's class name falls under: the exact name first, then the most specific
// `*` pattern (the longest name without its stars; ties in policy order). The hub classifies with this same lookup.
import type { ActionClass } from './domain.js';

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The lookup over one policy, patterns compiled once (the hub keeps one per policy version). */
export function classMatcher(classes: readonly ActionClass[]): (name: string) => ActionClass | null {
  const exact = new Map<string, ActionClass>();
  const patterns: Array<{ re: RegExp; specificity: number; cls: ActionClass }> = [];
  for (const cls of classes) {
    if (cls.name.includes('*')) patterns.push({ cls, re: new RegExp('^' + cls.name.split('*').map(escapeRe).join('.*') + '$'), specificity: cls.name.replace(/\*/g, '').length });
    else if (!exact.has(cls.name)) exact.set(cls.name, cls);
  }
  patterns.sort((a, b) => b.specificity - a.specificity);
  return (name) => exact.get(name) ?? patterns.find((p) => p.re.test(name))?.cls ?? null;
}

export function findClass(classes: readonly ActionClass[], name: string): ActionClass | null {
  return classMatcher(classes)(name);
}
