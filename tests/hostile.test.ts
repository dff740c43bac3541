/**
 * Hostile and odd files through the real command line, each built here (bombs are never committed):
 * zip bombs in the theme, the shared strings, the styles, an unrelated part, a sheet under a leading
 * "/"; sheets far larger than a plan; more parts or cells than any plan; devices, FIFOs, link loops,
 * files still being written; a pattern that hangs a backtracking engine; formulas with no stored
 * result; batches; macro-enabled names. Each ends in its message and exit code, in a child process
 * whose heap is capped at 500 MB (going over is a crash, not a pass). Times are measured by
 * scripts/hostile.ts, never asserted here.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { batchExitCode } from '../src/cli/batch';
import { MAX_CELLS, MAX_PACKAGE_BYTES, MAX_PART_BYTES, MAX_PARTS } from '../src/xlsx/limits';
import { bomb, denseSheet, exampleParts, exampleWith, writeZip } from './helpers/bombs';
import { EXAMPLE, hasShared, sharedPath, withShared } from './helpers/shared';

const CLI = path.resolve(__dirname, '../bin/plan-balancer.js');
const dir = mkdtempSync(path.join(tmpdir(), 'pb-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], timeout = 120_000) {
  const r = spawnSync(process.execPath, ['--max-old-space-size=500', CLI, ...args], { encoding: 'utf8', timeout });
  return { code: r.status, signal: r.signal, out: r.stdout, err: r.stderr };
}

function save(name: string, data: Uint8Array): string {
  const file = path.join(dir, name);
  writeFileSync(file, data);
  return file;
}

/** The example's first sheet with its XML replaced. */
const withSheet = (xml: string) => exampleWith({ name: 'xl/worksheets/sheet1.xml', data: deflateRawSync(Buffer.from(xml)), method: 8, size: Buffer.byteLength(xml) });
const sheetXml = (rows: string, extra = '') => `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData>${extra}</worksheet>`;

