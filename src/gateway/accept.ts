// `countersign-gateway accept <upstream>/<tool>`: an admin accepts a tool's changed definition. Appends to the accept
// file beside the state file (0600), which the running gateway reads on its next list or call to that tool.
import { appendFileSync } from 'node:fs';
import { privateFiles } from '../node-shared/private-files.js';
import type { GatewayConfig } from './config.js';
import { StateFile } from './gateway-state.js';
import { acceptFileOf } from './tool-guard.js';

export function acceptToolChange(config: GatewayConfig, tool: string, hash: string | undefined): string {
  if (!config.stateFile) throw new Error('This config has no state file, so there is nothing recorded to accept');
  if (hash !== undefined && !/^[0-9a-f]{12,64}$/.test(hash)) throw new Error('--hash must be 12 to 64 lowercase hex digits');
  const rec = StateFile.read(config.stateFile).tools[tool];
  if (!rec) throw new Error(`No recorded tool ${tool} in ${config.stateFile} (names are <upstream>/<tool>, the upstream's own tool name)`);
  const pending = rec.pending?.hash;
  if (hash === undefined && !pending) throw new Error(`${tool} has no changed definition waiting to be accepted`);
  if (hash !== undefined && pending && !pending.startsWith(hash)) throw new Error(`${tool}'s waiting definition is ${pending.slice(0, 12)}, not ${hash}`);
  const accepted = hash ?? pending!;
  const file = acceptFileOf(config.stateFile);
  appendFileSync(file, JSON.stringify({ tool, hash: accepted, at: new Date().toISOString() }) + '\n', { mode: 0o600 });
  privateFiles([file]);
  return `Accepted ${tool} definition ${accepted.slice(0, 12)}; a running gateway applies it from its next list or call to that tool.`;
}
