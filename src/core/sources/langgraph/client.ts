// The SDK client for one deployment. Retries are switched off here: the sync engine owns retry and backoff,
// so a dead server fails fast and the decision simply stays in the outbox.
import { Client } from '@langchain/langgraph-sdk';
import type { SourceConfig } from '../source.js';

export interface LangGraphClientOptions {
  /** Replaces global fetch (the benchmark counts requests with it). */
  fetch?: typeof fetch;
  /** Per-request timeout. */
  timeoutMs?: number;
}

export function createLangGraphClient(config: SourceConfig, options: LangGraphClientOptions = {}): Client {
  return new Client({
    apiUrl: config.url.replace(/\/+$/, ''),
    // null (not undefined): never pick up LANGSMITH_API_KEY or friends from this process's environment.
    apiKey: config.token ? config.token : null,
    timeoutMs: options.timeoutMs ?? 30_000,
    callerOptions: { maxRetries: 0, ...(options.fetch ? { fetch: options.fetch } : {}) },
  });
}
