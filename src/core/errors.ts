// Errors that cross the transport in the contract's RpcError shape.
import type { z } from 'zod';
import type { RpcError } from '../shared/contract.js';
import { zodIssues } from '../shared/zod-issues.js';

export class ConsoleError extends Error {
  constructor(
    readonly code: RpcError['code'],
    message: string,
    readonly issues?: RpcError['issues'],
  ) {
    super(message);
    this.name = 'ConsoleError';
  }

  toRpc(): RpcError {
    return { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) };
  }
}

export function issuesOf(err: z.ZodError): NonNullable<RpcError['issues']> {
  // The RPC caller names the value itself `(root)`; 50 issues are plenty to fix a form.
  return zodIssues(err, { root: '(root)', max: 50 });
}

/** Any thrown value as an RpcError; internal errors keep a message but no stack. */
export function toRpcError(err: unknown): RpcError {
  if (err instanceof ConsoleError) return err.toRpc();
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}
