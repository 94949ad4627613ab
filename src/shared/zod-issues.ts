// A zod error as the list of {path, message} every answer and log line shows, and as one readable line.
import type { z } from 'zod';

export interface IssueLine {
  path: string;
  message: string;
}

/**
 * Each issue with its path dot-joined (under `prefix` when given, e.g. `query` or `classes`).
 * `root` is the path shown for the value itself; `max` caps the list.
 */
export function zodIssues(err: z.ZodError, opts: { prefix?: string; root?: string; max?: number } = {}): IssueLine[] {
  const { prefix = '', root = '', max = Infinity } = opts;
  return err.issues.slice(0, max).map((i) => ({
    path: [prefix, ...i.path.map(String)].filter((s) => s !== '').join('.') || root,
    message: i.message,
  }));
}

/** `path: message`, the value itself shown as (root). */
export function issueLine(i: IssueLine): string {
  return `${i.path || '(root)'}: ${i.message}`;
}

/** All issues on one line: `a.b: too small; c: required`. */
export function issuesSummary(issues: readonly IssueLine[]): string {
  return issues.map(issueLine).join('; ');
}
