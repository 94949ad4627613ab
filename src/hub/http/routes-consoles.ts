// Console-facing routes: the changes feed, the SSE wake-up stream and its tickets, batch decisions, escalation ownership.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DecisionBatch, OwnershipBatch, PROTOCOL_HEADER } from '../../shared/protocol.js';
import { exceedsJsonDepth, JSON_DEPTH_MARGIN, MAX_JSON_DEPTH } from '../../shared/json-depth.js';
import { issuesSummary } from '../../shared/zod-issues.js';
import { HttpError, parseOr400 } from './errors.js';
import type { HubContext } from './server.js';
import { streamAuth, StreamTickets } from './stream-tickets.js';

const ChangesQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});
// A batch carries each edited action a few levels down: the margin lets an edit of the deepest accepted action through.
const DECISIONS_MAX_DEPTH = MAX_JSON_DEPTH + JSON_DEPTH_MARGIN;

export function consoleRoutes(app: FastifyInstance, ctx: HubContext): void {
  const { auth } = ctx;
  const store = ctx.storage.requests;
  const tickets = ctx.storage.streamTickets ?? new StreamTickets();

  app.get('/v1/changes', { preHandler: auth(['approver', 'admin']) }, async (req) => {
    const { after, limit } = parseOr400(ChangesQuery, req.query, 'query');
    return store.changes(after, limit);
  });

  app.post('/v1/stream-tickets', { preHandler: auth(['approver', 'admin']) }, async (req, reply) => reply.code(201).send(await tickets.issue(req.identity!)));

  app.get('/v1/stream', { preHandler: streamAuth(tickets, auth(['approver', 'admin'])) }, (req, reply) => {
    reply.hijack();
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    reply.raw.flushHeaders();
    req.raw.socket.setNoDelay(true);
    ctx.live.addClient(reply.raw);
  });

  app.post('/v1/decisions', { preHandler: auth(['approver', 'admin']), bodyLimit: 64 * 1024 * 1024 }, async (req) => {
    if (exceedsJsonDepth(req.body, DECISIONS_MAX_DEPTH)) throw new HttpError(400, 'too_deep', 'JSON nested too deep', [{ path: 'body', message: 'nesting too deep' }]);
    const batch = parseOr400(DecisionBatch, req.body, '');
    const issues: Array<{ path: string; message: string }> = [];
    batch.decisions.forEach((d, i) => {
      if (d.verdict === 'reject' && !d.feedback.trim()) issues.push({ path: `decisions.${i}.feedback`, message: 'a rejection needs feedback for the agent' });
      if (d.verdict === 'resolve' && !d.feedback.trim()) issues.push({ path: `decisions.${i}.feedback`, message: 'resolving an escalation needs a note' });
      if (d.verdict === 'approve_with_edits' && !d.editedAction) issues.push({ path: `decisions.${i}.editedAction`, message: 'approve_with_edits needs the edited action' });
      if (d.editedAction && Buffer.byteLength(JSON.stringify(d.editedAction.args), 'utf8') > ctx.maxArgsBytes) {
        issues.push({ path: `decisions.${i}.editedAction.args`, message: `over ${ctx.maxArgsBytes} bytes` });
      }
    });
    if (issues.length) throw new HttpError(400, 'invalid_input', issuesSummary(issues).slice(0, 2000), issues);
    // No header (or 1) is a v1 console: it is never answered vote_recorded or forbidden (docs/protocol.md "Versions").
    const protocol = Number(req.headers[PROTOCOL_HEADER] ?? 1) || 1;
    return { results: await store.decide(req.identity!, batch.decisions, { protocol }) };
  });

  // Escalation ownership (docs/protocol.md "Escalation ownership"): take or release, first take wins.
  app.post('/v1/ownership', { preHandler: auth(['approver', 'admin']) }, async (req) => {
    const batch = parseOr400(OwnershipBatch, req.body, '');
    return { results: await store.own(req.identity!, batch.ops) };
  });
}
