// `npm run example:vercel-ai -- --url http://127.0.0.1:8787 --token <agent token>`
// With no --url/--token it starts its own hub in a temp dir and prints how to decide. The model is a scripted demo
// model (no network); pass a real LanguageModel to handleTicket() to use one.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { handleTicket } from './agent.js';
import { startLocalHub } from '../support-agent/local-hub.js';

const { values } = parseArgs({ options: { url: { type: 'string' }, token: { type: 'string' }, wait: { type: 'string', default: '600' } } });
const local = values.url || values.token ? null : await startLocalHub(mkdtempSync(join(tmpdir(), 'countersign-vercel-ai-')), 'vercel-ai-example');
const url = values.url ?? local?.url;
const token = values.token ?? local?.token;
if (!url || !token) throw new Error('give both --url and --token, or neither to start a local hub');

const tickets = [
  { runId: 'ticket-T-301', ticket: 'T-301: Ada says order ORD-1 arrived damaged and asks for a refund.' },
  { runId: 'ticket-T-302', ticket: 'T-302: Jonas says order ORD-2 arrived damaged and asks for a refund.' },
];
await Promise.all(
  tickets.map(async (t) => {
    const { answer, approvals } = await handleTicket({ url, token, ...t, waitMs: Number(values.wait) * 1000 });
    for (const a of approvals) console.log(`[${t.runId}] ${a.toolName}: ${a.status}, ${a.applied}${a.outcome ? `, outcome ${a.outcome.status}` : ''} (request ${a.requestId})`);
    console.log(`[${t.runId}] ${answer}`);
  }),
);
await local?.close();
