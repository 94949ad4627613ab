// Every 4xx/5xx answer has the ErrorBody shape: a code, a sentence, and for bad input the field and the reason.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import type { ErrorBody } from '../../shared/protocol.js';
import { issuesSummary, zodIssues } from '../../shared/zod-issues.js';
import { StoreError } from '../store/request-rules.js';
import { IdentityError } from '../store/users.js';

export class HttpError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly issues?: ErrorBody['issues'],
  ) {
    super(message);
  }
}

/** Parses with a zod schema or throws a 400 naming each bad field. */
export function parseOr400<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: ZodError } }, value: unknown, prefix: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = zodIssues(r.error, { prefix });
  throw new HttpError(400, 'invalid_input', `invalid ${prefix || 'input'}: ${issuesSummary(issues)}`.slice(0, 2000), issues);
}

export function errorHandler(err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply): void {
  if (err instanceof HttpError) {
    void reply.code(err.status).send({ error: err.code, message: err.message, ...(err.issues ? { issues: err.issues } : {}) } satisfies ErrorBody);
    return;
  }
  if (err instanceof StoreError) {
    void reply.code(err.status).send({ error: err.code, message: err.message, ...(err.request ? { request: err.request } : {}) });
    return;
  }
  if (err instanceof IdentityError) {
    void reply.code(err.status).send({ error: err.code, message: err.message } satisfies ErrorBody);
    return;
  }
  if (err instanceof ZodError) {
    const issues = zodIssues(err);
    void reply.code(400).send({ error: 'invalid_input', message: 'invalid input', issues } satisfies ErrorBody);
    return;
  }
  const fe = err as FastifyError;
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    void reply.code(413).send({ error: 'payload_too_large', message: 'request body is over the size limit', issues: [{ path: 'body', message: 'too large' }] } satisfies ErrorBody);
    return;
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code = fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'unsupported_media_type' : fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? 'empty_body' : 'bad_request';
    void reply.code(fe.statusCode).send({ error: code, message: fe.message, issues: [{ path: 'body', message: fe.message }] } satisfies ErrorBody);
    return;
  }
  req.log.error({ err }, 'unhandled error');
  void reply.code(500).send({ error: 'internal', message: 'internal error' } satisfies ErrorBody);
}
