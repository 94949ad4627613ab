// Registers the gateway's action classes with the hub (PUT /v1/action-classes needs an admin token).
// Without an admin token nothing is registered and the hub's rule for unknown classes applies: approval.
import type { ActionClass } from '../shared/domain.js';
import { getActionClasses, putActionClasses, type HubConnection } from '../hub-client/index.js';

export interface RegisterResult {
  added: string[];
  replaced: string[];
  kept: string[];
}

/**
 * Reads the hub's policy, merges ours in and writes it back.
 * missing: only classes the hub does not know are added, so a human's edits on the hub survive restarts.
 * replace: ours overwrite same-named classes.
 */
export async function registerClasses(hubUrl: string, adminToken: string, ours: ActionClass[], mode: 'missing' | 'replace'): Promise<RegisterResult> {
  const conn: HubConnection = { url: hubUrl, token: adminToken };
  const current = await getActionClasses(conn);
  const byName = new Map(current.map((c) => [c.name, c]));
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
  await putActionClasses(conn, [...byName.values()]);
  return result;
}
