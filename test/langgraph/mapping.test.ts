// The pure mapping rules (no server): which verdicts a config allows, what each verdict sends back, how watch entries
// become filters. The end-to-end behaviour is covered against the real server in the other files.
import { describe, expect, it } from 'vitest';
import { verdictOfResume } from '../../src/core/sources/langgraph/human-interrupt.js';
import { parseInterruptValue, partView, resumeValueFor, verdictOfPart, type ParsedInterrupt } from '../../src/core/sources/langgraph/interrupt-value.js';
import { splitExternalId, splitPartKey, studioThreadUrl } from '../../src/core/sources/langgraph/map-item.js';
import { markdownSummary } from '../../src/shared/markdown-summary.js';
import { watchFilters } from '../../src/core/sources/langgraph/pull.js';
import type { Decision } from '../../src/shared/domain.js';

const hi = (config: Partial<Record<'allow_accept' | 'allow_edit' | 'allow_respond' | 'allow_ignore', boolean>>) => ({
  action_request: { action: 'x', args: {} },
  config: { allow_accept: false, allow_edit: false, allow_respond: false, allow_ignore: false, ...config },
});
const decision = (verdict: Decision['verdict'], extra: Partial<Decision> = {}): Decision => ({
  id: 'dec-12345678',
  requestId: 'r',
  verdict,
  editedAction: null,
  feedback: '',
  decidedBy: 'a',
  decidedAt: new Date().toISOString(),
  changed: false,
  patch: [],
  ...extra,
});

const verdictsFor = (p: ParsedInterrupt) => partView(p, 0).verdicts;

describe('HumanInterrupt mapping', () => {
  it('offers exactly what the config allows, in a fixed order, never escalate', () => {
    expect(verdictsFor(parseInterruptValue(hi({})))).toEqual([]);
    expect(verdictsFor(parseInterruptValue(hi({ allow_ignore: true, allow_accept: true })))).toEqual(['approve', 'ignore']);
    expect(verdictsFor(parseInterruptValue([hi({ allow_edit: true, allow_respond: true })]))).toEqual(['approve_with_edits', 'reject']);
  });

  it('treats anything that is not a HumanInterrupt as raw', () => {
    for (const v of [null, 'text', 42, [], ['one'], { action_request: { action: 'x' } }, { action_request: { action: 'x', args: [] }, config: {} }]) {
      const p = parseInterruptValue(v);
      expect(p.kind === 'single' && p.element.kind).toBe('raw');
    }
  });

  it('builds the HumanResponse for each verdict, wrapped when the value was wrapped, refusing what is not allowed', () => {
    const all = hi({ allow_accept: true, allow_edit: true, allow_respond: true, allow_ignore: true });
    const p = parseInterruptValue(all);
    expect(resumeValueFor(p, [decision('approve')])).toEqual({ value: { type: 'accept', args: null } });
    expect(resumeValueFor(p, [decision('ignore')])).toEqual({ value: { type: 'ignore', args: null } });
    expect(resumeValueFor(p, [decision('reject', { feedback: 'no' })])).toEqual({ value: { type: 'response', args: 'no' } });
    expect(resumeValueFor(p, [decision('approve_with_edits', { editedAction: { name: 'x', args: { a: 1 } } })])).toEqual({
      value: { type: 'edit', args: { action: 'x', args: { a: 1 } } },
    });
    expect(resumeValueFor(p, [decision('approve_with_edits')])).toHaveProperty('refused');
    expect(resumeValueFor(p, [decision('escalate')])).toHaveProperty('refused');
    expect(resumeValueFor(parseInterruptValue([all]), [decision('approve')])).toEqual({ value: [{ type: 'accept', args: null }] });
    expect(resumeValueFor(parseInterruptValue(hi({ allow_accept: true })), [decision('reject')])).toHaveProperty('refused');
  });

  it('reads answers given elsewhere back into verdicts', () => {
    expect(verdictOfResume({ type: 'accept', args: null })?.verdict).toBe('approve');
    expect(verdictOfResume([{ type: 'response', args: 'no' }])).toMatchObject({ verdict: 'reject', feedback: 'no' });
    expect(verdictOfResume({ type: 'edit', args: { action: 'y', args: { b: 2 } } })).toMatchObject({ verdict: 'approve_with_edits', editedAction: { name: 'y', args: { b: 2 } } });
    expect(verdictOfResume('yes')).toBeNull();
  });
});

