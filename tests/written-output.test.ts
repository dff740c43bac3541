/**
 * The output file: never written through a link or over a read-only file, its mode kept when it is
 * replaced; the school's notes (however written), custom properties and data validation come back
 * as they were, a note already on a marked cell above ours.
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli';
import { EXAMPLE } from './helpers/shared';

const FIXTURES = path.resolve(__dirname, 'fixtures');

const fresh = () => mkdtempSync(path.join(tmpdir(), 'pb-output-'));
/** The text of XML, its tags and formatting runs left out (LibreOffice splits a note into runs by font). */
const untagged = (xml: string) => xml.replace(/<rPr>[\s\S]*?<\/rPr>/g, '').replace(/<[^>]+>/g, '').replace(/&amp;/g, '&');

describe('where the output goes', () => {
  it('-o naming a link is refused, and the file it points to is untouched', async () => {
    const dir = fresh();
    const victim = path.join(dir, 'someone-else.xlsx');
    writeFileSync(victim, 'precious');
    const link = path.join(dir, 'out.xlsx');
    symlinkSync(victim, link);
    const r = await cli(['optimize', EXAMPLE, '-o', link, '--cap', '34']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/是一个链接/);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
  });

  it('a batch whose output folder holds a link to one of its inputs writes nothing over that input', async () => {
    const dir = fresh();
    const inDir = path.join(dir, 'in');
    const outDir = path.join(dir, 'out');
    mkdirSync(inDir);
    mkdirSync(outDir);
    copyFileSync(EXAMPLE, path.join(inDir, 'a.xlsx'));
    copyFileSync(EXAMPLE, path.join(inDir, 'b.xlsx'));
    const before = readFileSync(path.join(inDir, 'b.xlsx'));
    symlinkSync(path.join(inDir, 'b.xlsx'), path.join(outDir, 'a.optimized.xlsx'));
    const r = await cli(['optimize', inDir, '--out-dir', outDir, '--cap', '34']);
    expect(r.code).toBe(2);
    expect(readFileSync(path.join(inDir, 'b.xlsx')).equals(before)).toBe(true);
  });

  it('a read-only output is not replaced; a replaced output keeps its mode', async () => {
    const dir = fresh();
    const locked = path.join(dir, 'locked.xlsx');
    writeFileSync(locked, 'old');
    chmodSync(locked, 0o444);
    const r = await cli(['optimize', EXAMPLE, '-o', locked, '--cap', '34']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/只读/);
    expect(readFileSync(locked, 'utf8')).toBe('old');

    const mine = path.join(dir, 'private.xlsx');
    writeFileSync(mine, 'old');
    chmodSync(mine, 0o600);
    expect((await cli(['optimize', EXAMPLE, '-o', mine, '--cap', '34'])).code).toBe(1);
    expect(statSync(mine).mode & 0o777).toBe(0o600);
    expect(readFileSync(mine).subarray(0, 2).toString('latin1')).toBe('PK');
  });
});

describe('what the school put in the file', () => {
  it.each(['openpyxl-comments.xlsx', 'libreoffice-everything.xlsx'])('%s: comments with their text, custom properties, data validation once', async (name) => {
    const file = path.join(FIXTURES, name);
    const out = path.join(fresh(), 'out.xlsx');
    const r = await cli(['optimize', file, '-o', out, '--free-locked', '--cap', '30', '--json']);
    expect([0, 1]).toContain(r.code);
    const [z0, z1] = [await JSZip.loadAsync(readFileSync(file)), await JSZip.loadAsync(readFileSync(out))];
    const text = async (z: JSZip, re: RegExp) => (await Promise.all(Object.keys(z.files).filter((p) => re.test(p) && !z.files[p].dir).map((p) => z.file(p)!.async('string')))).join('\n');
    // The school's notes, in whatever form the tool that wrote them used (openpyxl: plain text without runs).
    const comments = untagged(await text(z1, /comment/i));
    expect(comments).toContain('语文按省里要求每周 4 学时');
    expect(comments).toContain('选修课可再加一门');
    if (z0.file('docProps/custom.xml')) expect(await z1.file('docProps/custom.xml')!.async('string')).toBe(await z0.file('docProps/custom.xml')!.async('string'));
    const validations = (xml: string) => (xml.match(/<dataValidation\b[^>]*sqref="[^"]*"/g) ?? []).map((t) => /sqref="([^"]*)"/.exec(t)![1]);
    expect(validations(await text(z1, /^xl\/worksheets\/[^/]+\.xml$/))).toEqual(validations(await text(z0, /^xl\/worksheets\/[^/]+\.xml$/)));
  });

  it('a note already on a cell the optimizer writes stays, and ours goes below it', async () => {
    const dir = fresh();
    const input = path.join(dir, 'noted.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(EXAMPLE) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    // 语文 (row 9) has no semester yet: every one of its semester cells carries a school's note.
    for (const col of ['F', 'H', 'J', 'L', 'N', 'P']) ws.getCell(`${col}9`).note = `教务处：${col} 列待定`;
    writeFileSync(input, Buffer.from(await wb.xlsx.writeBuffer()));
    const out = path.join(dir, 'out.xlsx');
    const r = await cli(['optimize', input, '-o', out, '--cap', '34', '--json']);
    const marked = new Set<string>(JSON.parse(r.out).written.marked);
    // Notes as the file holds them (a note on a cell with no value is one too, though exceljs shows none).
    const zip = await JSZip.loadAsync(readFileSync(out));
    const notes = new Map<string, string>();
    for (const p of Object.keys(zip.files).filter((x) => /comments/i.test(x) && !zip.files[x].dir))
      for (const m of (await zip.file(p)!.async('string')).matchAll(/<comment ref="([A-Z]+\d+)"[^>]*>([\s\S]*?)<\/comment>/g)) notes.set(m[1], untagged(m[2]));
    let both = 0;
    for (const col of ['F', 'H', 'J', 'L', 'N', 'P']) {
      const note = notes.get(`${col}9`) ?? '';
      expect(note.startsWith(`教务处：${col} 列待定`)).toBe(true);
      if (marked.has(`${col}9`)) {
        expect(note).toContain('教学计划平衡器：');
        both++;
      } else expect(note).toBe(`教务处：${col} 列待定`);
    }
    expect(both).toBeGreaterThan(0);
    expect(existsSync(input)).toBe(true);
  });
});
