/**
 * Words for people: the example's output — its report sheet, its 情景对比 sheet and every note we
 * write — and the CLI's own text hold no rule ids, option names, engine names, raw floats or enum
 * words, and their Chinese has Chinese punctuation. (The pane's DOM, step by step, is scanned the same
 * way in tests/browser/words.test.ts.)
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli';
import { EXAMPLE } from './helpers/shared';
import { allWordProblems, wordProblems } from './helpers/words';

const dir = mkdtempSync(path.join(tmpdir(), 'pb-words-'));

/** Every text a person reads in a written workbook: our sheets' cells and our notes on the plan's sheet. */
async function textsOf(file: string): Promise<{ where: string; text: string }[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
  const out: { where: string; text: string }[] = [];
  for (const name of ['优化报告', '情景对比']) {
    const ws = wb.getWorksheet(name);
    if (!ws) continue;
    ws.eachRow((row, r) => row.eachCell((cell, c) => out.push({ where: `${name}!R${r}C${c}`, text: String(cell.value ?? '') })));
  }
  wb.getWorksheet('教学进程安排表')!.eachRow((row) =>
    row.eachCell((cell) => {
      const note = typeof cell.note === 'string' ? cell.note : (cell.note?.texts ?? []).map((t) => t.text).join('');
      if (note.includes('教学计划平衡器')) out.push({ where: `note ${cell.address}`, text: note });
    }),
  );
  return out;
}

describe('the scanner', () => {
  it('finds each kind of developer word, and passes plain words', () => {
    const kinds = (t: string, zh = true) => wordProblems(t, zh).map((p) => p.kind);
    expect(kinds('选修课占比不足 (share-elective)')).toContain('rule id');
    expect(kinds('或允许总学时调整（--total-slack）')).toContain('option');
    expect(kinds('求解器 highs，用时 3.20 秒')).toContain('engine');
    expect(kinds('选修课占比 0.09836065573770492')).toContain('raw float');
    expect(kinds('结果 relaxed')).toContain('enum word');
    expect(kinds('检查: 45 个错误')).toContain('half-width punctuation');
    expect(kinds('(下限 33.33%，达标)')).toContain('half-width punctuation');
    expect(kinds('Check: 45 errors (2 warnings)', false)).toEqual([]);
    expect(kinds('检查：45 个错误（下限 33.33%，达标），第1学期 28.7 学时/周，单元格 F46、教学进程表2!L5')).toEqual([]);
  });
});

describe('the example written, in the workbook’s language', () => {
  it.each([
    ['cap 28: conflicts and trade-offs', ['--cap', '28']],
    ['cap 34: the plan placed', ['--cap', '34']],
    ['what-if cap 28 / 34: the 情景对比 sheet', ['--scenario', 'cap=28', '--scenario', 'cap=34,mode=rebalance']],
    ['an English session on a Chinese workbook: still Chinese', ['--cap', '28', '--lang', 'en']],
    ['totals that may move', ['--cap', '34', '--total-slack', '36']],
  ])('%s: report sheet, scenarios and notes', async (name, args) => {
    const out = path.join(dir, `${name.replace(/\W+/g, '-')}.xlsx`);
    const r = await cli(['optimize', EXAMPLE, '-o', out, ...args]);
    expect(r.code, r.err).toBeLessThanOrEqual(1);
    const texts = await textsOf(out);
    expect(texts.some((t) => t.where.startsWith('优化报告'))).toBe(true);
    expect(texts.some((t) => t.where.startsWith('note '))).toBe(true);
    if (args.includes('--scenario')) expect(texts.some((t) => t.where.startsWith('情景对比') && t.text.includes('受何限制'))).toBe(true);
    expect(allWordProblems(texts, true)).toEqual([]);
  }, 120_000);
});

describe('the command line’s own text', () => {
  it.each(['zh', 'en'] as const)('check and optimize in %s: no rule ids, engines or raw floats; Chinese punctuation in Chinese', async (lang) => {
    const check = await cli(['check', EXAMPLE, '--lang', lang]);
    const optimize = await cli(['optimize', EXAMPLE, '-o', path.join(dir, `cli-${lang}.xlsx`), '--cap', '28', '--lang', lang]);
    // Option names are the command line's own words: it may name them; nothing else may.
    const problems = allWordProblems(
      [
        { where: 'check', text: check.out },
        { where: 'optimize', text: optimize.out },
      ],
      lang === 'zh',
    ).filter((p) => !p.includes(': option:'));
    expect(problems).toEqual([]);
  }, 120_000);
});
