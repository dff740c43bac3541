/**
 * npm run bench:hostile — the limits, measured. Prints the largest real plan's figures (×50 = the
 * limits in src/xlsx/limits.ts), then runs every hostile case of issue 23 and the largest workbook the
 * limits accept through the built CLI in a fresh process each, with its wall time, peak memory (RSS)
 * and exit code. Tests assert the messages and exit codes; the times and memory are measured here.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { MAX_CELLS, MAX_DATA_ROWS, MAX_PACKAGE_BYTES, MAX_PART_BYTES, MAX_PARTS, sizeText } from '../src/xlsx/limits';
import { bomb, denseSheet, exampleParts, exampleWith, writeZip } from '../tests/helpers/bombs';
import { EXAMPLE, hasShared, sharedPath } from '../tests/helpers/shared';

const MAIN = path.resolve(__dirname, '../lib/cli/main.js');
const dir = mkdtempSync(path.join(tmpdir(), 'pb-hostile-bench-'));

const CLI = path.resolve(__dirname, '../bin/plan-balancer.js');
const TIME = '/usr/bin/time';

/** One command of the real CLI in a fresh process: exit code, seconds, peak RSS in MB (GNU time), its first words. */
function run(args: string[]): { code: number; seconds: number; rssMb: number; said: string } {
  const timed = existsSync(TIME);
  const t0 = Date.now();
  const r = timed
    ? spawnSync(TIME, ['-f', 'PEAK %M', process.execPath, CLI, ...args], { encoding: 'utf8', timeout: 300_000 })
    : spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 300_000 });
  const seconds = (Date.now() - t0) / 1000;
  const lines = (r.stderr ?? '').split('\n').filter(Boolean);
  const peak = lines.map((l) => /^PEAK (\d+)$/.exec(l)).find(Boolean);
  const said = lines.filter((l) => !/^PEAK |^Command exited/.test(l)).join(' ').slice(0, 110);
  return { code: r.status ?? -1, seconds, rssMb: peak ? Number(peak[1]) / 1024 : NaN, said };
}

