/**
 * Builds examples/ecommerce-2024.xlsx from ../shared/data/ecommerce-2024.csv, laid out like the seed
 * plan's table (section 十): title, two header rows with a (学时, 学分) pair per semester, categories
 * merged down, 合计 and 占比% rows per category, a grand total and a note. Placements the seed does
 * not give stay empty; sub-total rows carry the values the seed prints.
 *
 *   npx tsx scripts/make-example.ts [csv] [out.xlsx]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSeedStyleWorkbook, parseCourseCsv } from '../src/xlsx/example';

async function main(): Promise<void> {
  const csv = process.argv[2] ?? path.join(__dirname, '../../shared/data/ecommerce-2024.csv');
  const out = process.argv[3] ?? path.join(__dirname, '../examples/ecommerce-2024.xlsx');
  const wb = buildSeedStyleWorkbook(parseCourseCsv(readFileSync(csv, 'utf8')));
  await wb.xlsx.writeFile(out);
  console.log(`wrote ${out}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
