/**
 * docs/batch-summary.png: a batch summary workbook (npx tsx scripts/summary-screenshot.ts <summary.xlsx>)
 * drawn as an HTML table with its fills, in Debian chromium — how its first sheet reads in a spreadsheet.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { launch } from '../tests/helpers/browser';

async function main(): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(process.argv[2]) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const esc = (s: string) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
  const rows: string[] = [];
  ws.eachRow((row, n) => {
    const cells: string[] = [];
    for (let c = 1; c <= ws.columnCount; c++) {
      const cell = row.getCell(c);
      const v = cell.value;
      const text = typeof v === 'number' ? (cell.numFmt === '0.00%' ? `${(v * 100).toFixed(2)}%` : String(Math.round(v * 100) / 100)) : v === null || v === undefined ? '' : String(v);
      const fill = (cell.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;
      const style = `${fill ? `background:#${fill.slice(2)};color:#9c0006;font-weight:bold;` : ''}${typeof v === 'number' ? 'text-align:right;' : ''}`;
      cells.push(n === 1 ? `<th>${esc(text)}</th>` : `<td style="${style}">${esc(text.split('\n')[0].slice(0, 60))}</td>`);
    }
    rows.push(`<tr>${cells.join('')}</tr>`);
  });
  const html = `<html><head><meta charset="utf-8"><style>body{font:12px "Noto Sans CJK SC",sans-serif;margin:8px}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:2px 6px;white-space:nowrap}th{background:#f3f3f3}</style></head><body><table>${rows.join('')}</table></body></html>`;
  const browser = await launch();
  const page = await browser.newPage({ viewport: { width: 1500, height: 300 } });
  await page.setContent(html);
  await page.screenshot({ path: path.join(__dirname, '../docs/batch-summary.png'), fullPage: true });
  await browser.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
