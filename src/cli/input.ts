/** The CLI's input: options' rules files and workbooks read into plans, the same way for every command. */

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Grid } from '../core/grid';
import { msg, pick, type Lang, type Message } from '../core/message';
import { type CombineOptions, readWorkbook, type ReadResult, type ReadSuccess } from '../core/reader';
import { type PresetId, type Rules, perSemesterProblems, readOptionsOf, resolveRules } from '../core/rules';
import { explainFsError } from '../node/files';
import { readWorkbookFile } from '../node/input';
import { WorkbookError, loadWorkbook, notesOfLoad, workbookGrids } from '../xlsx/read';

/** Settings that do not fit the plan that was read (a list of per-semester values of the wrong length…). */
export class SettingsError extends Error {
  constructor(readonly problems: Message[]) {
    super(problems.map((p) => p.en).join('; '));
  }
}

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

export interface RulesInput {
  preset: PresetId | undefined;
  overrides: unknown;
  /** Resolves the rules once the level is known; problems are printed once. */
  resolve(level: PresetId): Rules;
}

export async function loadRules(preset: PresetId | undefined, file: string | undefined, problems: Message[]): Promise<RulesInput> {
  let overrides: unknown;
  if (file) {
    let text = '';
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      problems.push(explainFsError(e, file, 'read').info);
    }
    try {
      // Notepad saves UTF-8 with a byte-order mark: it is not part of the JSON.
      if (text) overrides = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (e) {
      problems.push(msg(`规则文件“${file}”不是有效的 JSON：${(e as Error).message}`, `Rules file "${file}" is not valid JSON: ${(e as Error).message}`));
    }
  }
  // Problems in the file's values do not depend on the preset: check them once now.
  problems.push(...resolveRules(preset ?? 'zhongzhi', overrides).problems.map((p) => p.message));
  return { preset, overrides, resolve: (level) => resolveRules(preset ?? level, overrides).rules };
}

export interface Loaded {
  chosen: ReadSuccess;
  sheets: ReadResult[];
  workbook: Awaited<ReturnType<typeof loadWorkbook>>;
  grid: Grid;
  /** Every sheet read, and how: the written sheets are read again the same way to check them. */
  grids: Grid[];
  readOptions: CombineOptions;
  /** The rules in force: the preset given, or the one the workbook's level calls for. */
  rules: Rules;
  /** The file as read, to tell what a rewritten copy would lose. */
  bytes: Uint8Array;
}

export async function readInput(file: string, opts: { sheet?: string; exclude: string[]; rules: RulesInput; lang: Lang }, io: Io): Promise<Loaded | null> {
  // Only a regular file, within the budget, read whole as it was (node/input.ts).
  const data = await readWorkbookFile(file);
  const workbook = await loadWorkbook(data, path.basename(file));
  for (const note of notesOfLoad(workbook)) io.err(`ℹ ${pick(note, opts.lang)}`);
  let grids = workbookGrids(workbook);
  if (opts.sheet) {
    const names = grids.map((g) => g.sheet);
    grids = grids.filter((g) => g.sheet === opts.sheet);
    if (grids.length === 0)
      throw new WorkbookError(msg(`工作簿中没有名为“${opts.sheet}”的工作表（有：${names.join('、')}）。`, `No sheet named "${opts.sheet}" (the workbook has: ${names.join(', ')}).`));
  }
  const unknown = opts.exclude.filter((x) => !grids.some((g) => g.sheet === x));
  if (unknown.length) throw new WorkbookError(msg(`--exclude 指定的工作表不存在：${unknown.join('、')}。`, `--exclude names sheets the workbook does not have: ${unknown.join(', ')}.`));
  // Reading needs the weeks settings only, which no preset changes; the level decides the rest.
  const draft = opts.rules.resolve(opts.rules.preset ?? 'zhongzhi');
  const readOptions = { ...readOptionsOf(draft), exclude: opts.exclude };
  const read = readWorkbook(grids, readOptions);
  if (!read.chosen) {
    const reasons = read.sheets.map((r) => (r.ok ? '' : pick(r.error, opts.lang))).filter(Boolean);
    io.err(opts.lang === 'zh' ? `“${path.basename(file)}”中没有找到课程表。` : `No course table found in "${path.basename(file)}".`);
    for (const r of reasons) io.err('  ' + r);
    return null;
  }
  const grid = grids.find((g) => g.sheet === read.chosen!.plan.sheet)!;
  const rules = opts.rules.preset ? draft : opts.rules.resolve(read.chosen.plan.level?.level ?? 'zhongzhi');
  const misfit = perSemesterProblems(rules, read.chosen.plan.semesters.length).map((p) => p.message);
  if (misfit.length) throw new SettingsError(misfit);
  return { chosen: read.chosen, sheets: read.sheets, workbook, grid, grids, readOptions, rules, bytes: data };
}

