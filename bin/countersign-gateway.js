#!/usr/bin/env node
// `countersign-gateway --config gateway.json [--http --port P]`: the gateway CLI (src/gateway/cli.ts), built to out/gateway/cli.js.
import { runBuilt } from './run-built.js';

await runBuilt('countersign-gateway', 'gateway/cli.js');
