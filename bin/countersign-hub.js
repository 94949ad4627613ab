#!/usr/bin/env node
// `countersign-hub [--port P] [--data DIR] ...`: the hub CLI (src/hub/cli.ts), built to out/hub/cli.js.
import { runBuilt } from './run-built.js';

await runBuilt('countersign-hub', 'hub/cli.js');