describe('LangChain human-in-the-loop middleware, lists and raw values', () => {
  const js = {
    actionRequests: [
      { name: 'send_email', args: { to: 'a@b.c' }, description: 'Mail' },
      { name: 'wire_transfer', args: { amount: 5 }, description: '## Wire' },
    ],
    reviewConfigs: [
      { actionName: 'send_email', allowedDecisions: ['approve', 'edit', 'reject'] },
      { actionName: 'wire_transfer', allowedDecisions: ['approve', 'reject', 'respond'], argsSchema: { type: 'object', properties: { amount: { type: 'number', maximum: 10 } } } },
    ],
  };
  const py = {
    action_requests: js.actionRequests,
    review_configs: js.reviewConfigs.map((c) => ({ action_name: c.actionName, allowed_decisions: c.allowedDecisions, args_schema: c.argsSchema })),
  };

  it('one part per action request, with the allowed decisions of its review config (unknown types not offered)', () => {
    for (const v of [js, py]) {
      const p = parseInterruptValue(v);
      expect(p.kind).toBe('hitl');
      expect(partView(p, 0)).toMatchObject({ action: { name: 'send_email', args: { to: 'a@b.c' } }, verdicts: ['approve', 'approve_with_edits', 'reject'], description: 'Mail' });
      expect(partView(p, 1)).toMatchObject({ verdicts: ['approve', 'reject'], schema: { type: 'object' } });
    }
  });

  it('gathers one decision per request, in request order, in the spelling the agent uses', () => {
    const edit = decision('approve_with_edits', { editedAction: { name: 'send_email', args: { to: 'x@y.z' } } });
    expect(resumeValueFor(parseInterruptValue(js), [edit, decision('reject', { feedback: 'no' })])).toEqual({
      value: {
        decisions: [
          { type: 'edit', editedAction: { name: 'send_email', args: { to: 'x@y.z' } } },
          { type: 'reject', message: 'no' },
        ],
      },
    });
    expect(resumeValueFor(parseInterruptValue(py), [decision('approve'), decision('approve')])).toEqual({ value: { decisions: [{ type: 'approve' }, { type: 'approve' }] } });
    expect(resumeValueFor(parseInterruptValue(py), [edit, decision('approve')])).toMatchObject({
      value: { decisions: [{ type: 'edit', edited_action: { name: 'send_email' } }, {}] },
    });
    // Not allowed for that tool, or an edit outside the tool's argsSchema: refused, naming the request.
    expect(
      resumeValueFor(parseInterruptValue(js), [decision('approve'), decision('approve_with_edits', { editedAction: { name: 'wire_transfer', args: { amount: 1 } } })]),
    ).toMatchObject({ index: 1 });
    const schemaOnly = { ...js, reviewConfigs: [js.reviewConfigs[0], { ...js.reviewConfigs[1], allowedDecisions: ['edit'] }] };
    const tooMuch = decision('approve_with_edits', { editedAction: { name: 'wire_transfer', args: { amount: 50 } } });
    expect(resumeValueFor(parseInterruptValue(schemaOnly), [decision('approve'), tooMuch])).toMatchObject({
      index: 1,
      refused: expect.stringMatching(/schema of wire_transfer: amount/),
    });
  });

  it('reads each decision of a {decisions} answer back', () => {
    const p = parseInterruptValue(js);
    const resume = {
      decisions: [
        { type: 'edit', editedAction: { name: 'send_email', args: { to: 'q' } } },
        { type: 'reject', message: 'no' },
      ],
    };
    expect(verdictOfPart(p, resume, 0)).toEqual({ verdict: 'approve_with_edits', editedAction: { name: 'send_email', args: { to: 'q' } }, feedback: '' });
    expect(verdictOfPart(p, resume, 1)).toEqual({ verdict: 'reject', editedAction: null, feedback: 'no' });
    expect(verdictOfPart(null, { decisions: [{ type: 'edit', edited_action: { name: 'n', args: {} } }] }, 0)?.verdict).toBe('approve_with_edits');
  });

  it('interrupt([a, b]): every element its own part, answered with a list', () => {
    const p = parseInterruptValue([hi({ allow_accept: true }), { question: 'why?' }]);
    expect(p.kind).toBe('list');
    expect(partView(p, 1)).toMatchObject({ action: { name: 'interrupt', args: { value: { question: 'why?' } } }, rawValue: { question: 'why?' } });
    const answer = decision('approve_with_edits', { editedAction: { name: 'interrupt', args: { value: { because: 42 } } } });
    expect(resumeValueFor(p, [decision('approve'), answer])).toEqual({ value: [{ type: 'accept', args: null }, { because: 42 }] });
    expect(verdictOfPart(p, [{ type: 'accept', args: null }, { because: 42 }], 1)).toMatchObject({
      verdict: 'approve_with_edits',
      editedAction: { args: { value: { because: 42 } } },
    });
  });

  it('a raw value with a response schema: a form of its fields, the answer checked against it', () => {
    const schema = { type: 'object', properties: { approved: { type: 'boolean' }, note: { type: 'string' } }, required: ['approved'] };
    const p = parseInterruptValue({ question: 'ok?' }, schema);
    expect(partView(p, 0).action).toEqual({ name: 'interrupt', args: { approved: false, note: '' } });
    const ok = decision('approve_with_edits', { editedAction: { name: 'interrupt', args: { approved: true, note: 'fine' } } });
    expect(resumeValueFor(p, [ok])).toEqual({ value: { approved: true, note: 'fine' } });
    const bad = decision('approve_with_edits', { editedAction: { name: 'interrupt', args: { approved: 'yes' } } });
    expect(resumeValueFor(p, [bad])).toMatchObject({ refused: expect.stringMatching(/does not fit the schema/) });
  });
});

