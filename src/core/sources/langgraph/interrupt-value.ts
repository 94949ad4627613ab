// What one LangGraph interrupt asks, and the one resume value that answers it. An interrupt can ask several things at
// once (the LangChain middleware's action requests, `interrupt([a, b])`), each shown as its own queue item (a "part");
// the graph takes a single resume for the whole interrupt, so the answers to every part are gathered into it, in order.
import type { Decision, ProposedAction, Verdict } from '../../../shared/domain.js';
import { hitlDecision, hitlVerdicts, parseHitlRequest, verdictOfHitlResume, type HitlRequest } from './hitl.js';
import { inboxAction, inboxResponse, inboxVerdicts, parseHumanInterrupt, verdictOfResume, type HumanInterrupt } from './human-interrupt.js';
import { objectTemplate, schemaProblem, type JsonSchema } from './json-schema.js';

/** One thing asked: an Agent Inbox HumanInterrupt, or any other value (answered with approve, reject or a value). */
type Element = { kind: 'inbox'; interrupt: HumanInterrupt } | { kind: 'raw'; value: unknown; schema: JsonSchema | null };

export type ParsedInterrupt =
  /** A bare value, or a one-element array of a HumanInterrupt (`interrupt([request])[0]`, answered with `[response]`). */
  | { kind: 'single'; element: Element; wrapped: boolean }
  /** `interrupt([a, b, ...])`: every element its own part, answered with a list in the same order. */
  | { kind: 'list'; elements: Element[] }
  /** LangChain's humanInTheLoopMiddleware: every action request its own part, answered with `{decisions: [...]}`. */
  | { kind: 'hitl'; request: HitlRequest };

/** A list longer than this is one raw value: a graph asking 500 questions at once is more likely data than questions. */
const MAX_LIST_PARTS = 50;

const isObjectSchema = (s: unknown): s is JsonSchema => !!s && typeof s === 'object' && !Array.isArray(s);

function elementOf(value: unknown, schema: JsonSchema | null): Element {
  const hi = parseHumanInterrupt(value);
  return hi ? { kind: 'inbox', interrupt: hi } : { kind: 'raw', value, schema };
}

/** `responseSchema`: LangGraph's `Interrupt.response_schema` (JSON Schema of the expected answer), when the graph gave one. */
export function parseInterruptValue(value: unknown, responseSchema?: unknown): ParsedInterrupt {
  const hitl = parseHitlRequest(value);
  if (hitl) return { kind: 'hitl', request: hitl };
  if (Array.isArray(value) && value.length === 1 && parseHumanInterrupt(value[0])) return { kind: 'single', element: elementOf(value[0], null), wrapped: true };
  if (Array.isArray(value) && value.length >= 2 && value.length <= MAX_LIST_PARTS) return { kind: 'list', elements: value.map((v) => elementOf(v, null)) };
  return { kind: 'single', element: elementOf(value, isObjectSchema(responseSchema) ? responseSchema : null), wrapped: false };
}

export function partCount(p: ParsedInterrupt): number {
  return p.kind === 'single' ? 1 : p.kind === 'list' ? p.elements.length : p.request.actions.length;
}

/** How one part looks in the queue. `rawValue`: shown as raw JSON (not an action the agent proposed). */
export interface PartView {
  action: ProposedAction;
  actionClass: string;
  verdicts: Verdict[];
  description: string | null;
  rawValue?: unknown;
  /** A JSON Schema the answer or the edited arguments must fit. */
  schema: JsonSchema | null;
}

/** A raw element's "action": the value itself, or, when its answer schema describes an object, a form of its fields. */
function rawAction(e: Extract<Element, { kind: 'raw' }>): ProposedAction {
  const template = objectTemplate(e.schema);
  return template ? { name: 'interrupt', args: template } : { name: 'interrupt', args: { value: e.value } };
}

const RAW_VERDICTS: Verdict[] = ['approve', 'approve_with_edits', 'reject'];

function elementView(e: Element): PartView {
  if (e.kind === 'inbox') {
    return {
      action: inboxAction(e.interrupt),
      actionClass: e.interrupt.action_request.action,
      verdicts: inboxVerdicts(e.interrupt),
      description: e.interrupt.description ?? null,
      schema: null,
    };
  }
  return { action: rawAction(e), actionClass: 'langgraph.interrupt', verdicts: [...RAW_VERDICTS], description: null, rawValue: e.value, schema: e.schema };
}

