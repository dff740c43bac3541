#!/usr/bin/env node
// Thin launcher: the CLI is compiled to lib/ by `npm run build:cli` (run automatically by npm ci/install).
require('../lib/cli/main.js').runMain(process.argv.slice(2));
