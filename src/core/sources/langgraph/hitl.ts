// LangChain v1's human-in-the-loop middleware (`createAgent` + `humanInTheLoopMiddleware`): one interrupt asks about
// every gated tool call of one model turn, `{actionRequests, reviewConfigs}` in JS and `{action_requests,
// review_configs}` in Python. It takes exactly one resume, `{decisions: [...]}`, one decision per action request in
// request order; anything else crashes the agent's run ("Invalid HITLResponse: decisions must be a non-empty array").
import { z } from 'zod';
import type { Decision, ProposedAction, Verdict } from '../../../shared/domain.js';
import { schemaProblem } from './json-schema.js';

const Args = z.record(z.string(), z.unknown());
const JsonSchema = z.record(z.string(), z.unknown());

const JsRequest = z.object({
  actionRequests: z.array(z.object({ name: z.string().min(1).max(500), args: Args, description: z.string().nullish() })).min(1),
  reviewConfigs: z.array(z.object({ actionName: z.string(), allowedDecisions: z.array(z.string()), argsSchema: JsonSchema.nullish() })),
});
const PyRequest = z.object({
  action_requests: z.array(z.object({ name: z.string().min(1).max(500), args: Args, description: z.string().nullish() })).min(1),
  review_configs: z.array(z.object({ action_name: z.string(), allowed_decisions: z.array(z.string()), args_schema: JsonSchema.nullish() })),
});

export interface HitlAction {
  name: string;
  args: Record<string, unknown>;
  description: string | null;
  /** The middleware's decision types for this tool: approve, edit, reject. */
  allowed: string[];
  argsSchema: Record<string, unknown> | null;
}
/** `spelling` decides the key of an edited action in the answer: `editedAction` (JS) or `edited_action` (Python). */
export interface HitlRequest {
  spelling: 'js' | 'py';
  actions: HitlAction[];
}

/** The review config of request i: the one at the same position when it names the same tool, else the first naming it. */
function configFor<C>(configs: C[], name: (c: C) => string, i: number, tool: string): C | undefined {
  const same = configs[i];
  return same && name(same) === tool ? same : configs.find((c) => name(c) === tool);
}

export function parseHitlRequest(value: unknown): HitlRequest | null {
  const js = JsRequest.safeParse(value);
  if (js.success) {
    const { actionRequests, reviewConfigs } = js.data;
    const actions = actionRequests.map((a, i) => {
      const c = configFor(reviewConfigs, (x) => x.actionName, i, a.name);
      return { name: a.name, args: a.args, description: a.description ?? null, allowed: c?.allowedDecisions ?? [], argsSchema: c?.argsSchema ?? null };
    });
    return { spelling: 'js', actions };
  }
  const py = PyRequest.safeParse(value);
  if (py.success) {
    const { action_requests, review_configs } = py.data;
    const actions = action_requests.map((a, i) => {
      const c = configFor(review_configs, (x) => x.action_name, i, a.name);
      return { name: a.name, args: a.args, description: a.description ?? null, allowed: c?.allowed_decisions ?? [], argsSchema: c?.args_schema ?? null };
    });
    return { spelling: 'py', actions };
  }
  return null;
}

const VERDICT_OF: Record<string, Verdict> = { approve: 'approve', edit: 'approve_with_edits', reject: 'reject' };

/** Our verdicts for one action request, in a fixed order. A decision type we do not know is not offered. */
export function hitlVerdicts(action: HitlAction): Verdict[] {
  const order: Verdict[] = ['approve', 'approve_with_edits', 'reject'];
  const offered = new Set(action.allowed.map((d) => VERDICT_OF[d]).filter((v): v is Verdict => !!v));
  return order.filter((v) => offered.has(v));
}

/** One decision of the `{decisions}` answer, or why this action request cannot take it. */
export function hitlDecision(request: HitlRequest, index: number, decision: Decision): { value: unknown } | { refused: string } {
  const action = request.actions[index]!;
  const allowed = hitlVerdicts(action);
  if (!allowed.includes(decision.verdict)) {
    return { refused: `the agent does not allow "${decision.verdict}" for ${action.name} (allowed: ${allowed.join(', ') || 'nothing'})` };
  }
  switch (decision.verdict) {
    case 'approve':
      return { value: { type: 'approve' } };
    case 'approve_with_edits': {
      const edited = decision.editedAction;
      if (!edited) return { refused: 'approve_with_edits needs the edited action' };
      const problem = schemaProblem(action.argsSchema, edited.args);
      if (problem) return { refused: `the edited arguments do not fit the schema of ${action.name}: ${problem}` };
      const editedAction = { name: edited.name, args: edited.args };
      return { value: request.spelling === 'js' ? { type: 'edit', editedAction } : { type: 'edit', edited_action: editedAction } };
    }
    default:
      return { value: { type: 'reject', message: decision.feedback } };
  }
}

const HitlDecision = z.discriminatedUnion('type', [
  z.object({ type: z.literal('approve') }),
  z.object({ type: z.literal('reject'), message: z.string().nullish() }),
  z.object({
    type: z.literal('edit'),
    editedAction: z.object({ name: z.string(), args: Args }).optional(),
    edited_action: z.object({ name: z.string(), args: Args }).optional(),
  }),
]);

/** The other direction: decision i of a `{decisions}` answer given elsewhere (or by us), as a verdict. */
export function verdictOfHitlResume(resume: unknown, index: number): { verdict: Verdict; editedAction: ProposedAction | null; feedback: string } | null {
  const list = z.object({ decisions: z.array(z.unknown()) }).safeParse(resume);
  if (!list.success) return null;
  const d = HitlDecision.safeParse(list.data.decisions[index]);
  if (!d.success) return null;
  if (d.data.type === 'approve') return { verdict: 'approve', editedAction: null, feedback: '' };
  if (d.data.type === 'reject') return { verdict: 'reject', editedAction: null, feedback: d.data.message ?? '' };
  const edited = d.data.editedAction ?? d.data.edited_action;
  return edited ? { verdict: 'approve_with_edits', editedAction: edited, feedback: '' } : null;
}
