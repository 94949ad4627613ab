// `npm run example:agent -- --url http://127.0.0.1:8787 --token <agent token>`
// With no arguments it starts its own hub in a temp dir and prints how to watch and decide.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { handleTickets, type Ticket } from './agent.js';
import { startLocalHub } from './local-hub.js';

const TICKETS: Ticket[] = [
  { id: 'T-101', customer: 'Ada', email: 'ada@example.com', problem: 'damaged', orderId: 'ORD-1', orderTotal: 35 },
  { id: 'T-102', customer: 'Jonas', email: 'jonas@example.com', problem: 'damaged', orderId: 'ORD-2', orderTotal: 640 },
  { id: 'T-103', customer: 'Mei', email: 'mei@example.com', problem: 'late', orderId: 'ORD-3', orderTotal: 80 },
  { id: 'T-104', customer: 'Carlos', email: 'carlos@example.com', problem: 'question', orderId: 'ORD-4', orderTotal: 20 },
];

const { values } = parseArgs({ options: { url: { type: 'string' }, token: { type: 'string' }, wait: { type: 'string', default: '600' } } });
const local = values.url || values.token ? null : await startLocalHub(mkdtempSync(join(tmpdir(), 'countersign-example-')), 'example-support-agent');
const url = values.url ?? local?.url;
const token = values.token ?? local?.token;
if (!url || !token) throw new Error('give both --url and --token, or neither to start a local hub');

await handleTickets({ url, token, tickets: TICKETS, waitMs: Number(values.wait) * 1000, log: (s) => console.log(s) });
await local?.close();
