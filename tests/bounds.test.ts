/**
 * Bounded work: a merge over the whole sheet, millions of empty formatted rows, a data area larger
 * than any plan, extreme numbers — each ends in a result or a clear message, fast and in bounded
 * memory, never a crash. Run through the real CLI in a child process capped at 500 MB of heap (times
 * are measured by scripts/hostile.ts, never asserted here).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { EXAMPLE } from './helpers/shared';

const CLI = path.resolve(__dirname, '../bin/plan-balancer.js');
const fresh = () => mkdtempSync(path.join(tmpdir(), 'pb-bounds-'));

/** The example with its first sheet's XML edited. */
async function edited(edit: (xml: string) => string): Promise<Buffer> {
  const zip = await JSZip.loadAsync(readFileSync(EXAMPLE));
  const part = 'xl/worksheets/sheet1.xml';
  zip.file(part, edit(await zip.file(part)!.async('string')));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** The CLI in a child process whose heap is capped at 500 MB: going over is a crash, not a pass. */
function cli(args: string[]) {
  const r = spawnSync(process.execPath, ['--max-old-space-size=500', CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('bounded reading', () => {
  it('a merge over the whole sheet (A1:XFD1048576) is cut to the data and the plan is read', async () => {
    const dir = fresh();
    const file = path.join(dir, 'merge.xlsx');
    writeFileSync(file, await edited((xml) => (xml.includes('<mergeCells') ? xml.replace(/<mergeCells count="(\d+)">/, (_, n) => `<mergeCells count="${Number(n) + 1}"><mergeCell ref="A60:XFD1048576"/>`) : xml.replace('</sheetData>', '</sheetData><mergeCells count="1"><mergeCell ref="A60:XFD1048576"/></mergeCells>'))));
    expect(readFileSync(file).length).toBeLessThan(64_000);
    const r = cli(['check', file, '--json']);
    expect(r.code, r.err).toBe(1);
    expect(JSON.parse(r.out).plan.courses).toHaveLength(32);
    expect(r.err).toMatch(/合并区域按此截取/);
    const out = path.join(dir, 'out.xlsx');
    const o = cli(['optimize', file, '-o', out, '--cap', '34']);
    expect(o.code, o.err).toBe(1);
  });

  it('3 million empty formatted rows: a clear message, not an out-of-memory crash', async () => {
    const dir = fresh();
    const file = path.join(dir, 'rows.xlsx');
    const rows: string[] = [];
    for (let r = 100; r < 3_000_100; r++) rows.push(`<row r="${r}" s="1" customFormat="1"/>`);
    writeFileSync(file, await edited((xml) => xml.replace('</sheetData>', `${rows.join('')}</sheetData>`)));
    const r = cli(['check', file]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/工作表“教学进程安排表”（xl\/worksheets\/sheet1\.xml）解压后为 \d+(\.\d+)? MB，超过本工具对单个部件的上限 5 MB/);
    expect(r.err).not.toMatch(/heap|internal/i);
  });

  it('formatted but empty rows far below the data are dropped and the plan is read', async () => {
    const dir = fresh();
    const file = path.join(dir, 'rows.xlsx');
    const rows: string[] = [];
    // 50,000 rows, 3 MB of XML: within the package budget (a million such rows is over it, as above).
    for (let r = 100; r < 50_100; r++) rows.push(`<row r="${r}" s="1" customFormat="1"><c r="A${r}" s="1"/></row>`);
    writeFileSync(file, await edited((xml) => xml.replace('</sheetData>', `${rows.join('')}</sheetData>`)));
    const r = cli(['check', file, '--json']);
    expect(r.code, r.err).toBe(1);
    expect(JSON.parse(r.out).plan.courses).toHaveLength(32);
    expect(r.err).toMatch(/格式或合并单元格远超出有数据的区域/);
  });

  it('a data area larger than any plan is refused with its size and the sheet’s name', async () => {
    const dir = fresh();
    const file = path.join(dir, 'big.xlsx');
    writeFileSync(file, await edited((xml) => xml.replace('</sheetData>', '<row r="40000"><c r="B40000"><v>1</v></c></row></sheetData>')));
    const r = cli(['check', file, '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Sheet "教学进程安排表" has data up to row 40000/);
  });
});

describe('bounded solving', () => {
  it('--total-slack 540 (the cut the conflict report names) finishes with bounded memory', () => {
    const dir = fresh();
    const script = `const { main } = require(${JSON.stringify(path.resolve(__dirname, '../lib/cli/main.js'))});
      main(['optimize', ${JSON.stringify(EXAMPLE)}, '-o', ${JSON.stringify(path.join(dir, 'o.xlsx'))}, '--total-slack', '540', '--cap', '34', '--json'], { out: () => {}, err: () => {} })
        .then((code) => console.log(JSON.stringify({ code, rss: process.resourceUsage().maxRSS * 1024 })));`;
    const started = Date.now();
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 120_000 });
    const { code, rss } = JSON.parse(r.stdout.trim().split('\n').pop()!);
    console.log(`--total-slack 540: exit ${code}, ${((Date.now() - started) / 1000).toFixed(1)} s, peak RSS ${(rss / 1024 / 1024).toFixed(0)} MB (was 6.4 GB and "solver failed")`);
    expect([0, 1]).toContain(code);
    expect(rss).toBeLessThan(700 * 1024 * 1024);
  }, 130_000);
});

describe('extreme values', () => {
  it('1e300 and 1e15 are reported at their cells and never reach a written file; 35.3 h is said, not rounded', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(EXAMPLE) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    ws.getCell('F4').value = 1e300; // a semester cell
    ws.getCell('D5').value = 1e15; // a course total
    ws.getCell('D6').value = 35.3;
    const dir = fresh();
    const file = path.join(dir, 'extreme.xlsx');
    writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
    const r = cli(['check', file, '--json']);
    const findings = JSON.parse(r.out).findings as { rule: string; cells: string[]; severity: string }[];
    expect(findings.find((f) => f.rule === 'reader.out-of-range' && f.cells[0] === 'F4')?.severity).toBe('error');
    expect(findings.find((f) => f.rule === 'reader.out-of-range' && f.cells[0] === 'D5')).toBeDefined();
    expect(findings.find((f) => f.rule === 'reader.fraction' && f.cells[0] === 'D6')?.severity).toBe('warning');
    const out = path.join(dir, 'out.xlsx');
    const o = cli(['optimize', file, '-o', out, '--cap', '34']);
    expect([0, 1], o.err).toContain(o.code);
    const zip = await JSZip.loadAsync(readFileSync(out));
    for (const p of Object.keys(zip.files).filter((x) => x.startsWith('xl/worksheets/') && !zip.files[x].dir)) expect(await zip.file(p)!.async('string')).not.toMatch(/Infinity|NaN/);
  });
});