describe('Markdown summaries', () => {
  it('takes the first line of text with its markup stripped', () => {
    expect(markdownSummary('## Wire transfer\n\nSend it.')).toBe('Wire transfer');
    expect(markdownSummary('Send **5** to [Bob](https://x.example) via `sepa` ![logo](x.png)\nsecond line')).toBe('Send 5 to Bob via sepa logo');
    expect(markdownSummary('\n\n> *quoted* _first_')).toBe('quoted first');
    expect(markdownSummary('- item one\n- item two')).toBe('item one');
    expect(markdownSummary('<b>raw html</b> stays text')).toBe('<b>raw html</b> stays text');
    expect(markdownSummary('a'.repeat(300))).toHaveLength(200);
    expect(markdownSummary('')).toBe('');
  });

  it('reads a plain first line as markdown-it would, with or without parsing it', () => {
    // Plain first paragraphs (the fast path) and near misses that need the parser give what the renderer shows.
    expect(markdownSummary('Refund order O-7\n\nCustomer 7 asked for **it**.')).toBe('Refund order O-7');
    expect(markdownSummary('\n  \nTool execution requires approval  \n\nTool: send_email')).toBe('Tool execution requires approval');
    expect(markdownSummary('Wire transfer\n=============\n\nbody')).toBe('Wire transfer');
    expect(markdownSummary('Ask first\nthen act')).toBe('Ask first');
    expect(markdownSummary('Caf\u00e9 au lait & cr\u00e8me &amp; more\n\nx')).toBe('Caf\u00e9 au lait & cr\u00e8me & more');
    expect(markdownSummary('Pay \\*not bold\\*')).toBe('Pay *not bold*');
    expect(markdownSummary('1. first')).toBe('first');
    expect(markdownSummary(`Refund ${'x'.repeat(300)}`)).toHaveLength(200);
  });
});

describe('ids, links and filters', () => {
  it('splits external ids at the first colon only', () => {
    expect(splitExternalId('t-1:abc')).toEqual({ threadId: 't-1', interruptId: 'abc' });
    expect(splitExternalId('t:a:b')).toEqual({ threadId: 't', interruptId: 'a:b' });
    expect(splitExternalId('nocolon')).toBeNull();
    expect(splitExternalId(':x')).toBeNull();
    expect(splitExternalId('x:')).toBeNull();
    expect(splitPartKey('abc/2')).toEqual({ interruptId: 'abc', index: 2, multi: true });
    expect(splitPartKey('abc')).toEqual({ interruptId: 'abc', index: 0, multi: false });
  });

  it('links to the thread in Studio with the deployment as baseUrl', () => {
    expect(studioThreadUrl('http://127.0.0.1:8123/', 'abc')).toBe('https://smith.langchain.com/studio/thread/abc?baseUrl=http%3A%2F%2F127.0.0.1%3A8123');
  });

  it('turns watch entries into metadata filters: UUIDs are assistants, the rest graphs, duplicates dropped', () => {
    expect(watchFilters([])).toEqual([undefined]);
    expect(watchFilters([' agent ', 'agent', '4633b562-2f9d-55de-98e8-ed387a92a863'])).toEqual([{ graph_id: 'agent' }, { assistant_id: '4633b562-2f9d-55de-98e8-ed387a92a863' }]);
  });
});
