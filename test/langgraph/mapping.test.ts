// The pure mapping rules (no server): which verdicts a config allows, what each verdict sends back, how watch entries
// become filters. The end-to-end behaviour is covered against the real server in the other files.
import { describe, expect, it } from 'vitest';
import { parseInterruptValue, resumeValueFor, verdictOfResume, verdictsFor } from '../../src/core/sources/langgraph/human-interrupt.js';
import { splitExternalId, studioThreadUrl } from '../../src/core/sources/langgraph/map-item.js';
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

describe('HumanInterrupt mapping', () => {
  it('offers exactly what the config allows, in a fixed order, never escalate', () => {
    expect(verdictsFor(parseInterruptValue(hi({})))).toEqual([]);
    expect(verdictsFor(parseInterruptValue(hi({ allow_ignore: true, allow_accept: true })))).toEqual(['approve', 'ignore']);
    expect(verdictsFor(parseInterruptValue([hi({ allow_edit: true, allow_respond: true })]))).toEqual(['approve_with_edits', 'reject']);
  });

  it('treats anything that is not a HumanInterrupt as raw', () => {
    for (const v of [null, 'text', 42, [], [hi({}), hi({})], { action_request: { action: 'x' } }, { action_request: { action: 'x', args: [] }, config: {} }]) {
      expect(parseInterruptValue(v).kind).toBe('raw');
    }
  });

  it('builds the HumanResponse for each verdict, wrapped when the value was wrapped, refusing what is not allowed', () => {
    const all = hi({ allow_accept: true, allow_edit: true, allow_respond: true, allow_ignore: true });
    const p = parseInterruptValue(all);
    expect(resumeValueFor(p, decision('approve'))).toEqual({ value: { type: 'accept', args: null } });
    expect(resumeValueFor(p, decision('ignore'))).toEqual({ value: { type: 'ignore', args: null } });
    expect(resumeValueFor(p, decision('reject', { feedback: 'no' }))).toEqual({ value: { type: 'response', args: 'no' } });
    expect(resumeValueFor(p, decision('approve_with_edits', { editedAction: { name: 'x', args: { a: 1 } } }))).toEqual({
      value: { type: 'edit', args: { action: 'x', args: { a: 1 } } },
    });
    expect(resumeValueFor(p, decision('approve_with_edits'))).toHaveProperty('refused');
    expect(resumeValueFor(p, decision('escalate'))).toHaveProperty('refused');
    expect(resumeValueFor(parseInterruptValue([all]), decision('approve'))).toEqual({ value: [{ type: 'accept', args: null }] });
    expect(resumeValueFor(parseInterruptValue(hi({ allow_accept: true })), decision('reject'))).toHaveProperty('refused');
  });

  it('reads answers given elsewhere back into verdicts', () => {
    expect(verdictOfResume({ type: 'accept', args: null })?.verdict).toBe('approve');
    expect(verdictOfResume([{ type: 'response', args: 'no' }])).toMatchObject({ verdict: 'reject', feedback: 'no' });
    expect(verdictOfResume({ type: 'edit', args: { action: 'y', args: { b: 2 } } })).toMatchObject({ verdict: 'approve_with_edits', editedAction: { name: 'y', args: { b: 2 } } });
    expect(verdictOfResume('yes')).toBeNull();
  });
});

describe('ids, links and filters', () => {
  it('splits external ids at the first colon only', () => {
    expect(splitExternalId('t-1:abc')).toEqual({ threadId: 't-1', interruptId: 'abc' });
    expect(splitExternalId('t:a:b')).toEqual({ threadId: 't', interruptId: 'a:b' });
    expect(splitExternalId('nocolon')).toBeNull();
    expect(splitExternalId(':x')).toBeNull();
    expect(splitExternalId('x:')).toBeNull();
  });

  it('links to the thread in Studio with the deployment as baseUrl', () => {
    expect(studioThreadUrl('http://127.0.0.1:8123/', 'abc')).toBe('https://smith.langchain.com/studio/thread/abc?baseUrl=http%3A%2F%2F127.0.0.1%3A8123');
  });

  it('turns watch entries into metadata filters: UUIDs are assistants, the rest graphs, duplicates dropped', () => {
    expect(watchFilters([])).toEqual([undefined]);
    expect(watchFilters([' agent ', 'agent', '4633b562-2f9d-55de-98e8-ed387a92a863'])).toEqual([{ graph_id: 'agent' }, { assistant_id: '4633b562-2f9d-55de-98e8-ed387a92a863' }]);
  });
});
