// `npm run example:agent -- --url http://127.0.0.1:8787 --token <agent token>`
// With no arguments it starts its own hub in a temp dir and prints how to watch and decide.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { handleTickets, type Ticket } from './agent.js';

const TICKETS: Ticket[] = [
  { id: 'T-101', customer: 'Ada', email: 'ada@example.com', problem: 'damaged', orderId: 'ORD-1', orderTotal: 35 },
  { id: 'T-102', customer: 'Jonas', email: 'jonas@example.com', problem: 'damaged', orderId: 'ORD-2', orderTotal: 640 },
  { id: 'T-103', customer: 'Mei', email: 'mei@example.com', problem: 'late', orderId: 'ORD-3', orderTotal: 80 },
  { id: 'T-104', customer: 'Carlos', email: 'carlos@example.com', problem: 'question', orderId: 'ORD-4', orderTotal: 20 },
];

const { values } = parseArgs({ options: { url: { type: 'string' }, token: { type: 'string' }, wait: { type: 'string', default: '600' } } });
let url = values.url;
let token = values.token;
let close: (() => Promise<void>) | undefined;

if (!url || !token) {
  if (url || token) throw new Error('give both --url and --token, or neither to start a local hub');
  const { startHub } = await import('../../src/hub/index.js');
  const hub = await startHub({ dataDir: mkdtempSync(join(tmpdir(), 'countersign-example-')) });
  url = hub.url;
  token = hub.createToken('agent', 'example-support-agent');
  const approver = hub.createToken('approver', 'you');
  close = () => hub.close();
  console.log(`Started a hub at ${url}
Approver token: ${approver}
Watch and decide in the console (browser mode): add a hub source with that URL and token, or from a shell:
  curl -s -H "Authorization: Bearer ${approver}" "${url}/v1/changes?after=0" | jq '.changes[].request | {id, actionClass, control, status}'
  curl -s -H "Authorization: Bearer ${approver}" -H 'content-type: application/json' ${url}/v1/decisions \\
    -d '{"decisions":[{"id":"my-decision-1","requestId":"<id>","verdict":"approve","decidedAt":"'$(date -u +%FT%TZ)'"}]}'
`);
}

await handleTickets({ url, token, tickets: TICKETS, waitMs: Number(values.wait) * 1000, log: (s) => console.log(s) });
await close?.();
