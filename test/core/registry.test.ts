// combine() against the real contract: one handler per method, or the console does not start.
import { describe, expect, it } from 'vitest';
import { combine, type Handler, type Part } from '../../src/core/registry.js';
import { coreMethods, methods } from '../../src/shared/contract.js';
import { insightsMethods } from '../../src/shared/insights/contract.js';
import { policyMethods } from '../../src/shared/policy-view/contract.js';

const unused = (): never => {
  throw new Error('not called here');
};
// A part serving exactly the given methods (combine only looks at which names are served).
const partFor = (names: string[]): Part => Object.fromEntries(names.map((n) => [n, unused]));
const coreNames = Object.keys(coreMethods);
// The parts besides the core's own: insights and policy.
const insightsNames = [...Object.keys(insightsMethods), ...Object.keys(policyMethods)];

describe('combine', () => {
  it('takes parts that together serve every contract method once', () => {
    const registry = combine(partFor(coreNames), partFor(insightsNames));
    expect(Object.keys(registry).sort()).toEqual(Object.keys(methods).sort());
    expect(Object.isFrozen(registry)).toBe(true);
  });

  it('rejects a method served twice', () => {
    expect(() => combine(partFor(coreNames), partFor(insightsNames), partFor(['queue.counts']))).toThrow('queue.counts is served twice');
  });

  it('rejects a contract method that nobody serves, naming each', () => {
    const withoutTwo = coreNames.filter((n) => n !== 'item.decide' && n !== 'settings.set');
    expect(() => combine(partFor(withoutTwo), partFor(insightsNames))).toThrow('nobody serves item.decide, settings.set');
    expect(() => combine(partFor(coreNames))).toThrow(/nobody serves insights\./);
  });

  it('rejects a handler for a method the contract does not have, prototype names included', () => {
    for (const name of ['queue.nuke', 'toString', 'constructor'])
      expect(() => combine(partFor(coreNames), partFor(insightsNames), partFor([name]))).toThrow(`a handler for ${name}, which is not in the contract`);
  });

  it('rejects a handler that is not a function', () => {
    const broken: Record<string, unknown> = { ...partFor(coreNames), 'sync.now': { ok: true } };
    expect(() => combine(broken as Part, partFor(insightsNames))).toThrow('the handler for sync.now is not a function');
  });

  it("hands back each part's own handler, typed by its method", async () => {
    // Compile-time too: a handler gets its method's parsed input (defaults applied) and must answer its output.
    const counts: Handler<'queue.counts'> = () => ({ approvals: 0, reviews: 0, audit: 0, escalations: 0, decided: 0, waiting: 0, outbox: 0 });
    const list: Handler<'queue.list'> = (q) => ({ total: q.limit, items: [] });
    const rest = partFor(coreNames.filter((n) => n !== 'queue.counts' && n !== 'queue.list'));
    const registry = combine(rest, { 'queue.counts': counts, 'queue.list': list }, partFor(insightsNames));
    expect(registry['queue.counts']).toBe(counts);
    expect(await registry['queue.list']({ lane: 'approvals', offset: 0, limit: 7 })).toEqual({ total: 7, items: [] });
  });
});
