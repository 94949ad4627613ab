// The gateway's mapping of MCP annotations and config overrides onto the shared two-factor rule.
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/shared/policy.js';
import { buildCatalog } from '../../src/gateway/catalog.js';
import { ConfigError, parseConfig, resolveTokens } from '../../src/gateway/config.js';
import { defaultClassName, toolPolicy } from '../../src/gateway/tool-policy.js';

const action = { name: 't', args: {} };
const fsWrite = { name: 'write_file', annotations: { readOnlyHint: false, idempotentHint: true, destructiveHint: true, openWorldHint: false } };
const fsMkdir = { name: 'create_directory', annotations: { readOnlyHint: false, idempotentHint: true, destructiveHint: false, openWorldHint: false } };
const fsRead = { name: 'read_text_file', annotations: { readOnlyHint: true, openWorldHint: false } };

describe('tool policy from annotations', () => {
  it('passes read-only tools without the hub', () => {
    const p = toolPolicy('fs', fsRead, []);
    expect(p.route).toBe('pass');
    expect(p.actionClass.factors).toEqual([]);
  });

  it('needs approval for a destructive write (irreversible + outside_lane)', () => {
    const p = toolPolicy('fs', fsWrite, []);
    expect(p.route).toBe('hub');
    expect(p.actionClass.name).toBe('mcp.fs.write_file');
    expect(p.actionClass.factors.sort()).toEqual(['irreversible', 'outside_lane']);
    expect(classify(p.actionClass, action).control).toBe('approval');
  });

  it('runs a non-destructive closed-world change in the review lane', () => {
    const p = toolPolicy('fs', fsMkdir, []);
    expect(p.actionClass.factors).toEqual(['outside_lane']);
    expect(classify(p.actionClass, action).control).toBe('review');
  });

  it('applies the spec defaults for hints left out (destructive and open-world)', () => {
    const p = toolPolicy('web', { name: 'post', annotations: { readOnlyHint: false } }, []);
    expect(p.actionClass.factors.sort()).toEqual(['irreversible', 'outside_lane', 'weak_ground_truth']);
  });

  it('fails closed to approval for a tool with no annotations (or only a title)', () => {
    for (const annotations of [undefined, {}, { title: 'Nice tool' }]) {
      const p = toolPolicy('x', { name: 'mystery', annotations }, []);
      expect(p.route).toBe('hub');
      expect(classify(p.actionClass, action).control).toBe('approval');
      expect(p.why).toContain('fails closed');
    }
  });

  it('makes class names safe for the hub', () => {
    expect(defaultClassName('gh', 'repo/create issue!')).toBe('mcp.gh.repo_create_issue_');
  });
});

describe('per-tool overrides by glob over <upstream>/<tool>', () => {
  it('forces pass, approval or a lane, and renames the class', () => {
    expect(toolPolicy('fs', fsWrite, [{ match: 'fs/write_*', mode: 'pass' }]).route).toBe('pass');
    const approve = toolPolicy('fs', fsRead, [{ match: '*/read_*', mode: 'approve' }]);
    expect(approve.route).toBe('hub');
    expect(classify(approve.actionClass, action).control).toBe('approval');
    const audit = toolPolicy('fs', fsWrite, [{ match: 'fs/*', mode: 'audit', actionClass: 'files.write', auditSampleRate: 0.5 }]);
    expect(audit.actionClass.name).toBe('files.write');
    expect(classify(audit.actionClass, action).control).toBe('audit');
  });

  it('replaces factors and adds conditional ones; the first matching override wins', () => {
    const p = toolPolicy('fs', fsMkdir, [
      {
        match: 'fs/create_*',
        mode: 'classify',
        factors: ['outside_lane'],
        conditionalFactors: [{ factor: 'policy_legal', when: [{ path: 'args.path', op: 'matches', value: '^/legal/' }] }],
      },
      { match: 'fs/*', mode: 'pass' },
    ]);
    expect(p.route).toBe('hub');
    expect(classify(p.actionClass, { name: 'create_directory', args: { path: '/legal/x' } }).control).toBe('approval');
    expect(classify(p.actionClass, { name: 'create_directory', args: { path: '/tmp/x' } }).control).toBe('review');
  });

  it('does not match across upstreams', () => {
    expect(toolPolicy('other', fsWrite, [{ match: 'fs/*', mode: 'pass' }]).route).toBe('hub');
  });
});

describe('catalog names', () => {
  const lists = [
    {
      upstream: 'a',
      tools: [
        { name: 'search', inputSchema: { type: 'object' as const } },
        { name: 'only_a', inputSchema: { type: 'object' as const } },
      ],
    },
    { upstream: 'b', tools: [{ name: 'search', inputSchema: { type: 'object' as const } }] },
  ];
  it('prefixes only colliding names by default', () => {
    const c = buildCatalog({ prefix: 'collisions', tools: [] }, lists);
    expect(c.entries.map((e) => e.exposedName).sort()).toEqual(['a__search', 'b__search', 'only_a']);
    expect(c.byName.get('b__search')!.policy.upstream).toBe('b');
  });
  it('prefixes every tool with prefix: always', () => {
    const c = buildCatalog({ prefix: 'always', tools: [] }, lists);
    expect(c.entries.map((e) => e.exposedName).sort()).toEqual(['a__only_a', 'a__search', 'b__search']);
  });
});

describe('config validation', () => {
  const ok = { hub: { url: 'http://127.0.0.1:8787' }, upstreams: [{ name: 'fs', command: 'node', args: ['x.js'] }] };
  it('fills defaults', () => {
    const c = parseConfig(ok);
    expect(c.prefix).toBe('collisions');
    expect(c.waitTimeoutSeconds).toBe(600);
    expect(c.hub.registerClasses).toBe('missing');
  });
  it('names every bad field', () => {
    try {
      parseConfig({ hub: { url: 'not a url' }, upstreams: [{ name: 'bad name', command: 'x' }], tools: [{ match: '*', mode: 'maybe' }], extra: 1 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const m = (e as Error).message;
      expect(m).toContain('hub.url');
      expect(m).toContain('tools.0.mode');
      expect(m).toMatch(/upstreams\.0/);
    }
  });
  it('refuses duplicate upstream names and a missing token', () => {
    expect(() => parseConfig({ ...ok, upstreams: [ok.upstreams[0], ok.upstreams[0]] })).toThrow(/used twice/);
    expect(() => resolveTokens(parseConfig(ok), {})).toThrow(/COUNTERSIGN_AGENT_TOKEN/);
    expect(resolveTokens(parseConfig(ok), { COUNTERSIGN_AGENT_TOKEN: 't' }).agentToken).toBe('t');
  });
});