describe('one budget for the whole package, whatever the part is called', () => {
  const cases: [string, () => Promise<Buffer>, RegExp][] = [
    ['a 1.1 GB theme', async () => exampleWith(await bomb('xl/theme/theme1.xml', 1100)), /the theme \(xl\/theme\/theme1\.xml\) unpacks to 1\.1 GB, beyond this tool's limit of 5 MB for one part/],
    ['a theme that lies about its size', async () => exampleWith(await bomb('xl/theme/theme1.xml', 1100, 5000)), /the theme \(xl\/theme\/theme1\.xml\) unpacks to more than 5 MB/],
    ['the shared strings', async () => exampleWith(await bomb('xl/sharedStrings.xml', 600, 4000)), /the shared strings \(xl\/sharedStrings\.xml\) unpacks to more than 5 MB/],
    ['the styles', async () => exampleWith(await bomb('xl/styles.xml', 600)), /the styles \(xl\/styles\.xml\) unpacks to 600 MB/],
    ['a 1.1 GB unrelated part declared as 100 bytes', async () => exampleWith(await bomb('customXml/item1.bin', 1100, 100)), /the part customXml\/item1\.bin unpacks to more than 5 MB/],
    ['a sheet stored as /xl/worksheets/sheet1.xml', async () => exampleWith({ ...(await bomb('xl/worksheets/sheet1.xml', 300, 2000)), name: '/xl/worksheets/sheet1.xml' }), /sheet "教学进程安排表" \(\/xl\/worksheets\/sheet1\.xml\) unpacks to more than 5 MB/],
    ['twenty 1 MB parts that add up past 15 MB', async () => writeZip([...(await exampleParts()), ...(await Promise.all(Array.from({ length: 20 }, (_, k) => bomb(`customXml/item${k}.xml`, 1))))]), /parts of "[^"]+" unpack to 20\.\d\d MB together, beyond this tool's limit of 15 MB/],
    ['more parts than any plan', async () => writeZip([...(await exampleParts()), ...Array.from({ length: MAX_PARTS }, (_, k) => ({ name: `customXml/p${k}.xml`, data: new Uint8Array(1), method: 0 as const, size: 1 }))]), /is made of 1010 or more parts, beyond this tool's limit \(1000/],
  ];
  for (const [what, build, message] of cases)
    it(`${what}: refused with the part and the number, exit 2`, async () => {
      const r = cli(['check', save(`${what.replace(/\W+/g, '-')}.xlsx`, await build()), '--lang', 'en']);
      expect(r.err).toMatch(message);
      expect(r.code, r.err).toBe(2);
      expect(r.err).not.toMatch(/heap|internal|ERR_/i);
    }, 60_000);

  it('a file larger than the budget is refused before it is read', () => {
    const file = save('huge.xlsx', Buffer.concat([readFileSync(EXAMPLE), Buffer.alloc(MAX_PACKAGE_BYTES)]));
    const r = cli(['check', file, '--lang', 'en']);
    expect(r.err).toMatch(/"huge\.xlsx" is 15\.01 MB, beyond this tool's limit of 15 MB/);
    expect(r.code).toBe(2);
  });

  it.skipIf(!hasShared)(withShared('every real plan is well within every limit (the limits are the largest real plan × 50)'), async () => {
    for (const f of ['bigdata-2022-draft', 'fashion-3plus2-2020-word-table', 'fashion-design-2020-word-table', 'marketing-2020-word-table']) {
      const data = readFileSync(sharedPath(`data/real/${f}.xlsx`));
      const zip = await JSZip.loadAsync(data);
      const sizes = await Promise.all(Object.values(zip.files).filter((e) => !e.dir).map(async (e) => (await e.async('uint8array')).length));
      expect(Object.keys(zip.files).length * 50).toBeLessThanOrEqual(MAX_PARTS);
      expect(Math.max(...sizes) * 50).toBeLessThanOrEqual(MAX_PART_BYTES);
      expect(sizes.reduce((a, b) => a + b, 0) * 50).toBeLessThanOrEqual(MAX_PACKAGE_BYTES);
      const r = cli(['check', sharedPath(`data/real/${f}.xlsx`), '--json']);
      expect([0, 1], r.err).toContain(r.code);
    }
  }, 120_000);
});

describe('sheets: memory for the cells with data, or a refusal with the reason', () => {
  it('a 19,000 × 115 sheet (2.2 million cells) is refused with its size', async () => {
    const dense = denseSheet(19_000, 115);
    const r = cli(['check', save('dense.xlsx', await exampleWith({ name: 'xl/worksheets/sheet1.xml', data: dense.data, method: 8, size: dense.size })), '--lang', 'en']);
    expect(r.err).toMatch(/sheet "教学进程安排表" \(xl\/worksheets\/sheet1\.xml\) unpacks to 56\.81 MB, beyond this tool's limit of 5 MB/);
    expect(r.code).toBe(2);
  }, 60_000);

  it('four such sheets: 40 MB on disk, refused before the file is read', async () => {
    const dense = denseSheet(19_000, 115);
    const parts = (await exampleParts()).filter((p) => !/worksheets\/sheet1\.xml$/.test(p.name));
    const sheets = [1, 2, 3, 4].map((k) => ({ name: `xl/worksheets/sheet${k}.xml`, data: dense.data, method: 8 as const, size: dense.size }));
    const r = cli(['check', save('four.xlsx', writeZip([...parts, ...sheets])), '--lang', 'en']);
    expect(r.err).toMatch(/"four\.xlsx" is 40\.\d\d MB, beyond this tool's limit of 15 MB/);
    expect(r.code).toBe(2);
  }, 60_000);

  it('a sheet whose data reaches row 40,000, even under a leading "/", is refused with its name', async () => {
    const rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>课程名称</t></is></c></row><row r="40000"><c r="B40000"><v>1</v></c></row>';
    const xml = sheetXml(rows);
    const r = cli(['check', save('far.xlsx', await exampleWith({ name: '/xl/worksheets/sheet1.xml', data: deflateRawSync(Buffer.from(xml)), method: 8, size: Buffer.byteLength(xml) })), '--lang', 'en']);
    expect(r.err).toMatch(/Sheet "教学进程安排表" has data up to row 40000 and column 2 \(2 cells\), beyond this tool's limit \(6000 rows, 300 columns\)/);
    expect(r.code).toBe(2);
  });

  it('more cells than any plan, within every size, and cells written without addresses, are counted before exceljs makes them', async () => {
    // 880 rows of 300 cells without r attributes: 264,000 cells in under 5 MB of XML.
    const row = `<row>${'<c><v>1</v></c>'.repeat(300)}</row>`;
    const r = cli(['check', save('cells.xlsx', await withSheet(sheetXml(row.repeat(880)))), '--lang', 'en']);
    const cells = Number(/The workbook has (\d+) cells .*beyond this tool's limit of (\d+)/.exec(r.err)?.[1]);
    expect(cells, r.err).toBeGreaterThanOrEqual(880 * 300);
    expect(cells).toBeGreaterThan(MAX_CELLS);
    expect(r.code).toBe(2);
  });

  it('a merge over a large data area counts every cell it covers', async () => {
    const xml = sheetXml('<row r="1"><c r="A1"><v>1</v></c></row><row r="5000"><c r="IP5000"><v>1</v></c></row>', '<mergeCells count="1"><mergeCell ref="A2:IP4999"/></mergeCells>');
    const r = cli(['check', save('merge.xlsx', await withSheet(xml)), '--lang', 'en']);
    expect(r.err).toMatch(/The workbook has \d+ cells \(formatted empty cells and merged cells included; the most in sheet "教学进程安排表", \d+\), beyond this tool's limit of 250000/);
    expect(r.code).toBe(2);
  });
});

describe('what is not a regular, whole file', () => {
  it('/dev/zero and a FIFO are refused at once, nothing read or waited for', () => {
    expect(cli(['check', '/dev/zero', '--lang', 'en']).err).toMatch(/"\/dev\/zero" is a device, not a workbook file/);
    const fifo = path.join(dir, 'pipe.xlsx');
    spawnSync('mkfifo', [fifo]);
    const r = cli(['check', fifo, '--lang', 'en'], 30_000);
    expect(r.signal).toBeNull(); // it ended by itself
    expect(r.err).toMatch(/"[^"]*pipe\.xlsx" is a named pipe \(FIFO\), not a workbook file/);
    expect(r.code).toBe(2);
  });

  it('a symbolic link loop is said', () => {
    const a = path.join(dir, 'loop-a.xlsx');
    const b = path.join(dir, 'loop-b.xlsx');
    symlinkSync(b, a);
    symlinkSync(a, b);
    const r = cli(['check', a, '--lang', 'en']);
    expect(r.err).toMatch(/is a symbolic link loop/);
    expect(r.code).toBe(2);
  });

  it('a file cut short is "still being written" when it changed moments ago, "incomplete" when it did not', () => {
    const file = save('copying.xlsx', readFileSync(EXAMPLE).subarray(0, 4000));
    expect(cli(['check', file, '--lang', 'en']).err).toMatch(/is incomplete and was modified moments ago: it is most likely still being written/);
    const old = new Date(Date.now() - 3600_000);
    utimesSync(file, old, old);
    const r = cli(['check', file, '--lang', 'en']);
    expect(r.err).toMatch(/is incomplete: the end of the file is missing/);
    expect(r.code).toBe(2);
  });
});

describe('every formula accounted for', () => {
  it('an error result, a missing sheet, a 1,000-deep nesting, a function beyond sums: a finding at the cell naming the course', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(EXAMPLE) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const formula = (f: string) => ({ formula: f }) as ExcelJS.CellFormulaValue;
    ws.getCell('D5').value = formula('1/0');
    ws.getCell('D6').value = formula('缺失表!A1');
    ws.getCell('D7').value = formula('('.repeat(1000) + '36' + ')'.repeat(1000));
    ws.getCell('D8').value = formula('VLOOKUP(A1,B1:C3,2,FALSE)');
    ws.getCell('D9').value = formula('SUM(200,70)');
    const r = cli(['check', save('formulas.xlsx', new Uint8Array(await wb.xlsx.writeBuffer())), '--json']);
    expect(r.code, r.err).toBe(1);
    const findings = JSON.parse(r.out).findings as { rule: string; cells: string[]; severity: string; message: { zh: string } }[];
    const at = (cell: string) => findings.find((f) => f.cells.length === 1 && f.cells[0] === cell);
    expect(at('D5')?.message.zh).toMatch(/^课程“心理健康与职业生涯”：D5 的总学时是错误值 #DIV\/0!（=1\/0），该值未知/);
    expect(at('D6')?.message.zh).toMatch(/^课程“哲学与人生”：D6 的总学时公式（=缺失表!A1）引用的工作表不存在/);
    expect(at('D7')?.message.zh).toMatch(/^课程“职业道德与法治”：D7 的总学时公式.*嵌套超过 64 层/);
    expect(at('D8')?.message.zh).toMatch(/^课程“体育与健康”：D8 的总学时公式（=VLOOKUP\(A1,B1:C3,2,FALSE\)）没有保存计算结果/);
    for (const c of ['D5', 'D6', 'D7', 'D8']) expect(at(c)?.severity).toBe('error');
    // The hours are unknown, not read as an empty cell that happens to pass.
    const courses = JSON.parse(r.out).plan.courses as { name: string; hours: number | null }[];
    for (const name of ['心理健康与职业生涯', '哲学与人生', '职业道德与法治', '体育与健康']) expect(courses.find((c) => c.name === name)?.hours, name).toBeNull();
    // A formula this tool does compute still counts.
    expect(courses.find((c) => c.name === '语文')?.hours).toBe(270);
  });
});

describe('a pattern in a rules file never holds the optimizer', () => {
  it('^(a+)+$ against a course named aaaa…a!: optimize --mode plan finishes with its answer', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(EXAMPLE) as unknown as ArrayBuffer);
    wb.worksheets[0].getCell('C20').value = 'a'.repeat(60) + '!';
    const file = save('pattern.xlsx', new Uint8Array(await wb.xlsx.writeBuffer()));
    const rules = save('rules.json', Buffer.from(JSON.stringify({ placement: { series: '^(a+)+$', weeklyByCourse: [{ courses: '(a|aa)+$', max: 6 }], sequences: [{ name: 'x', courses: ['^(\\w+\\s?)*$', '体育'] }] } })));
    const out = path.join(dir, 'pattern-out.xlsx');
    // A backtracking engine would take longer than this test's whole life on the first match.
    const r = cli(['optimize', file, '-o', out, '--mode', 'plan', '--cap', '34', '--rules', rules, '--time-limit', '10', '--json'], 180_000);
    expect(r.signal).toBeNull();
    expect([0, 1], r.err).toContain(r.code);
    expect(JSON.parse(r.out).status).toMatch(/optimal|feasible|relaxed/);
  }, 200_000);

  it('a pattern the engine cannot run in linear time is refused with the rule and why, exit 2', () => {
    const rules = save('bad-rules.json', Buffer.from(JSON.stringify({ placement: { series: '(a)\\1' } })));
    const r = cli(['check', EXAMPLE, '--rules', rules, '--lang', 'en']);
    expect(r.err).toMatch(/Rule "placement\.series" is not a regular expression this tool accepts: it uses a back-reference \(\\1\)/);
    expect(r.code).toBe(2);
  });

  it('the watchdog ends a process whose main thread never yields, with its message', () => {
    const script = `const { armDeadline } = require(${JSON.stringify(path.resolve(__dirname, '../lib/node/deadline.js'))});
      armDeadline(1, 'STOPPED AT THE DEADLINE', 4, 0, 200);
      for (;;) {}`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toContain('STOPPED AT THE DEADLINE');
    expect(r.signal).toBe('SIGTERM');
  });

  it('and a process that waits is ended by the timer with exit 4', () => {
    const script = `const { armDeadline } = require(${JSON.stringify(path.resolve(__dirname, '../lib/node/deadline.js'))});
      armDeadline(1, 'STOPPED AT THE DEADLINE', 4, 0, 5000);
      setInterval(() => {}, 1000);`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toContain('STOPPED AT THE DEADLINE');
    expect(r.status).toBe(4);
  });
});

describe('batches that tell the truth', () => {
  it('the exit code: 2 when nothing could be read, 1 with findings or an unreadable one, 0 when clean', () => {
    expect(batchExitCode([{ code: 2 }, { code: 2 }], [])).toBe(2);
    expect(batchExitCode([{ code: 2 }, { code: 1, json: {} }], [])).toBe(1);
    expect(batchExitCode([{ code: 2 }, { code: 0, json: {} }], [])).toBe(1);
    expect(batchExitCode([{ code: 0, json: {} }], [{ path: 'x.pdf', why: { zh: '', en: '' } }])).toBe(0);
    expect(batchExitCode([{ code: 0, json: {} }], [{ path: 'locked', why: { zh: '', en: '' }, problem: true }])).toBe(1);
    // Optimized but every write failed (a full disk): nothing was done.
    expect(batchExitCode([{ code: 2 }, { code: 2 }], [])).toBe(2);
    expect(batchExitCode([{ code: 0, optimize: {} }], [])).toBe(0);
  });

  it('a folder where no workbook can be read exits 2, each named with why', () => {
    const folder = path.join(dir, 'all-bad');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'a.xlsx'), 'not a workbook');
    writeFileSync(path.join(folder, 'b.xlsx'), readFileSync(EXAMPLE).subarray(0, 3000));
    const r = cli(['check', folder, '--lang', 'en']);
    expect(r.out).toMatch(/a\.xlsx: "a\.xlsx" is not an \.xlsx workbook/);
    expect(r.out).toMatch(/b\.xlsx: .*incomplete/);
    expect(r.code).toBe(2);
  });

  it('every path in a folder is named — link loops, lock files, files being written, non-workbooks — and the readable plan is checked', () => {
    const folder = path.join(dir, 'mixed');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'plan.xlsx'), readFileSync(EXAMPLE));
    writeFileSync(path.join(folder, '~$plan.xlsx'), '');
    writeFileSync(path.join(folder, 'notes.pdf'), '');
    writeFileSync(path.join(folder, 'copying.xlsx'), readFileSync(EXAMPLE).subarray(0, 5000));
    symlinkSync(path.join(folder, 'loop2.xlsx'), path.join(folder, 'loop1.xlsx'));
    symlinkSync(path.join(folder, 'loop1.xlsx'), path.join(folder, 'loop2.xlsx'));
    symlinkSync('..', path.join(folder, 'parent'));
    spawnSync('mkfifo', [path.join(folder, 'pipe.xlsx')]);
    const r = cli(['check', folder, '--lang', 'en', '--json'], 120_000);
    const items = JSON.parse(r.out) as { file: string; code?: number; error?: string; skipped?: string; check?: unknown }[];
    const of = (name: string) => items.find((i) => path.basename(i.file) === name && path.dirname(i.file) === folder);
    expect(of('plan.xlsx')?.code).toBe(1);
    expect(of('loop1.xlsx')?.error).toMatch(/symbolic link loop/);
    expect(of('pipe.xlsx')?.error).toMatch(/named pipe/);
    expect(of('copying.xlsx')?.error).toMatch(/still being written/);
    expect(of('~$plan.xlsx')?.skipped).toMatch(/Excel's lock file: "plan\.xlsx" is open in Excel/);
    expect(of('notes.pdf')?.skipped).toMatch(/not an \.xlsx or \.xlsm workbook/);
    expect(items.some((i) => i.skipped && /already searched/.test(i.skipped))).toBe(true);
    expect(r.code).toBe(1);
  }, 180_000);

  it('an output folder that cannot be made is refused before anything is optimized, exit 2', () => {
    const outDir = path.join(dir, 'out-is-a-file');
    writeFileSync(outDir, 'x');
    const folder = path.join(dir, 'one');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'plan.xlsx'), readFileSync(EXAMPLE));
    const r = cli(['optimize', folder, '--out-dir', path.join(outDir, 'sub'), '--cap', '34', '--lang', 'en']);
    expect(r.err).toMatch(/not a folder|does not exist/);
    expect(r.code).toBe(2);
  });
});

describe('macro-enabled workbooks and -o -', () => {
  async function xlsm(): Promise<string> {
    const parts = await exampleParts();
    const types = parts.find((p) => p.name === '[Content_Types].xml')!;
    const xml = (await JSZip.loadAsync(readFileSync(EXAMPLE))).file('[Content_Types].xml')!;
    const text = (await xml.async('string')).replace('spreadsheetml.sheet.main+xml', 'sheet.macroEnabled.main+xml').replace('</Types>', '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>');
    const vba = Buffer.from('not really VBA, but a part named as one');
    return save('macros.xlsm', writeZip([...parts.filter((p) => p !== types), { name: '[Content_Types].xml', data: deflateRawSync(Buffer.from(text)), method: 8, size: Buffer.byteLength(text) }, { name: 'xl/vbaProject.bin', data: vba, method: 0, size: vba.length }]));
  }

  it('an .xlsm is optimized into an .xlsm that keeps its macros; -o x.xlsx for it, or -o x.xlsm for an .xlsx, is refused', async () => {
    const file = await xlsm();
    expect([0, 1]).toContain(cli(['check', file]).code);
    const refused = cli(['optimize', file, '-o', path.join(dir, 'out.xlsx'), '--cap', '34', '--lang', 'en']);
    expect(refused.err).toMatch(/is a macro-enabled workbook and the written copy keeps its macros, so it must be saved as \.xlsm/);
    expect(refused.code).toBe(2);
    const plain = cli(['optimize', EXAMPLE, '-o', path.join(dir, 'plain.xlsm'), '--cap', '34', '--lang', 'en']);
    expect(plain.err).toMatch(/is a macro-enabled format, but "[^"]+" has no macros/);
    expect(plain.code).toBe(2);
    const out = path.join(dir, 'out.xlsm');
    const r = cli(['optimize', file, '-o', out, '--cap', '34', '--lang', 'en']);
    expect([0, 1], r.err).toContain(r.code);
    const zip = await JSZip.loadAsync(readFileSync(out));
    expect(await zip.file('xl/vbaProject.bin')!.async('string')).toBe('not really VBA, but a part named as one');
    expect(await zip.file('[Content_Types].xml')!.async('string')).toContain('sheet.macroEnabled.main+xml');
  }, 120_000);

  it('-o - is refused, nothing written to standard output', () => {
    const r = cli(['optimize', EXAMPLE, '-o', '-', '--lang', 'en']);
    expect(r.err).toMatch(/-o - \(standard output\) is not supported/);
    expect(r.out).toBe('');
    expect(r.code).toBe(2);
  });
});

// A FIFO opened for reading with no writer would block a naive reader forever: prove the CLI never opens it.
describe('a FIFO with a writer waiting', () => {
  it('is still refused without being read', async () => {
    const fifo = path.join(dir, 'waiting.xlsx');
    spawnSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', `cat ${JSON.stringify(EXAMPLE)} > ${JSON.stringify(fifo)}`]);
    const r = cli(['check', fifo, '--lang', 'en'], 30_000);
    writer.kill();
    expect(r.err).toMatch(/named pipe/);
    expect(r.code).toBe(2);
  });
});
