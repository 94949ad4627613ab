// Invalid UTF-8 in a body is refused with 400 naming the field, never stored with U+FFFD in its place.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnHub, type HubProcess } from '../helpers/hub.js';
import { allChanges, proposal } from './util.js';

let hub: HubProcess;
beforeAll(async () => {
  hub = await spawnHub();
});
afterAll(async () => {
  await hub?.stop();
});

/** The body's JSON text with the bytes of `bad` put where the text says `@BAD@`. */
async function postBytes(path: string, token: string, json: string, bad: number[]) {
  const [a, b = ''] = json.split('@BAD@');
  const body = Buffer.concat([Buffer.from(a!, 'utf8'), Buffer.from(bad), Buffer.from(b, 'utf8')]);
  const res = await fetch(hub.url + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body,
  });
  return { status: res.status, body: (await res.json()) as { error: string; message: string; issues: Array<{ path: string; message: string }> } };
}

describe('invalid UTF-8 bodies', () => {
  it('a bad byte inside a string is refused naming that field', async () => {
    const json = JSON.stringify(proposal('refund.issue', { amount: 5, note: 'caf@BAD@ ok' }, { summary: 'refund', evidence: [{ title: 'fine é' }] }));
    for (const bad of [[0xff], [0xc3], [0xed, 0xa0, 0x80] /* a UTF-16 surrogate encoded */, [0xc0, 0xaf] /* overlong "/" */]) {
      const r = await postBytes('/v1/requests', hub.agentToken, json, bad);
      expect(r.status, JSON.stringify(bad)).toBe(400);
      expect(r.body.error).toBe('invalid_utf8');
      expect(r.body.issues).toEqual([{ path: 'action.args.note', message: expect.stringMatching(/^invalid UTF-8 at byte \d+$/) }]);
    }
    const inTitle = JSON.stringify(proposal('refund.issue', { amount: 5 }, { evidence: [{ title: 'x@BAD@' }] }));
    expect((await postBytes('/v1/requests', hub.agentToken, inTitle, [0x80])).body.issues[0]!.path).toBe('evidence.0.title');
    const inKey = JSON.stringify(proposal('refund.issue', { 'k@BAD@': 1 }, { summary: 'refund' }));
    expect((await postBytes('/v1/requests', hub.agentToken, inKey, [0xfe])).body.issues[0]!.path).toBe('action.args.k\uFFFD');
    // Nothing was stored.
    expect(await allChanges(hub)).toEqual([]);
  }, 60_000);

  it('a bad byte outside any string names the body position; decisions are checked too', async () => {
    const r = await postBytes('/v1/requests', hub.agentToken, '{"summary": @BAD@}', [0xff]);
    expect(r.status).toBe(400);
    expect(r.body.issues).toEqual([{ path: 'body', message: 'invalid UTF-8 at byte 12' }]);
    const d = await postBytes(
      '/v1/decisions',
      hub.approverToken,
      JSON.stringify({ decisions: [{ id: 'd-1', requestId: 'r', verdict: 'reject', feedback: 'no@BAD@' }] }),
      [0xe2, 0x82],
    );
    expect(d.status).toBe(400);
    expect(d.body.issues[0]!.path).toBe('decisions.0.feedback');
  }, 60_000);

  it('valid multi-byte text and a real U+FFFD still pass byte-exact', async () => {
    const note = 'é € 𝄞 \uFFFD';
    const r = await postBytes('/v1/requests', hub.agentToken, JSON.stringify(proposal('refund.issue', { amount: 5, note })), []);
    expect(r.status).toBe(201);
    const changes = await allChanges(hub);
    expect(changes.at(-1)!.request.action.args.note).toBe(note);
  }, 60_000);
});