export function partView(p: ParsedInterrupt, index: number): PartView {
  if (p.kind === 'single') return elementView(p.element);
  if (p.kind === 'list') return elementView(p.elements[index]!);
  const a = p.request.actions[index]!;
  return { action: { name: a.name, args: a.args }, actionClass: a.name, verdicts: hitlVerdicts(a), description: a.description, schema: a.argsSchema };
}

/**
 * A raw element's answer: approve and reject send the Agent Inbox shapes (`{type:'accept'}`, `{type:'response'}`), a
 * value ("answer with JSON", sent as approve_with_edits) sends the edited `value`, or the whole form when the schema
 * describes an object. Checked against the schema first.
 */
function rawAnswer(e: Extract<Element, { kind: 'raw' }>, d: Decision): { value: unknown } | { refused: string } {
  if (d.verdict === 'approve') return { value: { type: 'accept', args: null } };
  if (d.verdict === 'reject') return { value: { type: 'response', args: d.feedback } };
  if (d.verdict !== 'approve_with_edits') return { refused: `this LangGraph interrupt does not allow "${d.verdict}" (allowed: ${RAW_VERDICTS.join(', ')})` };
  if (!d.editedAction) return { refused: 'an answer needs the edited value' };
  const answer = objectTemplate(e.schema) ? d.editedAction.args : d.editedAction.args['value'];
  if (answer === undefined) return { refused: 'the answer has no "value" field: put the JSON answer under "value"' };
  const problem = schemaProblem(e.schema, answer);
  return problem ? { refused: `the answer does not fit the schema this interrupt asks for: ${problem}` } : { value: answer };
}

function elementAnswer(e: Element, d: Decision) {
  return e.kind === 'inbox' ? inboxResponse(e.interrupt, d) : rawAnswer(e, d);
}

/** The resume value for the whole interrupt from one decision per part (in part order), or the first part that cannot take its decision. */
export function resumeValueFor(p: ParsedInterrupt, decisions: Decision[]): { value: unknown } | { refused: string; index: number } {
  const answers: unknown[] = [];
  for (const [index, d] of decisions.entries()) {
    const a = p.kind === 'hitl' ? hitlDecision(p.request, index, d) : elementAnswer(p.kind === 'list' ? p.elements[index]! : p.element, d);
    if ('refused' in a) return { refused: a.refused, index };
    answers.push(a.value);
  }
  if (p.kind === 'hitl') return { value: { decisions: answers } };
  if (p.kind === 'list') return { value: answers };
  return { value: p.wrapped ? answers : answers[0] };
}

export type ReadVerdict = { verdict: Verdict; editedAction: ProposedAction | null; feedback: string };

/**
 * The other direction: what the resume value of a whole interrupt said about part `index` (ours or anyone's). Without
 * the interrupt (`p` null: it is gone and we no longer hold it) the resume's own shape says how to read it.
 */
export function verdictOfPart(p: ParsedInterrupt | null, resume: unknown, index: number): ReadVerdict | null {
  if (!p) {
    const hitl = verdictOfHitlResume(resume, index);
    if (hitl) return hitl;
    return verdictOfResume(Array.isArray(resume) && resume.length > 1 ? (resume as unknown[])[index] : resume);
  }
  if (p.kind === 'hitl') return verdictOfHitlResume(resume, index);
  const element = p.kind === 'list' ? p.elements[index] : p.element;
  const answer: unknown = p.kind === 'list' ? (Array.isArray(resume) ? (resume as unknown[])[index] : undefined) : resume;
  const read = verdictOfResume(answer);
  if (read || !element || element.kind !== 'raw' || answer === undefined) return read;
  // A raw interrupt answered with a value: read back as the "edited" answer, the way the approver gave it.
  const args = objectTemplate(element.schema) && answer && typeof answer === 'object' && !Array.isArray(answer) ? (answer as Record<string, unknown>) : { value: answer };
  return { verdict: 'approve_with_edits', editedAction: { name: 'interrupt', args }, feedback: '' };
}
