// The console's Node-side sha256 (hex), handed to the shared log-chain code, which must stay free of node:crypto.
import { createHash } from 'node:crypto';

export const sha256Hex = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');
