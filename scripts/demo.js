// npm run demo: checks the bundled example workbook and prints the report. Exit code 1 from the
// checker only means "the plan has errors" — that is the demo's point, so it is not a failure here.
const path = require('node:path');
const { main } = require('../lib/cli/main.js');

const example = path.join(__dirname, '..', 'examples', 'ecommerce-2024.xlsx');
const lang = process.argv.includes('--en') ? 'en' : 'zh';

(async () => {
  const code = await main(['check', example, '--lang', lang]);
  process.exitCode = code === 2 ? 2 : 0;
})();
