// The policy: read it (approvers and admins), change it as a new version (admins and the policy-editors group, the one
// rule in src/shared/policy-proposal.ts), propose one class's change from the evidence (idempotent by proposal id,
// refused against a version that moved on), and read its history and the structural diff between two versions.
// Every change names its author (the hub identity) and a rationale.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { PutPolicyBody } from '../../shared/protocol.js';
import { policyDiff } from '../../shared/policy-diff.js';
import { mayChangePolicy, PolicyProposalBody, type PolicyProposalResult } from '../../shared/policy-proposal.js';
import { DuplicateClassError, NoChangeError, PolicyMovedOnError } from '../store/policy-store.js';
import type { PolicyApi } from '../store/storage.js';
import type { TokenIdentity } from '../store/tokens.js';
import { HttpError, parseOr400 } from './errors.js';
import type { HubContext } from './server.js';

const VersionParam = z.object({ version: z.coerce.number().int().positive() });
const DiffQuery = z.object({ from: z.coerce.number().int().positive(), to: z.coerce.number().int().positive() });
/** Evidence is the author's snapshot of figures: bounded so a version row stays a row. */
const MAX_EVIDENCE_BYTES = 256 * 1024;

function mayChange(who: TokenIdentity): TokenIdentity {
  const may = mayChangePolicy(who);
  if (!may.ok) throw new HttpError(403, 'forbidden', may.message);
  return who;
}

function checkEvidence(evidence: unknown): void {
  if (evidence !== undefined && JSON.stringify(evidence).length > MAX_EVIDENCE_BYTES)
    throw new HttpError(413, 'too_large', `evidence is over ${MAX_EVIDENCE_BYTES} bytes`, [{ path: 'evidence', message: 'too large' }]);
}

/** 409 naming who moved the policy on and when, so the person can see whose change theirs would have overwritten. */
async function movedOn(policy: PolicyApi, e: PolicyMovedOnError): Promise<HttpError> {
  const now = (await policy.versionAt(e.current))?.info;
  const by = now ? ` by ${now.author} at ${now.at}${now.rationale ? ` ("${now.rationale.slice(0, 200)}")` : ''}` : '';
  return new HttpError(
    409,
    'policy_moved_on',
    `The policy changed since this was made from version ${e.baseVersion}: it is now at version ${e.current}${by}. Nothing was changed; open the class again and make the change on the current policy.`,
    [{ path: 'baseVersion', message: `current is ${e.current}` }],
  );
}

export function policyRoutes(app: FastifyInstance, ctx: HubContext): void {
  const { auth } = ctx;
  const policy = ctx.storage.policy;

  app.get('/v1/action-classes', { preHandler: auth(['approver', 'admin']) }, async () => ({ classes: await policy.list(), version: await policy.version() }));

  app.put('/v1/action-classes', { preHandler: auth(['approver', 'admin']) }, async (req) => {
    const who = mayChange(req.identity!);
    const body = parseOr400(PutPolicyBody, req.body, '');
    checkEvidence(body.evidence);
    try {
      const r = await policy.change(body.classes, { author: who.name, authorId: who.userId, rationale: body.rationale, evidence: body.evidence ?? null }, body.baseVersion);
      return { classes: r.classes, version: r.version };
    } catch (e) {
      if (e instanceof DuplicateClassError) throw new HttpError(400, 'duplicate_class', e.message, [{ path: 'classes', message: e.message }]);
      if (e instanceof PolicyMovedOnError) throw await movedOn(policy, e);
      throw e;
    }
  });

  app.post('/v1/policy/proposals', { preHandler: auth(['approver', 'admin']) }, async (req): Promise<PolicyProposalResult> => {
    const who = mayChange(req.identity!);
    const body = parseOr400(PolicyProposalBody, req.body, '');
    checkEvidence(body.evidence);
    try {
      const r = await policy.propose(
        body.id,
        body.actionClass,
        { author: who.name, authorId: who.userId, rationale: body.rationale, evidence: body.evidence ?? null },
        body.baseVersion,
      );
      return { id: body.id, status: r.status, version: r.version.version, author: r.version.author, at: r.version.at };
    } catch (e) {
      if (e instanceof PolicyMovedOnError) throw await movedOn(policy, e);
      if (e instanceof NoChangeError) throw new HttpError(400, 'no_change', e.message, [{ path: 'actionClass', message: 'same as the current definition' }]);
      throw e;
    }
  });

  app.get('/v1/policy/versions', { preHandler: auth(['approver', 'admin']) }, async () => {
    const verdict = await policy.verify();
    return {
      current: await policy.version(),
      verified: verdict.ok,
      ...(verdict.ok ? {} : { problem: { brokenAt: verdict.brokenAt, reason: verdict.reason } }),
      versions: await policy.versions(),
    };
  });

  app.get('/v1/policy/versions/:version', { preHandler: auth(['approver', 'admin']) }, async (req) => {
    const { version } = parseOr400(VersionParam, req.params, 'params');
    const v = await policy.versionAt(version);
    if (!v) throw new HttpError(404, 'not_found', `no policy version ${version}`);
    return v;
  });

  app.get('/v1/policy/diff', { preHandler: auth(['approver', 'admin']) }, async (req) => {
    const { from, to } = parseOr400(DiffQuery, req.query, 'query');
    const a = await policy.versionAt(from);
    const b = await policy.versionAt(to);
    if (!a || !b) throw new HttpError(404, 'not_found', `no policy version ${!a ? from : to}`);
    return { from, to, changes: policyDiff(a.classes, b.classes) };
  });
}
