// The SSE stream takes no bearer token in its URL: a console trades its token (header) for a single-use ticket.
import { createServer, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStreamTicket, openChangeStream } from '../../src/hub-client/index.js';
import { request, spawnHub, type HubProcess } from '../helpers/hub.js';

let hub: HubProcess;
beforeAll(async () => {
  hub = await spawnHub();
});
afterAll(async () => {
  await hub?.stop();
});

async function openStatus(query: string, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  const ac = new AbortController();
  const res = await fetch(new URL(`/v1/stream${query}`, hub.url), { headers, signal: ac.signal });
  const body = res.headers.get('content-type')?.includes('json') ? await res.json() : null;
  ac.abort();
  return { status: res.status, body };
}

describe('stream tickets', () => {
  it('?token= is refused, a ticket opens the stream once, agents get no ticket', async () => {
    const withToken = await openStatus(`?token=${encodeURIComponent(hub.approverToken)}`);
    expect(withToken.status).toBe(400);
    expect(withToken.body).toMatchObject({ error: 'token_in_url', issues: [{ path: 'query.token' }] });

    const t = await request(hub.url, '/v1/stream-tickets', { method: 'POST', token: hub.approverToken });
    expect(t.status).toBe(201);
    expect(t.body).toMatchObject({ ticket: expect.stringMatching(/^cs_ticket_/), expiresIn: 30 });
    expect(t.body.ticket).not.toContain(hub.approverToken);
    expect((await openStatus(`?ticket=${encodeURIComponent(t.body.ticket)}`)).status).toBe(200);
    const again = await openStatus(`?ticket=${encodeURIComponent(t.body.ticket)}`);
    expect(again.status).toBe(401);
    expect(again.body).toMatchObject({ error: 'invalid_ticket' });
    expect((await openStatus('?ticket=cs_ticket_made_up')).status).toBe(401);

    expect((await request(hub.url, '/v1/stream-tickets', { method: 'POST', token: hub.agentToken })).status).toBe(403);
    expect((await request(hub.url, '/v1/stream-tickets', { method: 'POST' })).status).toBe(401);
    // The header still works for clients that can send one; it is not in the URL.
    expect((await openStatus('', { authorization: `Bearer ${hub.approverToken}` })).status).toBe(200);
  }, 60_000);

  it("the console's stream client puts a ticket, never its token, in the URL", async () => {
    // A pass-through proxy in front of the real hub records what a proxy's access log would.
    const seen: Array<{ url: string; auth?: string }> = [];
    const proxy = createServer((req: IncomingMessage, res) => {
      seen.push({ url: req.url!, auth: req.headers.authorization });
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'content-length')) as Record<string, string>;
        const up = await fetch(new URL(req.url!, hub.url), { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
        res.writeHead(up.status, { 'content-type': up.headers.get('content-type') ?? 'application/json' });
        if (up.body) for await (const c of up.body as unknown as AsyncIterable<Uint8Array>) res.write(c);
        res.end();
      });
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const port = (proxy.address() as { port: number }).port;
    const ac = new AbortController();
    try {
      const body = await openChangeStream({ url: `http://127.0.0.1:${port}`, token: hub.approverToken }, { signal: ac.signal });
      const first = await body.getReader().read();
      expect(new TextDecoder().decode(first.value)).toContain('event: changes');
      expect(seen.map((s) => s.url.split('?')[0])).toEqual(['/v1/stream-tickets', '/v1/stream']);
      expect(seen[1]!.url).toMatch(/^\/v1\/stream\?ticket=cs_ticket_/);
      expect(seen[1]!.auth).toBeUndefined();
      expect(seen.some((s) => s.url.includes(hub.approverToken))).toBe(false);
      // A ticket is a string the client asked for, not the token.
      expect(await createStreamTicket({ url: hub.url, token: hub.approverToken })).not.toBe(hub.approverToken);
    } finally {
      ac.abort();
      proxy.closeAllConnections();
      await new Promise((r) => proxy.close(r));
    }
  }, 60_000);
});
