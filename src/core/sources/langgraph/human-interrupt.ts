// The Agent Inbox wire shapes (HumanInterrupt in, HumanResponse out) and how they map onto our verdicts, for one
// HumanInterrupt. Interrupt values come from arbitrary graphs, so everything is parsed with zod; interrupt-value.ts
// decides which shape a whole value has (HumanInterrupt, a list, the LangChain middleware's request, or raw).
import { z } from 'zod';
import type { Decision, ProposedAction, Verdict } from '../../../shared/domain.js';

const ActionRequest = z.object({
  action: z.string().min(1).max(500),
  args: z.record(z.string(), z.unknown()),
});

const HumanInterrupt = z.object({
  action_request: ActionRequest,
  config: z.object({
    allow_accept: z.boolean().default(false),
    allow_edit: z.boolean().default(false),
    allow_respond: z.boolean().default(false),
    allow_ignore: z.boolean().default(false),
  }),
  description: z.string().nullish(),
});
export type HumanInterrupt = z.infer<typeof HumanInterrupt>;

const HumanResponse = z.discriminatedUnion('type', [
  z.object({ type: z.literal('accept'), args: z.null() }),
  z.object({ type: z.literal('ignore'), args: z.null() }),
  z.object({ type: z.literal('response'), args: z.string() }),
  z.object({ type: z.literal('edit'), args: ActionRequest }),
]);
type HumanResponse = z.infer<typeof HumanResponse>;

/** A value that parses as one HumanInterrupt, else null. */
export function parseHumanInterrupt(value: unknown): HumanInterrupt | null {
  const parsed = HumanInterrupt.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** Only what the graph's config allows; LangGraph has no escalation. */
export function inboxVerdicts(hi: HumanInterrupt): Verdict[] {
  const c = hi.config;
  const out: Verdict[] = [];
  if (c.allow_accept) out.push('approve');
  if (c.allow_edit) out.push('approve_with_edits');
  if (c.allow_respond) out.push('reject');
  if (c.allow_ignore) out.push('ignore');
  return out;
}

export const inboxAction = (hi: HumanInterrupt): ProposedAction => ({ name: hi.action_request.action, args: hi.action_request.args });

/** The HumanResponse for a decision, or a reason why this interrupt cannot take it. */
export function inboxResponse(hi: HumanInterrupt, decision: Decision): { value: HumanResponse } | { refused: string } {
  const allowed = inboxVerdicts(hi);
  if (!allowed.includes(decision.verdict)) {
    return { refused: `this LangGraph interrupt does not allow "${decision.verdict}" (allowed: ${allowed.join(', ') || 'nothing'})` };
  }
  switch (decision.verdict) {
    case 'approve':
      return { value: { type: 'accept', args: null } };
    case 'approve_with_edits':
      if (!decision.editedAction) return { refused: 'approve_with_edits needs the edited action' };
      return { value: { type: 'edit', args: { action: decision.editedAction.name, args: decision.editedAction.args } } };
    case 'reject':
      return { value: { type: 'response', args: decision.feedback } };
    case 'ignore':
      return { value: { type: 'ignore', args: null } };
    default:
      return { refused: `LangGraph cannot take "${decision.verdict}"` };
  }
}

/** The other direction, for answers given elsewhere (Agent Inbox, Studio, another console): what did they decide? */
export function verdictOfResume(value: unknown): { verdict: Verdict; editedAction: ProposedAction | null; feedback: string } | null {
  const unwrapped: unknown = Array.isArray(value) && value.length === 1 ? value[0] : value;
  const parsed = HumanResponse.safeParse(unwrapped);
  if (!parsed.success) return null;
  const r = parsed.data;
  switch (r.type) {
    case 'accept':
      return { verdict: 'approve', editedAction: null, feedback: '' };
    case 'ignore':
      return { verdict: 'ignore', editedAction: null, feedback: '' };
    case 'response':
      return { verdict: 'reject', editedAction: null, feedback: r.args };
    case 'edit':
      return { verdict: 'approve_with_edits', editedAction: { name: r.args.action, args: r.args.args }, feedback: '' };
  }
}
