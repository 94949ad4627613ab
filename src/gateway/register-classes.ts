// Registers the gateway's action classes with the hub (PUT /v1/action-classes needs an admin token).
// Without an admin token nothing is registered and the hub's rule for unknown classes applies: approval.
import type { ActionClass } from '../shared/domain.js';
import { getPolicyClasses, HubError, putActionClasses, type HubConnection } from '../hub-client/index.js';

export interface RegisterResult {
  added: string[];
  replaced: string[];
  kept: string[];
}

/** Tries before giving up when other changes keep landing between our read and our write, with a growing, jittered pause. */
const ATTEMPTS = 20;
const pause = (attempt: number) => new Promise((r) => setTimeout(r, Math.random() * Math.min(500, 20 * attempt)));

/**
 * Reads the hub's policy, merges ours in and writes it back against the version it read: a change that lands in
 * between (a person's proposal, another gateway) makes the hub refuse ours, and we merge again on top of it.
 * missing: only classes the hub does not know are added, so a human's edits on the hub survive restarts.
 * replace: ours overwrite same-named classes.
 */
export async function registerClasses(hubUrl: string, adminToken: string, ours: ActionClass[], mode: 'missing' | 'replace'): Promise<RegisterResult> {
  const conn: HubConnection = { url: hubUrl, token: adminToken };
  for (let attempt = 1; ; attempt++) {
    const current = await getPolicyClasses(conn);
    const byName = new Map(current.classes.map((c) => [c.name, c]));
    const result: RegisterResult = { added: [], replaced: [], kept: [] };
    for (const c of ours) {
      if (!byName.has(c.name)) result.added.push(c.name);
      else if (mode === 'replace') result.replaced.push(c.name);
      else {
        result.kept.push(c.name);
        continue;
      }
      byName.set(c.name, c);
    }
    if (result.added.length + result.replaced.length === 0) return result;
    try {
      const names = [...result.added, ...result.replaced];
      await putActionClasses(conn, [...byName.values()], {
        baseVersion: current.version,
        rationale: `registered by the MCP gateway: ${names.slice(0, 20).join(', ')}${names.length > 20 ? ` and ${names.length - 20} more` : ''}`,
      });
      return result;
    } catch (e) {
      if (!(e instanceof HubError && e.code === 'policy_moved_on') || attempt >= ATTEMPTS) throw e;
      await pause(attempt);
    }
  }
}
