#!/usr/bin/env node
// `countersign-gateway --config gateway.json [--http --port P]`: runs the gateway CLI (TypeScript sources) under tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src/gateway/cli.ts');
