// A JSON-RPC error the gateway answers with as it is. The SDK's McpError puts "MCP error <code>: " into its message,
// and the client adds that prefix again when it reads the answer, so errors thrown with McpError reach the user with
// the prefix twice. The SDK's server sends any thrown error's `code`, `message` and `data`, so a plain Error with a
// numeric code arrives with exactly one prefix (the client's).
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

/**
 * An upstream's error as the upstream sent it: the gateway's own SDK client added one "MCP error <code>: " when it
 * read the answer, and only that one is removed (whatever the upstream wrote stays, so the client sees what a direct
 * connection shows).
 */
export function upstreamRpcError(code: number, message: string, data?: unknown): RpcError {
  return new RpcError(code, message.replace(/^MCP error -?\d+: /, ''), data);
}
