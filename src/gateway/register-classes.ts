// Registers the gateway's action classes with the hub (PUT /v1/action-classes needs an admin token).
// Without an admin token nothing is registered and the hub's rule for unknown classes applies: approval.
import { ActionClassList } from '../shared/protocol.js';
import type { ActionClass } from '../shared/domain.js';

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
  const url = new URL('/v1/action-classes', hubUrl).toString();
  const headers = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  const got = await fetch(url, { headers });
  if (!got.ok) throw new Error(`GET /v1/action-classes answered ${got.status}: ${await got.text()}`);
  const current = ActionClassList.parse(await got.json()).classes;
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
  const put = await fetch(url, { method: 'PUT', headers, body: JSON.stringify({ classes: [...byName.values()] }) });
  if (!put.ok) throw new Error(`PUT /v1/action-classes answered ${put.status}: ${await put.text()}`);
  return result;
}
