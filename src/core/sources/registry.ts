// One place that turns a source's configuration into the Source that speaks its protocol.
import type { Source, SourceConfig } from './source.js';
import { createHubSource, type SourceDeps } from './hub/index.js';
import { createLangGraphSource } from './langgraph/index.js';

export function createSource(config: SourceConfig, deps: SourceDeps = {}): Source {
  switch (config.kind) {
    case 'hub':
      return createHubSource(config, deps);
    case 'langgraph':
      return createLangGraphSource(config, deps);
    default: {
      // Every typed kind is handled above (config is never here); only a config from outside the types gets here.
      const kind: unknown = (config as { kind?: unknown }).kind;
      throw new Error(`No source implementation for kind "${String(kind)}"`);
    }
  }
}
