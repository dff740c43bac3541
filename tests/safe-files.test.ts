/**
 * Never lose a day's work: the output is never the input (whatever link leads there), a write is
 * whole or absent (killed at random, disk full), OS errors are one sentence with the path, and bad
 * options or rules files are listed together and refused with exit 2 — never an internal error.
 */
import { spawn } from 'node:child_process';
import { existsSync, linkSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main';
import { FileError, writeFileAtomic, type WriteFs } from '../src/node/files';
import { EXAMPLE } from './helpers/shared';

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const fresh = () => mkdtempSync(path.join(tmpdir(), 'pb-safe-'));

describe('the output is never the input', () => {
  it('refuses a symbolic link and a hard link to the input, and leaves it byte for byte', async () => {
    const dir = fresh();
    const input = path.join(dir, 'in.xlsx');
    writeFileSync(input, readFileSync(EXAMPLE));
    symlinkSync(input, path.join(dir, 'soft.xlsx'));
    linkSync(input, path.join(dir, 'hard.xlsx'));
    for (const out of ['soft.xlsx', 'hard.xlsx', 'in.xlsx', './in.xlsx']) {
      const r = await run(['optimize', input, '-o', path.join(dir, out), '--cap', '34']);
      expect(r.code, out).toBe(2);
      expect(r.err, out).toMatch(/就是输入文件/);
    }
    expect(readFileSync(input).equals(readFileSync(EXAMPLE))).toBe(true);
  });
});

describe('writes are whole or absent', () => {
  const bytes = (seed: number, size: number) => {
    const b = new Uint8Array(size);
    for (let i = 0; i < size; i++) b[i] = (i * 31 + seed) & 0xff;
    return b;
  };

  it('a write that fails half-way (disk full) leaves the previous file and no temporary file', async () => {
    const dir = fresh();
    const target = path.join(dir, 'out.xlsx');
    const previous = bytes(1, 4096);
    writeFileSync(target, previous);
    let writes = 0;
    const full: WriteFs = {
      open: (async (...args: Parameters<typeof fsp.open>) => {
        const h = await fsp.open(...args);
        const write = h.write.bind(h);
        (h as unknown as { write: unknown }).write = async (...w: unknown[]) => {
          if (++writes > 1) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
          return (write as (...a: unknown[]) => Promise<{ bytesWritten: number }>)(w[0], w[1], Math.min(100, w[2] as number));
        };
        return h;
      }) as WriteFs['open'],
      rename: fsp.rename,
      unlink: fsp.unlink,
    };
    const e = await writeFileAtomic(target, bytes(2, 100_000), full).catch((x) => x);
    expect(e).toBeInstanceOf(FileError);
    expect((e as FileError).info.zh).toContain('磁盘空间不足');
    expect((e as FileError).info.en).toContain(target);
    expect(readFileSync(target).equals(Buffer.from(previous))).toBe(true);
    expect(readdirSync(dir)).toEqual(['out.xlsx']);
  });

  it('a failing rename leaves the previous file and no temporary file', async () => {
    const dir = fresh();
    const target = path.join(dir, 'out.xlsx');
    writeFileSync(target, 'old');
    const e = await writeFileAtomic(target, bytes(3, 10), { open: fsp.open, rename: async () => Promise.reject(Object.assign(new Error('EBUSY'), { code: 'EBUSY' })), unlink: fsp.unlink }).catch((x) => x);
    expect((e as FileError).info.en).toMatch(/in use by another program/);
    expect(readFileSync(target, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['out.xlsx']);
  });

  it('50 writes killed at random moments: the target is always the old or the new file, whole', async () => {
    const dir = fresh();
    const target = path.join(dir, 'out.xlsx');
    const size = 6_000_000;
    const a = bytes(7, size);
    const b = bytes(9, size);
    writeFileSync(target, a);
    const files = path.resolve(__dirname, '../src/node/files.ts');
    const script = `
      const { writeFileAtomic } = require(${JSON.stringify(files)});
      const size = ${size};
      const b = new Uint8Array(size); for (let i = 0; i < size; i++) b[i] = (i * 31 + 9) & 0xff;
      process.stdout.write('ready\\n');
      writeFileAtomic(${JSON.stringify(target)}, b).then(() => process.stdout.write('done\\n'));`;
    let completed = 0;
    for (let k = 0; k < 50; k++) {
      const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      // Listen from the start: a child can finish (and exit) before the kill lands.
      const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      const ready = new Promise<void>((resolve) => child.stdout.on('data', (d) => ((text += d), text.includes('ready') && resolve())));
      await ready;
      await new Promise((r) => setTimeout(r, Math.random() * 60));
      child.kill('SIGKILL');
      await exited;
      const out = text;
      if (out.includes('done')) completed++;
      const now = readFileSync(target);
      expect(now.length).toBe(size);
      expect(now.equals(Buffer.from(a)) || now.equals(Buffer.from(b))).toBe(true);
      if (now.equals(Buffer.from(b))) writeFileSync(target, a);
    }
    // Left-over temporary files of killed runs are removed by the next write.
    await writeFileAtomic(target, a);
    expect(readdirSync(dir)).toEqual(['out.xlsx']);
    expect(completed).toBeLessThan(50);
  }, 120_000);

  it('optimize writes a file that opens, and an earlier output survives a refused run', async () => {
    const dir = fresh();
    const out = path.join(dir, 'out.xlsx');
    expect((await run(['optimize', EXAMPLE, '-o', out, '--cap', '34'])).code).toBe(1);
    const first = readFileSync(out);
    expect(first.subarray(0, 2).toString('latin1')).toBe('PK');
    expect((await run(['optimize', EXAMPLE, '-o', out, '--cap', '0'])).code).toBe(2);
    expect(readFileSync(out).equals(first)).toBe(true);
    expect(existsSync(out)).toBe(true);
  });
});

describe('OS errors and bad settings', () => {
  it('names the path in one sentence for a missing file, a folder, a missing folder', async () => {
    const dir = fresh();
    for (const [args, re] of [
      [['check', path.join(dir, 'nope.xlsx')], /找不到文件.*nope\.xlsx/],
      // A folder is a batch of workbooks; an empty one is said to hold none.
      [['check', dir], /没有找到 \.xlsx 工作簿/],
      [['optimize', EXAMPLE, '-o', dir], /是文件夹/],
      [['optimize', EXAMPLE, '-o', path.join(dir, 'a', 'b', 'out.xlsx')], /所在文件夹不存在/],
    ] as [string[], RegExp][]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toMatch(re);
      expect(r.err).not.toMatch(/at .*\(.*:\d+:\d+\)/); // no stack
    }
  });

  it('lists every problem of a rules file at once (BOM accepted, __proto__ ignored) and exits 2', async () => {
    const dir = fresh();
    const rules = path.join(dir, 'rules.json');
    writeFileSync(rules, '\uFEFF' + JSON.stringify({ weeklyCap: 0, weeksPerSemester: 0, shares: { electiveMin: 2 }, internship: { semesters: [99] }, courses: { 语文: { earliest: 9, latest: 3 } } }).replace('{', '{"__proto__": {"polluted": 1},'));
    const r = await run(['check', EXAMPLE, '--rules', rules]);
    expect(r.code).toBe(2);
    for (const key of ['weeklyCap', 'weeksPerSemester', 'shares.electiveMin', 'internship.semesters', 'courses.语文']) expect(r.err).toContain(key);
    expect(r.err).not.toContain('__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    writeFileSync(rules, '\uFEFF{"weeklyCap": 30}');
    expect((await run(['check', EXAMPLE, '--rules', rules])).code).toBe(1); // a BOM is fine
  });

  it('per-semester values must fit the plan', async () => {
    const dir = fresh();
    const r = await run(['optimize', EXAMPLE, '-o', path.join(dir, 'o.xlsx'), '--weeks', '18,18', '--cap', '28,28,28']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--weeks 给了 2 个值/);
    expect(r.err).toMatch(/--cap 给了 3 个值/);
    expect(existsSync(path.join(dir, 'o.xlsx'))).toBe(false);
  });

  it('1,000 random rules files and option strings never end in an internal error', async () => {
    const dir = fresh();
    const rules = path.join(dir, 'rules.json');
    const value = fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.double({ noNaN: false }), fc.string({ maxLength: 6 }), fc.boolean(), fc.constant(null), fc.array(fc.integer({ min: -20, max: 40 }), { maxLength: 14 }));
    const keys = ['weeklyCap', 'weeksPerSemester', 'courseWeeks', 'totalHoursMin', 'hoursPerCredit', 'shares', 'internship', 'courses', 'prerequisites', 'categoryLabels', 'creditExceptions', '__proto__', 'constructor', 'x'];
    const file = fc.oneof(
      fc.dictionary(fc.constantFrom(...keys), fc.oneof(value, fc.dictionary(fc.string({ maxLength: 12 }), value, { maxKeys: 3 }))).map((o) => JSON.stringify(o)),
      fc.string({ maxLength: 40 }),
      fc.constantFrom('', '\uFEFF', '{', '[]', 'null', '{"shares": {"electiveMin": "10%"}}', '{"courses": {"语文": null}}', '{"prerequisites": [[1,2]]}'),
    );
    await fc.assert(
      fc.asyncProperty(file, async (text) => {
        writeFileSync(rules, text);
        const r = await run(['check', EXAMPLE, '--json', '--rules', rules]);
        expect([0, 1, 2]).toContain(r.code);
      }),
      { numRuns: 700 },
    );
    const flag = fc.constantFrom('--cap', '--weeks', '--time-limit', '--max-span', '--spread', '--total-slack', '--preset', '--solver', '--sheet', '--exclude', '--lang');
    const arg = fc.oneof(fc.constantFrom('0', '-5', '1e300', 'NaN', 'Infinity', '28,28', '１８', '', ' ', '3.5', '99999', 'zhongzhi', 'x', '--json'), fc.string({ maxLength: 5 }));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(flag, arg), { minLength: 1, maxLength: 4 }), async (pairs) => {
        const args = pairs.flatMap(([f, v]) => [f, v]);
        // An invalid option is refused before any solving; a valid set is only read (check).
        const r = await run(['check', EXAMPLE, ...args]).catch((e) => ({ code: 3, out: '', err: String(e) }));
        expect([0, 1, 2], args.join(' ') + r.err).toContain(r.code);
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});

describe('a user’s report-like sheet', () => {
  it('is never replaced, even when its A1 starts with the product’s title; our own report is, by its name', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const dir = fresh();
    const input = path.join(dir, 'in.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(EXAMPLE) as unknown as ArrayBuffer);
    const mine = wb.addWorksheet('优化报告');
    mine.getCell('A1').value = '教学计划平衡器 · 优化报告（我抄的）';
    mine.getCell('D9').value = '我的笔记';
    writeFileSync(input, Buffer.from(await wb.xlsx.writeBuffer()));
    const out = path.join(dir, 'out.xlsx');
    await run(['optimize', input, '-o', out, '--cap', '34']);
    const once = new ExcelJS.Workbook();
    await once.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
    expect(once.getWorksheet('优化报告')!.getCell('D9').value).toBe('我的笔记');
    expect(String(once.getWorksheet('优化报告 2')!.getCell('A1').value)).toMatch(/^教学计划平衡器/);
    // Optimizing the output again replaces its own report and leaves the user's sheet.
    const out2 = path.join(dir, 'out2.xlsx');
    await run(['optimize', out, '-o', out2, '--cap', '34']);
    const twice = new ExcelJS.Workbook();
    await twice.xlsx.load(readFileSync(out2) as unknown as ArrayBuffer);
    expect(twice.worksheets.map((w) => w.name).filter((n) => n.startsWith('优化报告'))).toEqual(['优化报告', '优化报告 2']);
    expect(twice.getWorksheet('优化报告')!.getCell('D9').value).toBe('我的笔记');
  });
});
