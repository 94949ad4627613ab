// A TCP relay between the gateway and a real hub that loses or holds what passes through it, to open for real the
// windows the gateway must survive (a submit in flight, an answer lost). Modes, changeable at any time:
// - `pass`: both ways, and whatever was held is delivered now;
// - `holdRequest`: the hub gets nothing; `holdAnswer`: the hub gets it all, the gateway no answer (both kept for `pass`);
// - `dropAnswer`: the hub's answers are read and thrown away; `cutOnAnswer`: the connection is cut as the hub answers.
// A connection either side closes takes what it held with it: nothing a gateway gave up on reaches the hub later.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApprovalRequest } from '../../src/shared/domain.js';
import { spawnHub, type HubProcess } from '../helpers/hub.js';
import { fsUpstream, hubRequests, startGateway, type RunningGateway } from './helpers.js';

export type RelayMode = 'pass' | 'holdRequest' | 'holdAnswer' | 'dropAnswer' | 'cutOnAnswer';

export interface HubRelay {
  url: string;
  mode: RelayMode;
  /** How many `POST /v1/requests` (submits) the gateway has sent through the relay. */
  submits: number;
  set(mode: RelayMode): void;
  close(): Promise<void>;
}

export async function hubRelay(target: string, mode: RelayMode = 'pass'): Promise<HubRelay> {
  const t = new URL(target);
  const sockets = new Set<Socket>();
  const flushers = new Set<() => void>();
  const server: Server = createServer((client) => {
    const hub = connect(Number(t.port), t.hostname);
    const toHub: Buffer[] = [];
    const toClient: Buffer[] = [];
    const flush = () => {
      if (relay.mode !== 'holdRequest') for (const b of toHub.splice(0)) hub.write(b);
      if (relay.mode === 'pass') for (const b of toClient.splice(0)) client.write(b);
    };
    flushers.add(flush);
    for (const s of [client, hub]) {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => {
        sockets.delete(s);
        flushers.delete(flush);
        client.destroy();
        hub.destroy();
      });
    }
    client.on('data', (b: Buffer) => {
      if (b.toString('latin1').startsWith('POST /v1/requests')) relay.submits++;
      toHub.push(b);
      flush();
    });
    hub.on('data', (b: Buffer) => {
      if (relay.mode === 'cutOnAnswer') {
        // The hub has handled the request (it is answering): the gateway never hears it.
        client.destroy();
        hub.destroy();
      } else if (relay.mode !== 'dropAnswer') {
        toClient.push(b);
        flush();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const relay: HubRelay = {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    mode,
    submits: 0,
    set(m) {
      relay.mode = m;
      for (const f of flushers) f();
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  return relay;
}

export interface RelayedGateway {
  hub: HubProcess;
  relay: HubRelay;
  gw: RunningGateway;
  dir: string;
  stateFile: string;
  /** The hub's requests for a call writing `path`. */
  requestsFor(path: string): Promise<ApprovalRequest[]>;
  close(): Promise<void>;
}

/** A real hub, this relay in front of it and a stdio gateway over the filesystem server reaching the hub through it. */
export async function relayedGateway(name: string, mode: RelayMode, retryGraceSeconds: number): Promise<RelayedGateway> {
  const hub = await spawnHub();
  const dir = mkdtempSync(join(tmpdir(), `cs-gw-${name}-`));
  const relay = await hubRelay(hub.url, mode);
  const stateFile = join(dir, `${name}.state.json`);
  const gw = await startGateway('stdio', { hub: { url: relay.url }, upstreams: [fsUpstream(dir)], stateFile, retryGraceSeconds }, { agentToken: hub.agentToken });
  return {
    hub,
    relay,
    gw,
    dir,
    stateFile,
    requestsFor: async (path) => (await hubRequests(hub.url, hub.approverToken)).filter((r) => r.action.args.path === path),
    close: async () => {
      await gw.close();
      await relay.close();
      await hub.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
