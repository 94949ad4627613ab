// Which action class of a policy a request's class name falls under: the exact name first, then the most specific
// `*` pattern (the longest name without its stars; ties in policy order). The same lookup the hub classifies with.
import type { ActionClass } from './domain.js';

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function findClass(classes: readonly ActionClass[], name: string): ActionClass | null {
  const exact = classes.find((c) => c.name === name);
  if (exact) return exact;
  const patterns = classes
    .filter((c) => c.name.includes('*'))
    .map((cls) => ({ cls, re: new RegExp('^' + cls.name.split('*').map(escapeRe).join('.*') + '$'), specificity: cls.name.replace(/\*/g, '').length }))
    .sort((a, b) => b.specificity - a.specificity);
  return patterns.find((p) => p.re.test(name))?.cls ?? null;
}
