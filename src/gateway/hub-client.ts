// The gateway talks to the hub through the agent SDK (src/sdk), like any other agent.
// Loaded on the first call that needs the hub: read-only traffic never pays for it.
import type { HubClientLike } from './call-handler.js';

export function createHubClient(url: string, agentToken: string): HubClientLike {
  let client: Promise<HubClientLike> | null = null;
  return {
    async requestApproval(input) {
      client ??= import('../sdk/index.js').then((m) => m.createClient({ url, token: agentToken }));
      return (await client).requestApproval(input);
    },
  };
}
