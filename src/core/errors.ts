// Errors that cross the transport in the contract's RpcError shape.
import type { z } from 'zod';
import type { RpcError } from '../shared/contract.js';

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
  return err.issues.slice(0, 50).map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
}

/** Any thrown value as an RpcError; internal errors keep a message but no stack. */
export function toRpcError(err: unknown): RpcError {
  if (err instanceof ConsoleError) return err.toRpc();
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}
