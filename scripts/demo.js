// npm run demo: checks the bundled example workbook, then optimizes it at the seed's own 34 h/week
// and writes out/ecommerce-2024.optimized.xlsx. Exit code 1 from the tool only means "the plan has
// errors / rules conflict" — showing that is the demo's point, so it is not a failure here.
const path = require('node:path');
const { main } = require('../lib/cli/main.js');

const root = path.join(__dirname, '..');
const example = path.join(root, 'examples', 'ecommerce-2024.xlsx');
const out = path.join(root, 'out', 'ecommerce-2024.optimized.xlsx');
const lang = process.argv.includes('--en') ? 'en' : 'zh';
const rule = (title) => console.log(`\n${'═'.repeat(8)} ${title} ${'═'.repeat(8)}\n`);

(async () => {
  rule(lang === 'en' ? '1. check' : '1. 检查');
  let code = await main(['check', example, '--lang', lang]);
  if (code === 2) return (process.exitCode = 2);
  rule(lang === 'en' ? '2. optimize at the cap of 28 (the norm): the conflict report' : '2. 按周学时上限 28 优化：冲突报告');
  code = await main(['optimize', example, '-o', out, '--cap', '28', '--lang', lang]);
  if (code === 2) return (process.exitCode = 2);
  rule(lang === 'en' ? '3. optimize at 34 h/week (what the seed plan actually uses)' : '3. 按周学时 34 优化（种子方案实际使用的周学时）');
  code = await main(['optimize', example, '-o', out, '--cap', '34', '--lang', lang]);
  process.exitCode = code === 2 ? 2 : 0;
})();
