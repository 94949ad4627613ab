// The policy: read it (approvers and admins), change it as a new version (admins), and read its history and the
// structural diff between two versions. Every change names its author (the hub identity) and a rationale.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { PutPolicyBody } from '../../shared/protocol.js';
import { policyDiff } from '../../shared/policy-diff.js';
import { DuplicateClassError, PolicyMovedOnError } from '../store/policy-store.js';
import { HttpError, parseOr400 } from './errors.js';
import type { HubContext } from './server.js';

const VersionParam = z.object({ version: z.coerce.number().int().positive() });
const DiffQuery = z.object({ from: z.coerce.number().int().positive(), to: z.coerce.number().int().positive() });
/** Evidence is the author's snapshot of figures: bounded so a version row stays a row. */
const MAX_EVIDENCE_BYTES = 256 * 1024;

export function policyRoutes(app: FastifyInstance, ctx: HubContext): void {
  const { auth, policy } = ctx;

  app.get('/v1/action-classes', { preHandler: auth(['approver', 'admin']) }, async () => ({ classes: policy.list(), version: policy.version() }));

  app.put('/v1/action-classes', { preHandler: auth(['admin']) }, async (req) => {
    const body = parseOr400(PutPolicyBody, req.body, '');
    if (body.evidence !== undefined && JSON.stringify(body.evidence).length > MAX_EVIDENCE_BYTES)
      throw new HttpError(413, 'too_large', `evidence is over ${MAX_EVIDENCE_BYTES} bytes`, [{ path: 'evidence', message: 'too large' }]);
    const who = req.identity!;
    try {
      const r = policy.change(body.classes, { author: who.name, authorId: who.userId, rationale: body.rationale, evidence: body.evidence ?? null }, body.baseVersion);
      return { classes: r.classes, version: r.version };
    } catch (e) {
      if (e instanceof DuplicateClassError) throw new HttpError(400, 'duplicate_class', e.message, [{ path: 'classes', message: e.message }]);
      if (e instanceof PolicyMovedOnError) throw new HttpError(409, 'policy_moved_on', e.message, [{ path: 'baseVersion', message: `current is ${e.current}` }]);
      throw e;
    }
  });

  app.get('/v1/policy/versions', { preHandler: auth(['approver', 'admin']) }, async () => {
    const verdict = policy.versions.verify();
    return {
      current: policy.version(),
      verified: verdict.ok,
      ...(verdict.ok ? {} : { problem: { brokenAt: verdict.brokenAt, reason: verdict.reason } }),
      versions: policy.versions.list(),
    };
  });

  app.get('/v1/policy/versions/:version', { preHandler: auth(['approver', 'admin']) }, async (req) => {
    const { version } = parseOr400(VersionParam, req.params, 'params');
    const v = policy.versions.get(version);
    if (!v) throw new HttpError(404, 'not_found', `no policy version ${version}`);
    return v;
  });

  app.get('/v1/policy/diff', { preHandler: auth(['approver', 'admin']) }, async (req) => {
    const { from, to } = parseOr400(DiffQuery, req.query, 'query');
    const a = policy.versions.get(from);
    const b = policy.versions.get(to);
    if (!a || !b) throw new HttpError(404, 'not_found', `no policy version ${!a ? from : to}`);
    return { from, to, changes: policyDiff(a.classes, b.classes) };
  });
}
