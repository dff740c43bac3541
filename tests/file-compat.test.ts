/**
 * Workbooks other tools write open, check and optimize; after writing, what the plan does not own is
 * unchanged (cells, comments, pictures, data validation), and what the copy cannot keep (a chart) is
 * said before it is written. Fixtures: tests/fixtures, made by scripts/make-fixtures.py (openpyxl, then
 * LibreOffice) and scripts/make-pivot-fixture.py (a pivot table, by LibreOffice through UNO).
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main';
import { loadWorkbook } from '../src/xlsx/read';

const FIXTURES = path.resolve(__dirname, 'fixtures');

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function book(file: string): Promise<ExcelJS.Workbook> {
  return loadWorkbook(readFileSync(file), path.basename(file));
}

const noteText = (n: ExcelJS.Cell['note'] | undefined) => (!n ? '' : typeof n === 'string' ? n : (n.texts ?? []).map((t) => t.text).join(''));

describe.each(readdirSync(FIXTURES).filter((f) => f.endsWith('.xlsx')))('%s', (name) => {
  const file = path.join(FIXTURES, name);
  it('opens, checks and optimizes; everything the plan does not own is kept or its loss said first', async () => {
    const checked = await run(['check', file, '--json']);
    expect([0, 1], checked.err).toContain(checked.code);
    expect(JSON.parse(checked.out).plan.courses).toHaveLength(6);

    const dir = mkdtempSync(path.join(tmpdir(), 'pb-compat-'));
    const out = path.join(dir, 'out.xlsx');
    const r = await run(['optimize', file, '-o', out, '--free-locked', '--cap', '30', '--json']);
    expect([0, 1], r.err).toContain(r.code);
    const json = JSON.parse(r.out);
    const written = new Set<string>(json.written.addresses);
    const marked = new Set<string>(json.written.marked);
    expect(written.size).toBeGreaterThan(0);

    // Cells: every value and formula the plan did not write is the same.
    const [before, after] = [await book(file), await book(out)];
    const ws0 = before.worksheets[0];
    const ws1 = after.getWorksheet(ws0.name)!;
    ws0.eachRow({ includeEmpty: true }, (row, r) =>
      row.eachCell({ includeEmpty: true }, (cell, c) => {
        const address = cell.address;
        if (written.has(address)) return;
        const other = ws1.getCell(r, c);
        // A formula stays as written; its cached result is renewed where a written cell feeds it.
        if (cell.type === ExcelJS.ValueType.Formula) expect(other.formula, `${name} ${address}`).toBe(cell.formula);
        else expect(other.value, `${name} ${address}`).toEqual(cell.value);
        // A note that was there stays (the product's own note goes below it on marked cells).
        if (marked.has(address)) expect(noteText(other.note)).toContain(noteText(cell.note));
        else expect(noteText(other.note), `${name} note ${address}`).toBe(noteText(cell.note));
      }),
    );
    expect(ws1.model.merges).toEqual(expect.arrayContaining(ws0.model.merges));
    // Data validation: the same rules on the same cells (allowBlank false is the default either way).
    const rules = (ws: ExcelJS.Worksheet) =>
      Object.entries((ws as unknown as { dataValidations: { model: Record<string, Record<string, unknown>> } }).dataValidations.model).map(([k, v]) => [k, { ...v, allowBlank: !!v.allowBlank }]);
    expect(rules(ws1)).toEqual(rules(ws0));

    // Parts: the package is the school's own, edited in place. Sheets, the workbook, styles, notes and
    // the package's indexes may change; every other part (pictures, charts, pivot tables, themes,
    // properties, shared strings) is there byte for byte, and nothing is said to be lost.
    const [z0, z1] = [await JSZip.loadAsync(readFileSync(file)), await JSZip.loadAsync(readFileSync(out))];
    const bytes = async (z: JSZip, p: string) => Buffer.from(await z.file(p)!.async('uint8array')).toString('base64');
    const editable = /^(\[Content_Types\]\.xml|.*_rels\/.*\.rels|xl\/workbook\.xml|xl\/styles\.xml|xl\/worksheets\/[^/]+\.xml|xl\/comments.*\.xml|xl\/drawings\/[^/]*\.vml)$/i;
    for (const p of Object.keys(z0.files).filter((x) => !z0.files[x].dir)) {
      expect(z1.file(p), `${name}: part ${p} kept`).not.toBeNull();
      if (!editable.test(p)) expect(await bytes(z1, p), `${name}: part ${p} byte for byte`).toBe(await bytes(z0, p));
    }
    expect(r.err).not.toMatch(/不会保留/);
  });
});
