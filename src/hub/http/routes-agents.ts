// Agent-facing routes: submit, read (long-poll), outcome, withdraw, and a request's log.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from '../../shared/json-depth.js';
import { OutcomeBody, SubmitBody } from '../../shared/protocol.js';
import { entrySignatureValid } from '../../node-shared/log-signing.js';
import type { ParsedSubmit } from '../store/request-rules.js';
import { HttpError, parseOr400 } from './errors.js';
import type { HubContext } from './server.js';

const IdParam = z.object({ id: z.string().min(1).max(200) });
const WaitQuery = z.object({ wait: z.coerce.number().min(0).max(60).optional() });
const IdempotencyKey = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

export function agentRoutes(app: FastifyInstance, ctx: HubContext): void {
  const { auth } = ctx;
  const store = ctx.storage.requests;

  app.post('/v1/requests', { preHandler: auth(['agent', 'admin']) }, async (req, reply) => {
    const key = req.headers['idempotency-key'];
    if (key === undefined)
      throw new HttpError(400, 'missing_idempotency_key', 'the Idempotency-Key header is required on submit', [{ path: 'headers.idempotency-key', message: 'required' }]);
    parseOr400(IdempotencyKey, key, 'headers.idempotency-key');
    if (exceedsJsonDepth(req.body))
      throw new HttpError(400, 'too_deep', `JSON nested deeper than ${MAX_JSON_DEPTH} levels`, [{ path: 'body', message: `nesting deeper than ${MAX_JSON_DEPTH}` }]);
    const body: ParsedSubmit = parseOr400(SubmitBody, req.body, '');
    const argsBytes = Buffer.byteLength(JSON.stringify(body.action.args), 'utf8');
    if (argsBytes > ctx.maxArgsBytes) {
      throw new HttpError(413, 'payload_too_large', `action.args is ${argsBytes} bytes; the limit is ${ctx.maxArgsBytes}`, [
        { path: 'action.args', message: `over ${ctx.maxArgsBytes} bytes` },
      ]);
    }
    const { request, created } = await store.submit(req.identity!, key as string, req.body, body);
    return reply.code(created ? 201 : 200).send(request);
  });

  app.get('/v1/requests/:id', { preHandler: auth(['agent', 'approver', 'admin']) }, async (req, reply) => {
    const { id } = parseOr400(IdParam, req.params, 'params');
    const { wait } = parseOr400(WaitQuery, req.query, 'query');
    let current = await visible(ctx, id, req.identity!);
    if (wait && current.status === 'pending') {
      const deadline = Date.now() + wait * 1000;
      const abort = new AbortController();
      reply.raw.on('close', () => abort.abort());
      // On shutdown the poll answers the current (pending) state at once; the agent polls again after the restart.
      while (current.status === 'pending' && Date.now() < deadline && !abort.signal.aborted && !ctx.live.closed) {
        const untilExpiry = current.expiresAt ? Date.parse(current.expiresAt) - Date.now() + 5 : Infinity;
        await ctx.live.waitFor(id, Math.min(deadline - Date.now(), untilExpiry), abort.signal);
        current = await visible(ctx, id, req.identity!);
      }
    }
    return reply.send(current);
  });

  // A submit whose answer was lost (the agent gave up, or died): find its request by key without storing anything.
  app.get('/v1/idempotency-keys/:key', { preHandler: auth(['agent', 'admin']) }, async (req) => {
    const { key } = parseOr400(z.object({ key: IdempotencyKey }), req.params, 'params');
    return { request: await store.byIdempotencyKey(req.identity!, key) };
  });

  app.get('/v1/requests/:id/log', { preHandler: auth(['agent', 'approver', 'admin']) }, async (req) => {
    const { id } = parseOr400(IdParam, req.params, 'params');
    await visible(ctx, id, req.identity!);
    const v = await ctx.storage.log.requestLog(id);
    const unsigned = v.ok ? v.entries.find((e) => !entrySignatureValid(ctx.logKey, e, e.sig)) : undefined;
    if (unsigned) return { entries: v.entries, verified: false, problem: { brokenAt: unsigned.seq, reason: 'entry not signed by this hub (rewritten)' } };
    return { entries: v.entries, verified: v.ok, ...(v.ok ? {} : { problem: { brokenAt: v.brokenAt, reason: v.reason } }) };
  });

  app.post('/v1/requests/:id/outcome', { preHandler: auth(['agent', 'admin']) }, async (req) => {
    const { id } = parseOr400(IdParam, req.params, 'params');
    const body = parseOr400(OutcomeBody, req.body, '') as Required<z.infer<typeof OutcomeBody>>;
    return store.outcome(id, req.identity!, body);
  });

  app.delete('/v1/requests/:id', { preHandler: auth(['agent', 'admin']) }, async (req) => {
    const { id } = parseOr400(IdParam, req.params, 'params');
    return store.withdraw(id, req.identity!);
  });
}

/** Agents see only their own requests (by identity id, so a renamed agent keeps them; by handle before identities); consoles see all. Unknown or hidden: 404. */
async function visible(ctx: HubContext, id: string, who: { name: string; role: string; userId: string }) {
  const r = await ctx.storage.requests.get(id);
  const own = r && (r.requestedById ? r.requestedById === who.userId : r.requestedBy === who.name);
  if (!r || (who.role === 'agent' && !own)) throw new HttpError(404, 'not_found', `no request ${id}`);
  return r;
}
