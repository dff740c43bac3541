#!/usr/bin/env node
// Thin launcher: the CLI is compiled to lib/ by `npm run build:cli` (run automatically by npm ci/install).
const { main } = require('../lib/cli/main.js');
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`内部错误 / internal error: ${e && e.stack ? e.stack : String(e)}\n`);
    process.exitCode = 3;
  },
);
