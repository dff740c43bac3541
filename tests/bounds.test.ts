/**
 * Bounded work: a merge over the whole sheet, millions of empty formatted rows, a data area larger
 * than any plan, extreme numbers — each ends in a result or a clear message, fast and in bounded
 * memory, never a crash. Run through the real CLI in a child process capped at 500 MB of heap.
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

function cli(args: string[]) {
  const started = Date.now();
  const r = spawnSync(process.execPath, ['--max-old-space-size=500', CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr, seconds: (Date.now() - started) / 1000 };
}

describe('bounded reading', () => {
  it('a merge over the whole sheet (A1:XFD1048576) is cut to the data: the plan is read in seconds', async () => {
    const dir = fresh();
    const file = path.join(dir, 'merge.xlsx');
    writeFileSync(file, await edited((xml) => (xml.includes('<mergeCells') ? xml.replace(/<mergeCells count="(\d+)">/, (_, n) => `<mergeCells count="${Number(n) + 1}"><mergeCell ref="A60:XFD1048576"/>`) : xml.replace('</sheetData>', '</sheetData><mergeCells count="1"><mergeCell ref="A60:XFD1048576"/></mergeCells>'))));
    expect(readFileSync(file).length).toBeLessThan(64_000);
    const r = cli(['check', file, '--json']);
    expect(r.code, r.err).toBe(1);
    expect(JSON.parse(r.out).plan.courses).toHaveLength(32);
    expect(r.err).toMatch(/合并区域按此截取/);
    expect(r.seconds).toBeLessThan(10);
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
    expect(r.err).toMatch(/MB/);
    expect(r.err).not.toMatch(/heap|internal/i);
    expect(r.seconds).toBeLessThan(10);
  });

  it('a million formatted but empty rows are dropped and the plan is read', async () => {
    const dir = fresh();
    const file = path.join(dir, 'rows.xlsx');
    const rows: string[] = [];
    for (let r = 100; r < 500_100; r++) rows.push(`<row r="${r}" s="1" customFormat="1"><c r="A${r}" s="1"/></row>`);
    writeFileSync(file, await edited((xml) => xml.replace('</sheetData>', `${rows.join('')}</sheetData>`)));
    const r = cli(['check', file, '--json']);
    expect(r.code, r.err).toBe(1);
    expect(JSON.parse(r.out).plan.courses).toHaveLength(32);
    expect(r.seconds).toBeLessThan(10);
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
