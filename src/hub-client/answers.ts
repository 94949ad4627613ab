// Answer shapes the client reads that are not a protocol body of their own: the log and token answers, and lenient
// lists, where one bad item is reported beside the good ones instead of failing the whole answer.
import { z } from 'zod';
import { ApprovalRequest, LogEntry } from '../shared/domain.js';
import { ChangesPage, DecisionBatchResult, Role } from '../shared/protocol.js';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from '../shared/json-depth.js';
import { zodIssues, type IssueLine } from '../shared/zod-issues.js';

/** GET /v1/requests/:id/log */
export const RequestLogAnswer = z.object({
  entries: z.array(LogEntry),
  verified: z.boolean().nullable(),
  problem: z.object({ brokenAt: z.number(), reason: z.string() }).optional(),
});
export type RequestLogAnswer = z.infer<typeof RequestLogAnswer>;

/** GET /v1/idempotency-keys/:key */
export const RequestByKeyAnswer = z.object({ request: ApprovalRequest.nullable() });

/** GET /v1/log/public-key: the key that signs the hub's log entries (docs/security.md, item 9). */
export const LogPublicKeyAnswer = z.object({ algorithm: z.literal('Ed25519'), keyId: z.string().max(64), publicKey: z.string().max(2000) });
export type LogPublicKeyAnswer = z.infer<typeof LogPublicKeyAnswer>;

/** POST /v1/tokens */
export const TokenAnswer = z.object({ token: z.string(), role: Role, name: z.string() });
export const RotatedToken = z.object({ token: z.string().min(1).max(10_000), id: z.number().int(), expiresAt: z.string().nullable() });

// The page's frame is checked as a whole; its items one by one.
export const LenientChangesPage = ChangesPage.extend({ changes: z.array(z.unknown()).max(20_000) });
export const LenientDecisionResults = DecisionBatchResult.extend({ results: z.array(z.unknown()) });

/** An item of a list answer that did not match its schema, or nested deeper than the hub allows. */
export interface MalformedItem {
  index: number;
  raw: unknown;
  kind: 'shape' | 'too_deep';
  issues: IssueLine[];
}

/** Each item checked on its own; `nested` names the parts of an item that must stay within MAX_JSON_DEPTH. */
export function parseEach<T>(items: unknown[], schema: z.ZodType<T>, nested?: (item: T) => unknown[]): { ok: T[]; malformed: MalformedItem[] } {
  const ok: T[] = [];
  const malformed: MalformedItem[] = [];
  items.forEach((raw, index) => {
    const p = schema.safeParse(raw);
    if (!p.success) malformed.push({ index, raw, kind: 'shape', issues: zodIssues(p.error, { max: 3 }) });
    else if (nested?.(p.data).some((v) => exceedsJsonDepth(v)))
      malformed.push({ index, raw, kind: 'too_deep', issues: [{ path: 'request', message: `nested deeper than ${MAX_JSON_DEPTH} levels` }] });
    else ok.push(p.data);
  });
  return { ok, malformed };
}