async function realFigures(): Promise<void> {
  if (!hasShared) return console.log('(../shared not beside this clone: real plans not measured)');
  const rows: string[] = [];
  for (const f of ['bigdata-2022-draft', 'fashion-3plus2-2020-word-table', 'fashion-design-2020-word-table', 'marketing-2020-word-table']) {
    const data = readFileSync(sharedPath(`data/real/${f}.xlsx`));
    const zip = await JSZip.loadAsync(data);
    const entries = Object.values(zip.files).filter((e) => !e.dir);
    const sizes = await Promise.all(entries.map(async (e) => (await e.async('uint8array')).length));
    let cells = 0;
    let merged = 0;
    let maxRow = 0;
    for (const e of entries.filter((x) => /worksheets\/[^/]+\.xml$/.test(x.name))) {
      const xml = await e.async('string');
      cells += (xml.match(/<c\b/g) ?? []).length;
      for (const m of xml.matchAll(/<mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"/g)) {
        const col = (s: string) => [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
        merged += (Number(m[4]) - Number(m[2]) + 1) * (col(m[3]) - col(m[1]) + 1);
      }
      for (const m of xml.matchAll(/<c\b[^>]*\br="[A-Z]+(\d+)"[^>]*>\s*<(v|f|is)\b/g)) maxRow = Math.max(maxRow, Number(m[1]));
    }
    const t = run(['check', sharedPath(`data/real/${f}.xlsx`), '--json']);
    rows.push(`| ${f} | ${sizeText(data.length)} | ${entries.length} | ${sizeText(sizes.reduce((a, b) => a + b, 0))} | ${sizeText(Math.max(...sizes))} | ${maxRow} | ${cells} + ${merged} | ${t.seconds.toFixed(1)} s, ${t.rssMb.toFixed(0)} MB |`);
  }
  console.log('| real plan | file | parts | unpacked | largest part | data rows | cells + merged | check |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
  console.log(`limits: package ${sizeText(MAX_PACKAGE_BYTES)}, part ${sizeText(MAX_PART_BYTES)}, parts ${MAX_PARTS}, cells ${MAX_CELLS}, rows ${MAX_DATA_ROWS}\n`);
}

/** The example with 5,600 more course rows: near the 6,000-row limit, a table the reader really reads. */
async function longPlan(save: (name: string, data: Uint8Array) => string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(EXAMPLE) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const src = ws.getRow(10).values as ExcelJS.CellValue[];
  ws.insertRows(11, Array.from({ length: 5600 }, (_, k) => [src[1], src[2], `选修课程${k}`, ...src.slice(4)]));
  return save('long.xlsx', new Uint8Array(await wb.xlsx.writeBuffer()));
}

async function main(): Promise<void> {
  if (!existsSync(MAIN)) throw new Error('build the CLI first: npm run build:cli');
  await realFigures();
  const save = (name: string, data: Uint8Array) => {
    const f = path.join(dir, name);
    writeFileSync(f, data);
    return f;
  };
  const dense = denseSheet(19_000, 115);
  const denseFile = save('dense.xlsx', await exampleWith({ name: 'xl/worksheets/sheet1.xml', data: dense.data, method: 8, size: dense.size }));
  const parts = (await exampleParts()).filter((p) => !/worksheets\/sheet1\.xml$/.test(p.name));
  // About the largest sheet the limits accept: 600 rows × 300 cells of data (180,000 cells, 4.3 MB of
  // XML: the 5 MB part limit binds before the 250,000-cell one for cells with addresses).
  const letters = (c: number) => (c >= 26 ? String.fromCharCode(64 + Math.floor(c / 26)) : '') + String.fromCharCode(65 + (c % 26));
  const row = (r: number) => `<row r="${r}">${Array.from({ length: 300 }, (_, c) => `<c r="${letters(c)}${r}"><v>${(r + c) % 9}</v></c>`).join('')}</row>`;
  const bigXml = `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${Array.from({ length: 600 }, (_, r) => row(r + 1)).join('')}</sheetData></worksheet>`;
  const largest = save('largest-accepted.xlsx', writeZip([...parts, { name: 'xl/worksheets/sheet1.xml', data: deflateRawSync(Buffer.from(bigXml)), method: 8, size: Buffer.byteLength(bigXml) }]));
  const cases: [string, string[]][] = [
    ['the example (baseline)', ['check', EXAMPLE]],
    ['bomb: theme 1.1 GB', ['check', save('theme.xlsx', await exampleWith(await bomb('xl/theme/theme1.xml', 1100)))]],
    ['bomb: sharedStrings 600 MB, declared 4 KB', ['check', save('shared.xlsx', await exampleWith(await bomb('xl/sharedStrings.xml', 600, 4000)))]],
    ['bomb: styles 600 MB', ['check', save('styles.xlsx', await exampleWith(await bomb('xl/styles.xml', 600)))]],
    ['bomb: unrelated part 1.1 GB, declared 100 B', ['check', save('unrelated.xlsx', await exampleWith(await bomb('customXml/item1.bin', 1100, 100)))]],
    ['bomb: sheet as /xl/worksheets/sheet1.xml', ['check', save('slash.xlsx', await exampleWith({ ...(await bomb('xl/worksheets/sheet1.xml', 300, 2000)), name: '/xl/worksheets/sheet1.xml' }))]],
    ['19,000 × 115 sheet', ['check', denseFile]],
    ['four 19,000 × 115 sheets', ['check', save('four.xlsx', writeZip([...parts, ...[1, 2, 3, 4].map((k) => ({ name: `xl/worksheets/sheet${k}.xml`, data: dense.data, method: 8 as const, size: dense.size }))]))]],
    ['largest accepted: 600 × 300 = 180,000 cells', ['check', largest]],
    ['a plan of 5,600 courses (5,647 rows)', ['check', await longPlan(save)]],
    ['the same, optimize --time-limit 30', ['optimize', path.join(dir, 'long.xlsx'), '-o', path.join(dir, 'long-out.xlsx'), '--time-limit', '30']],
    ['/dev/zero', ['check', '/dev/zero']],
  ];
  console.log('| case | exit | time | peak RSS | said |');
  console.log('|---|---|---|---|---|');
  for (const [what, args] of cases) {
    const r = run(args);
    console.log(`| ${what} | ${r.code} | ${r.seconds.toFixed(1)} s | ${r.rssMb.toFixed(0)} MB | ${r.said.replace(/\|/g, '/')} |`);
  }
  rmSync(dir, { recursive: true, force: true });
}

void main();
