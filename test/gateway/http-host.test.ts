// The Streamable HTTP host in-process (real gateway core, real server-filesystem upstream, real hub):
// sessions of clients that vanish without DELETE are closed after the idle period; live ones are kept.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { spawnHub, type HubProcess } from '../helpers/hub.js';
import { CallLog } from '../../src/gateway/call-log.js';
import { parseConfig } from '../../src/gateway/config.js';
import { Gateway } from '../../src/gateway/gateway.js';
import { createHubClient } from '../../src/gateway/hub-client.js';
import { NO_TOKEN_MESSAGE, startHttpHost, type HttpHost } from '../../src/gateway/http-host.js';
import { discoverOAuthProtectedResourceMetadata, extractWWWAuthenticateParams } from '@modelcontextprotocol/sdk/client/auth.js';
import { fsUpstream, textOf } from './helpers.js';

let hub: HubProcess;
let dir: string;
let gateway: Gateway;
let host: HttpHost;

beforeAll(async () => {
  hub = await spawnHub();
  dir = mkdtempSync(join(tmpdir(), 'cs-gw-host-'));
  const config = parseConfig({ hub: { url: hub.url }, upstreams: [fsUpstream(dir)], logFile: join(dir, 'gw.log') });
  gateway = new Gateway({ config, hub: createHubClient(hub.url, hub.agentToken), adminToken: null, log: new CallLog(join(dir, 'gw.log')) });
  await gateway.start();
  host = await startHttpHost(gateway, { port: 0, sessionIdleMs: 400, insecureNoToken: true });
});
afterAll(async () => {
  await host?.close();
  await gateway?.close();
  await hub?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
const init = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } };

describe('HTTP sessions', () => {
  it('closes a session whose client went away, and answers 404 for it afterwards', async () => {
    const res = await fetch(host.url, { method: 'POST', headers, body: JSON.stringify(init) });
    expect(res.status).toBe(200);
    const sid = res.headers.get('mcp-session-id')!;
    await res.text();
    expect(host.sessionCount()).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 1_200));
    const again = await fetch(host.url, { method: 'POST', headers: { ...headers, 'mcp-session-id': sid }, body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }) });
    expect(again.status).toBe(404);
    await again.text();
  });

  it('keeps a connected client (its event stream is open) past the idle period', async () => {
    const client = new Client({ name: 'live', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(host.url)));
    try {
      await new Promise((r) => setTimeout(r, 1_200));
      const r = await client.callTool({ name: 'list_allowed_directories', arguments: {} });
      expect(r.isError).toBeFalsy();
      expect(textOf(r)).toContain(dir.split('/').pop());
    } finally {
      await client.close();
    }
  });

  it('answers requests to other paths with 404 and requests without a session with 400', async () => {
    expect((await fetch(host.url.replace('/mcp', '/other'), { method: 'POST', headers, body: '{}' })).status).toBe(404);
    const r = await fetch(host.url, { method: 'POST', headers, body: JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/list' }) });
    expect(r.status).toBe(400);
  });
});

describe('safe HTTP defaults', () => {
  it('refuses to start without a token unless told to serve insecurely', async () => {
    await expect(startHttpHost(gateway, { port: 0 })).rejects.toThrow(NO_TOKEN_MESSAGE);
    await expect(startHttpHost(gateway, { port: 0, token: null })).rejects.toThrow(/--insecure-no-token/);
  });

  it('answers 401 with the RFC 9728 resource metadata a standard MCP client discovers, and serves that metadata', async () => {
    const secured = await startHttpHost(gateway, { port: 0, token: 'right-token' });
    try {
      const res = await fetch(secured.url, { method: 'POST', headers, body: JSON.stringify(init) });
      expect(res.status).toBe(401);
      await res.text();
      // The MCP SDK's own parsing of the challenge and its own discovery, as its client's auth flow runs them.
      const params = extractWWWAuthenticateParams(res);
      expect(params.resourceMetadataUrl?.href).toBe(secured.url.replace('/mcp', '/.well-known/oauth-protected-resource/mcp'));
      const meta = await discoverOAuthProtectedResourceMetadata(new URL(secured.url), { resourceMetadataUrl: params.resourceMetadataUrl });
      expect(meta.resource).toBe(secured.url);
      expect(meta.bearer_methods_supported).toEqual(['header']);
      // Path-aware discovery without the hint finds it too.
      expect((await discoverOAuthProtectedResourceMetadata(new URL(secured.url))).resource).toBe(secured.url);
      const wrong = await fetch(secured.url, { method: 'POST', headers: { ...headers, authorization: 'Bearer nope' }, body: JSON.stringify(init) });
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('www-authenticate')).toContain('error="invalid_token"');
      await wrong.text();
      const ok = new Client({ name: 'with-token', version: '1' });
      await ok.connect(new StreamableHTTPClientTransport(new URL(secured.url), { requestInit: { headers: { authorization: 'Bearer right-token' } } }));
      expect((await ok.listTools()).tools.length).toBeGreaterThan(0);
      await ok.close();
    } finally {
      await secured.close();
    }
  });
});
