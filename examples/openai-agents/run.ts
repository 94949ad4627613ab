// `npm run example:openai-agents -- --url http://127.0.0.1:8787 --token <agent token> [--model gpt-4.1-mini]`
// With no --url/--token it starts its own hub in a temp dir and prints how to decide. Without --model it uses a
// scripted demo model (no network, no key); with one it needs OPENAI_API_KEY.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setTracingDisabled } from '@openai/agents';
import { handleTicket } from './agent.js';
import { startLocalHub } from '../support-agent/local-hub.js';

const { values } = parseArgs({ options: { url: { type: 'string' }, token: { type: 'string' }, model: { type: 'string' }, wait: { type: 'string', default: '600' } } });
const local = values.url || values.token ? null : await startLocalHub(mkdtempSync(join(tmpdir(), 'countersign-openai-agents-')), 'openai-agents-example');
const url = values.url ?? local?.url;
const token = values.token ?? local?.token;
if (!url || !token) throw new Error('give both --url and --token, or neither to start a local hub');

// The demo model needs no OpenAI account, so nothing is traced to one either.
if (!values.model) setTracingDisabled(true);

const tickets = [
  { runId: 'ticket-T-201', ticket: 'T-201: Ada says order ORD-1 arrived damaged and asks for a refund.' },
  { runId: 'ticket-T-202', ticket: 'T-202: Jonas says order ORD-2 arrived damaged and asks for a refund.' },
];
await Promise.all(
  tickets.map(async (t) => {
    const { answer, approvals } = await handleTicket({ url, token, ...t, model: values.model, waitMs: Number(values.wait) * 1000 });
    for (const a of approvals)
      console.log(
        `[${t.runId}] ${a.toolName}: ${a.status}, ${a.applied}${a.edited ? ' (edited)' : ''}${a.outcome ? `, outcome ${a.outcome.status}` : ''} (request ${a.requestId})`,
      );
    console.log(`[${t.runId}] ${answer}`);
  }),
);
await local?.close();
