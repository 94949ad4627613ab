// The embedded default: with no sources configured, run the hub in-process on a local SQLite file,
// add it as the source "This computer (embedded hub)" and run the demo agent so every lane fills within a minute.
import { POLICY_EDITOR_GROUP } from '../shared/policy-proposal.js';
import { join } from 'node:path';
import { startHub } from '../hub/index.js';
import { runDemoAgent } from '../hub/demo/agent.js';
import { DEMO_APPROVER_GROUPS } from '../hub/demo/policy.js';
import type { SecretStore } from './secrets/secret-store.js';
import { sourceTokenKey } from './secrets/secret-store.js';
import type { Store } from './store/store.js';

const EMBEDDED_SOURCE_ID = 'embedded-hub';
const EMBEDDED_SOURCE_NAME = 'This computer (embedded hub)';
const AGENT_TOKEN_KEY = 'embedded:agent-token';

export interface EmbeddedHub {
  url: string;
  close(): Promise<void>;
}

export async function startEmbedded(opts: {
  store: Store;
  secrets: SecretStore;
  dataDir: string;
  approverName: string;
  demo: boolean;
  log: (m: string) => void;
}): Promise<EmbeddedHub> {
  // The demo shows decision rights too: big refunds need a finance lead, production SQL two on-call approvers, and
  // the console's own person is in DEMO_APPROVER_GROUPS (small refunds, one of the two SQL votes).
  const hub = await startHub({ port: 0, dataDir: join(opts.dataDir, 'embedded-hub'), log: false, demoRights: opts.demo });
  // Tokens persist in the hub's own database, so the stored ones stay valid across restarts; only the port changes.
  let approverToken = await opts.secrets.get(sourceTokenKey(EMBEDDED_SOURCE_ID));
  if (!approverToken) {
    // The person running the embedded hub owns its policy: they may apply the changes Insights proposes.
    const groups = [...(opts.demo ? DEMO_APPROVER_GROUPS : []), POLICY_EDITOR_GROUP];
    approverToken = await hub.createToken('approver', opts.approverName, { groups });
    await opts.secrets.set(sourceTokenKey(EMBEDDED_SOURCE_ID), approverToken);
  }
  if (opts.store.getSource(EMBEDDED_SOURCE_ID)) opts.store.updateSourceUrl(EMBEDDED_SOURCE_ID, hub.url);
  else
    opts.store.addSource({
      id: EMBEDDED_SOURCE_ID,
      kind: 'hub',
      name: EMBEDDED_SOURCE_NAME,
      url: hub.url,
      watch: [],
      embedded: true,
      synthetic: false,
      createdAt: new Date().toISOString(),
    });

  const demoAbort = new AbortController();
  let demoDone: Promise<unknown> = Promise.resolve();
  if (opts.demo) {
    let agentToken = await opts.secrets.get(AGENT_TOKEN_KEY);
    if (!agentToken) {
      agentToken = await hub.createToken('agent', 'demo-agent');
      await opts.secrets.set(AGENT_TOKEN_KEY, agentToken);
    }
    demoDone = runDemoAgent({ url: hub.url, token: agentToken, signal: demoAbort.signal }).catch((err) => {
      if (!demoAbort.signal.aborted) opts.log(`demo agent stopped: ${(err as Error).message}`);
    });
  }
  return {
    url: hub.url,
    async close() {
      demoAbort.abort();
      await demoDone;
      await hub.close();
    },
  };
}
