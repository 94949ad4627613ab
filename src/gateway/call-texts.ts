// What people and the model read about a call through the gateway: the request's summary and evidence (the
// approver), the outcome detail (the hub, so the console item), and the note an approved result carries (the model).
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ApprovalRequest, Evidence } from '../shared/domain.js';
import type { CallContext } from './call-handler.js';
import { preview } from './call-log.js';

const MAX_SUMMARY = 1_000;
/** One readable line: tool, upstream and a preview of each argument (long values shortened, control characters escaped). */
export function summarize(ctx: Pick<CallContext, 'entry' | 'args'>): string {
  const parts = Object.entries(ctx.args).map(([k, v]) => {
    if (typeof v === 'string' && v.length > 60) return `${k}=(${v.length} chars) ${preview(v, 50)}`;
    return `${k}=${preview(v, 60)}`;
  });
  // Hidden or look-alike characters in the tool's own text: the approver sees that before anything else.
  const flag = ctx.entry.flags?.length ? '[tool text has hidden characters] ' : '';
  const s = `${flag}${preview(ctx.entry.policy.tool, 80).replace(/^"|"$/g, '')} on ${ctx.entry.policy.upstream}${parts.length ? `: ${parts.join(', ')}` : ''}`;
  return s.length > MAX_SUMMARY ? `${s.slice(0, MAX_SUMMARY - 1)}…` : s;
}

export function evidence(ctx: CallContext): Evidence[] {
  const t = ctx.entry.tool;
  return [
    { title: 'MCP upstream server', text: `${ctx.upstream.name}: ${ctx.upstream.describe()}` },
    {
      title: `Tool ${t.name}`,
      text: [t.description ?? '(no description)', `annotations: ${JSON.stringify(t.annotations ?? null)}`, `gateway: ${ctx.entry.policy.why}`].join('\n'),
    },
    ...(ctx.entry.flags.length
      ? [
          {
            title: 'Warning: hidden or look-alike characters in the tool text',
            text: `${ctx.entry.flags.join('\n')}\nThe text above is what the upstream sent; the model saw these characters as badges.`,
          },
        ]
      : []),
    {
      title: 'MCP client',
      text: `${ctx.client ? `${ctx.client.name} ${ctx.client.version}` : 'unknown client'} over ${ctx.transport}${ctx.sessionId ? `, session ${ctx.sessionId}` : ''}; called as ${ctx.entry.exposedName}`,
    },
  ];
}

function firstText(r: CallToolResult): string {
  const c = r.content?.find((x) => x.type === 'text');
  return c && c.type === 'text' ? c.text.slice(0, 2_000) : '';
}

export function atSource(ctx: CallContext): string {
  return `forwarded to the upstream MCP server "${ctx.upstream.name}", ${ctx.entry.policy.tool}`;
}

/**
 * What the hub (and so the console item) is told about a forwarded call: the upstream's own answer, and for a
 * failure whose side it was. An error the upstream answered is said to come from the upstream; the gateway's own
 * (the upstream stopped, could not be reached, the call was cancelled) says so in its own words.
 */
export function outcomeDetail(ctx: CallContext, result: CallToolResult, ok: boolean): string {
  if (ok) return firstText(result);
  const ours = (result._meta?.countersign as { error?: unknown } | undefined)?.error !== undefined;
  return ours ? firstText(result) : `${atSource(ctx)} answered with an error: ${firstText(result) || '(no text)'}`;
}

/** What the model is told about the approval: only the edits that were applied (argument edits; a renamed tool is refused before this). */
export function decisionNote(req: ApprovalRequest): string {
  const d = req.decision;
  if (!d) return '';
  const applied = d.patch.filter((p) => p.path === '/args' || p.path.startsWith('/args/'));
  const edits = d.changed && applied.length ? ` with edits (${applied.map((p) => `${p.op} ${p.path}`).join(', ')})` : '';
  return `[Countersign] Approved by ${d.decidedBy}${edits}${d.feedback ? `. Note from the approver: ${d.feedback}` : ''}.`;
}
