#!/usr/bin/env node
// Thin launcher: the CLI is compiled to lib/ by `npm run build:cli` (run automatically by npm ci/install).
const args = process.argv.slice(2);
// Optimizing: the solving engine starts loading now, alongside the workbook library and the file.
if (args[0] === 'optimize') {
  const at = args.findIndex((a) => a === '--solver' || a.startsWith('--solver='));
  const choice = at < 0 ? 'auto' : args[at].includes('=') ? args[at].split('=')[1] : args[at + 1];
  require('../lib/node/solver.js').prewarm(choice);
}
require('../lib/cli/main.js').runMain(args);
