// Policy `matches` patterns, compiled with re2js: RE2 semantics run in time linear in the input, so no pattern an
// admin (or an attacker with the admin token) stores can stall the hub with catastrophic backtracking.
import { RE2JS } from 're2js';

const MAX_CACHED = 512;
const cache = new Map<string, RE2JS>();

/** The compiled pattern, or the reason RE2 refuses it (lookaround, backreferences, bad syntax). */
export function compilePolicyPattern(pattern: string): { ok: true; re: RE2JS } | { ok: false; reason: string } {
  const hit = cache.get(pattern);
  if (hit) return { ok: true, re: hit };
  try {
    const re = RE2JS.compile(pattern);
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
    cache.set(pattern, re);
    return { ok: true, re };
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
}

/** Whether `value` contains a match of `pattern` (unanchored, like RegExp.test); a pattern RE2 refuses never matches. */
export function policyPatternMatches(pattern: string, value: string): boolean {
  const c = compilePolicyPattern(pattern);
  return c.ok && c.re.test(value);
}
