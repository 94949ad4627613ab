// Registering the gateway's classes is a read-merge-write of the hub's whole policy: against a real hub, writers that
// race (several gateways starting at once, a person's change in between) all keep their classes, none is lost.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { registerClasses } from '../../src/gateway/register-classes.js';
import { getPolicyClasses, listPolicyVersions, putActionClasses } from '../../src/hub-client/index.js';
import { ActionClass } from '../../src/shared/domain.js';
import { spawnHub, type HubProcess } from '../helpers/hub.js';

let hub: HubProcess;
beforeAll(async () => {
  hub = await spawnHub();
});
afterAll(() => hub?.stop());

const cls = (name: string) => ActionClass.parse({ name, description: `test class ${name}`, factors: ['outside_lane'] });

it('racing registrations and a change in between all land, each as its own policy version with a rationale', async () => {
  const conn = { url: hub.url, token: hub.adminToken };
  const names = Array.from({ length: 6 }, (_, i) => `mcp.race${i}.tool`);
  const person = (async () => {
    const { classes } = await getPolicyClasses(conn);
    await putActionClasses(conn, [...classes, cls('human.added')], { rationale: 'a person adds a class' }).catch(() => undefined);
  })();
  const results = await Promise.all(names.map((n) => registerClasses(hub.url, hub.adminToken, [cls(n)], 'missing')));
  await person;
  for (const [i, r] of results.entries()) expect(r.added).toEqual([names[i]]);
  const { classes } = await getPolicyClasses(conn);
  const have = new Set(classes.map((c) => c.name));
  for (const n of names) expect(have.has(n), n).toBe(true);
  const versions = await listPolicyVersions(conn);
  const ours = versions.versions.filter((v) => v.rationale.startsWith('registered by the MCP gateway: mcp.race'));
  expect(ours).toHaveLength(names.length);
  // Registering again adds nothing and writes no version.
  const again = await registerClasses(hub.url, hub.adminToken, [cls(names[0]!)], 'missing');
  expect(again).toEqual({ added: [], replaced: [], kept: [names[0]] });
  expect((await listPolicyVersions(conn)).versions).toHaveLength(versions.versions.length);
});
