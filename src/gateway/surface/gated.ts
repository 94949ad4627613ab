// resources/read and prompts/get under the product's rule, like a tool: read-only by default, so they pass and are
// logged locally; a rule in `resources` / `prompts` (the fields of a tool override) sends them to the hub, where a
// human approves, edits the arguments of, or rejects them exactly as a tool call (src/gateway/call-handler.ts).
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { ErrorCode, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { preview } from '../call-log.js';
import { handleToolCall, type CallContext, type CallDeps } from '../call-handler.js';
import type { ToolOverride } from '../config.js';
import { toolTextFlags } from '../tool-flags.js';
import type { Upstream } from '../upstream.js';
import { RpcError } from '../rpc-error.js';
import { surfacePolicy, surfaceRule, type SurfaceMethod } from './surface-policy.js';

export interface GatedCall<T> {
  method: SurfaceMethod;
  upstream: Upstream;
  /** The URI or prompt name on the upstream: what the rules' `match` sees after `<upstream>/`. */
  key: string;
  args: Record<string, unknown>;
  /** Runs on the upstream with the (possibly approver-edited) arguments. */
  run: (args: Record<string, unknown>, options: RequestOptions) => Promise<T>;
  /** Session facts for the approver's evidence, the signal and progress. */
  ctx: Pick<CallContext, 'client' | 'sessionId' | 'transport' | 'signal' | 'shutdown' | 'progress'>;
}

function text(r: CallToolResult): string {
  return (r.content ?? [])
    .map((c) => (c.type === 'text' ? c.text : ''))
    .filter(Boolean)
    .join(' ');
}

export async function gated<T>(call: GatedCall<T>, rules: ToolOverride[], deps: CallDeps): Promise<T> {
  const { method, upstream, key } = call;
  // The upstream's trust applies here too: under no-pass or approve-all a "read-only" read does not skip the hub.
  // The class is one the gateway registered (surfaceClasses), in its own namespace apart from tools' mcp.<upstream>.<tool>.
  const policy = surfacePolicy(method, upstream.name, upstream.config.trust, surfaceRule(rules, upstream.name, key));
  // What the approver's evidence shows as "the tool".
  const tool: Tool = { name: method, description: `${method} ${key}`, inputSchema: { type: 'object' }, annotations: { readOnlyHint: true } };
  if (policy.route === 'pass') {
    const r = await call.run(call.args, { signal: call.ctx.signal, timeout: deps.config.upstreamTimeoutSeconds * 1000, resetTimeoutOnProgress: true });
    deps.log.write({ event: 'pass', method, upstream: upstream.name, key: preview(key, 200), why: policy.why });
    return r;
  }
  let ran: { value: T } | null = null;
  const target = {
    name: upstream.name,
    describe: () => upstream.describe(),
    callTool: async (_name: string, args: Record<string, unknown>, options: RequestOptions): Promise<CallToolResult> => {
      ran = { value: await call.run(args, options) };
      return { content: [] };
    },
  };
  const result = await handleToolCall(
    { ...call.ctx, entry: { exposedName: `${method} ${key}`, tool, policy, flags: toolTextFlags({ name: method, description: key }) }, upstream: target, args: call.args },
    deps,
  );
  const done = ran as { value: T } | null;
  if (result.isError || !done) throw new RpcError(ErrorCode.InvalidRequest, text(result) || `${method} ${key} was not run`);
  return done.value;
}
