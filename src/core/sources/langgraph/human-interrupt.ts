// The Agent Inbox wire shapes (HumanInterrupt in, HumanResponse out) and how they map onto our verdicts.
// Interrupt values come from arbitrary graphs, so everything is parsed with zod; what does not parse is a "raw" interrupt.
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
type HumanInterrupt = z.infer<typeof HumanInterrupt>;

const HumanResponse = z.discriminatedUnion('type', [
  z.object({ type: z.literal('accept'), args: z.null() }),
  z.object({ type: z.literal('ignore'), args: z.null() }),
  z.object({ type: z.literal('response'), args: z.string() }),
  z.object({ type: z.literal('edit'), args: ActionRequest }),
]);
type HumanResponse = z.infer<typeof HumanResponse>;

/** An interrupt value as we understood it. `wrapped`: it came as a one-element array, so the answer goes back as one too. */
export type ParsedInterrupt = { kind: 'inbox'; interrupt: HumanInterrupt; wrapped: boolean } | { kind: 'raw'; value: unknown };

export function parseInterruptValue(value: unknown): ParsedInterrupt {
  const wrapped = Array.isArray(value) && value.length === 1;
  const parsed = HumanInterrupt.safeParse(wrapped ? (value as unknown[])[0] : value);
  if (parsed.success) return { kind: 'inbox', interrupt: parsed.data, wrapped };
  return { kind: 'raw', value };
}

/** Raw interrupts can be approved or rejected (with the feedback text); nothing else is meaningful without a schema. */
const RAW_VERDICTS: Verdict[] = ['approve', 'reject'];

/** Only what the graph's config allows; LangGraph has no escalation. */
export function verdictsFor(parsed: ParsedInterrupt): Verdict[] {
  if (parsed.kind === 'raw') return [...RAW_VERDICTS];
  const c = parsed.interrupt.config;
  const out: Verdict[] = [];
  if (c.allow_accept) out.push('approve');
  if (c.allow_edit) out.push('approve_with_edits');
  if (c.allow_respond) out.push('reject');
  if (c.allow_ignore) out.push('ignore');
  return out;
}

export function proposedActionOf(parsed: ParsedInterrupt): ProposedAction {
  if (parsed.kind === 'inbox') return { name: parsed.interrupt.action_request.action, args: parsed.interrupt.action_request.args };
  return { name: 'interrupt', args: { value: parsed.value } };
}

/**
 * The HumanResponse for a decision, or a reason why this interrupt cannot take it.
 * The resume value is what the graph's interrupt() call returns, so it mirrors the value's shape (array in, array out).
 */
export function resumeValueFor(parsed: ParsedInterrupt, decision: Decision): { value: unknown } | { refused: string } {
  const allowed = verdictsFor(parsed);
  if (!allowed.includes(decision.verdict)) {
    return { refused: `this LangGraph interrupt does not allow "${decision.verdict}" (allowed: ${allowed.join(', ') || 'nothing'})` };
  }
  let response: HumanResponse;
  switch (decision.verdict) {
    case 'approve':
      response = { type: 'accept', args: null };
      break;
    case 'approve_with_edits':
      if (!decision.editedAction) return { refused: 'approve_with_edits needs the edited action' };
      response = { type: 'edit', args: { action: decision.editedAction.name, args: decision.editedAction.args } };
      break;
    case 'reject':
      response = { type: 'response', args: decision.feedback };
      break;
    case 'ignore':
      response = { type: 'ignore', args: null };
      break;
    default:
      return { refused: `LangGraph cannot take "${decision.verdict}"` };
  }
  const wrapped = parsed.kind === 'inbox' && parsed.wrapped;
  return { value: wrapped ? [response] : response };
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
