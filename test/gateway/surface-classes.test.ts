// Which resources/read and prompts/get classes the gateway registers with the hub: one per rule that may apply to an
// upstream offering the feature (two rules never share one), the upstream's own when its trust sends reads to the hub,
// none for what passes. The registration itself, through the real hub: test/gateway/surface-policy.test.ts.
import { describe, expect, it } from 'vitest';
import { surfaceClassName } from '../../src/gateway/class-names.js';
import { parseConfig } from '../../src/gateway/config.js';
import { surfaceClasses, surfacePolicy, surfaceRule } from '../../src/gateway/surface/surface-policy.js';

const base = { hub: { url: 'http://127.0.0.1:8787' } };
const offersAll = () => true;

describe('surface classes', () => {
  it('gives each rule its own class, registers none for what passes, and only rules that may apply to the upstream', () => {
    const config = parseConfig({
      ...base,
      upstreams: [{ name: 'crm', command: 'x' }],
      resources: [
        { match: 'crm/customer://**', mode: 'approve' },
        { match: 'crm/public://**', factors: ['outside_lane'] },
        { match: 'crm/open://**', mode: 'pass' },
        { match: 'other/**', mode: 'approve' },
        { match: '**/secret://**', actionClass: 'secrets.read', mode: 'approve' },
      ],
    });
    const names = surfaceClasses(config, [{ name: 'crm', offers: offersAll }]).map((c) => c.name);
    expect(names).toEqual([surfaceClassName('resources/read', 'crm', 'crm/customer://**'), surfaceClassName('resources/read', 'crm', 'crm/public://**'), 'secrets.read']);
    expect(new Set(names).size).toBe(names.length);
  });

  it('uses the class it registered for each call', () => {
    const config = parseConfig({ ...base, upstreams: [{ name: 'crm', command: 'x' }], resources: [{ match: 'crm/public://**', factors: ['outside_lane'] }] });
    const rule = surfaceRule(config.resources, 'crm', 'public://doc/1');
    const p = surfacePolicy('resources/read', 'crm', undefined, rule);
    expect(p.route).toBe('hub');
    expect(p.actionClass).toEqual(surfaceClasses(config, [{ name: 'crm', offers: offersAll }])[0]);
    expect(surfacePolicy('resources/read', 'crm', undefined, surfaceRule(config.resources, 'crm', 'private://x')).route).toBe('pass');
  });

  it("registers the upstream's own class when its trust sends every read to the hub, and nothing for a feature it does not offer", () => {
    const config = parseConfig({ ...base, upstreams: [{ name: 'fs', command: 'x', trust: 'approve-all' }] });
    const classes = surfaceClasses(config, [{ name: 'fs', trust: 'approve-all', offers: (c) => c === 'prompts' }]);
    expect(classes.map((c) => [c.name, c.override])).toEqual([['mcp-prompt.fs', 'approval']]);
    expect(surfaceClasses(config, [{ name: 'fs', trust: 'no-pass', offers: offersAll }]).map((c) => [c.name, c.override, c.factors])).toEqual([
      ['mcp-resource.fs', null, []],
      ['mcp-prompt.fs', null, []],
    ]);
  });

  it('keeps resource, prompt and tool class names apart', () => {
    expect(surfaceClassName('resources/read', 'a', 'a/x')).not.toBe(surfaceClassName('prompts/get', 'a', 'a/x'));
    expect(surfaceClassName('resources/read', 'a')).not.toBe(surfaceClassName('resources/read', 'a', ''));
    expect(surfaceClassName('resources/read', 'a', 'a/x:y')).toBe('mcp-resource.a.a:u002Fx::y');
  });
});
