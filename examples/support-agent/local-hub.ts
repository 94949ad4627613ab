// For the examples: a hub in a temp dir with an agent token, and the approver's instructions printed.
import { startHub } from '../../src/hub/index.js';

export async function startLocalHub(dataDir: string, agentName: string): Promise<{ url: string; token: string; close(): Promise<void> }> {
  const hub = await startHub({ dataDir });
  const token = await hub.createToken('agent', agentName);
  const approver = await hub.createToken('approver', 'you');
  console.log(`Started a hub at ${hub.url}
Approver token: ${approver}
Watch and decide in the console (browser mode): add a hub source with that URL and token, or from a shell:
  curl -s -H "Authorization: Bearer ${approver}" "${hub.url}/v1/changes?after=0" | jq '.changes[].request | {id, actionClass, control, status}'
  curl -s -H "Authorization: Bearer ${approver}" -H 'content-type: application/json' ${hub.url}/v1/decisions \\
    -d '{"decisions":[{"id":"my-decision-1","requestId":"<id>","verdict":"approve","decidedAt":"'$(date -u +%FT%TZ)'"}]}'
`);
  return { url: hub.url, token, close: () => hub.close() };
}
