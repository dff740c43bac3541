/**
 * plan-balancer — the command line.
 *   plan-balancer check <file.xlsx> [--sheet NAME] [--rules FILE] [--preset zhongzhi|gaozhi] [--json] [--lang zh|en]
 *   plan-balancer optimize <in.xlsx> -o <out.xlsx> [--cap N] [--weeks 18,18,…] [--free-locked] [--time-limit S]
 *                          [--solver auto|jslp|highs] [--sheet NAME] [--rules FILE] [--preset …] [--json] [--lang zh|en]
 * Exit 0: no error-level finding; 1: errors found; 2: the input could not be read.
 */

import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { check } from '../core/checker';
import { msg, pick, type Lang, type Message } from '../core/message';
import type { Grid } from '../core/grid';
import { interpret, problemFromPlan, type OptimizeSettings } from '../core/optimizer';
import { buildPatch } from '../core/patch';
import { readWorkbook, type ReadResult, type ReadSuccess } from '../core/reader';
import { solve, type SolverChoice } from '../node/solver';
import { applyPatchToWorkbook } from '../xlsx/write';
import { type PresetId, type Rules, readOptionsOf, resolveRules } from '../core/rules';
import { WorkbookError, loadWorkbook, workbookGrids } from '../xlsx/read';
import { checkJson, checkText, optimizeJson, optimizeText } from './report';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_UNREADABLE = 2;

class UsageError extends Error {
  constructor(readonly info: Message) {
    super(info.en);
  }
}

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const defaultIo: Io = { out: (s) => process.stdout.write(s + '\n'), err: (s) => process.stderr.write(s + '\n') };

const USAGE = msg(
  `用法：
  plan-balancer check <文件.xlsx> [--sheet 工作表] [--exclude 工作表]… [--rules 规则.json] [--preset auto|zhongzhi|gaozhi] [--json] [--lang zh|en]
  plan-balancer optimize <输入.xlsx> -o <输出.xlsx> [--cap 28] [--weeks 18,18,18,20,18,18] [--free-locked]
                         [--time-limit 秒] [--solver auto|jslp|highs] [--max-span 4] [--spread 1] [--total-slack 学时] [其余同 check]

  check     读取整个工作簿（各课程表、实践教学表、教学时间分配表合并为一个方案；汇总表与附表只核对不计入），
            按规则检查（中职/高职按工作簿自动判断，可用 --preset 指定；JSON 可覆盖任何数值）
  optimize  用整数规划重新分配各学期学时，写出新工作簿（改动与冲突单元格着色并加批注，另附“优化报告”表）
退出码：0 无错误；1 有错误级问题或规则无法同时满足；2 文件无法读取。`,
  `Usage:
  plan-balancer check <file.xlsx> [--sheet NAME] [--exclude NAME]… [--rules FILE.json] [--preset auto|zhongzhi|gaozhi] [--json] [--lang zh|en]
  plan-balancer optimize <in.xlsx> -o <out.xlsx> [--cap 28] [--weeks 18,18,18,20,18,18] [--free-locked]
                         [--time-limit S] [--solver auto|jslp|highs] [--max-span 4] [--spread 1] [--total-slack H] [check's options]

  check     read the whole workbook (course tables, practice tables and the teaching calendar combined into one plan;
            summary sheets and appendices checked, not counted) and check it against the rules (中职/高职 detected
            from the workbook, --preset overrides; a JSON file overrides any value)
  optimize  redistribute semester hours with integer programming and write a new workbook (changed and conflicting
            cells filled and noted, plus an "优化报告" report sheet)
Exit codes: 0 no errors; 1 error-level findings or rules that cannot all hold; 2 the input could not be read.`,
);

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  let lang: Lang = 'zh';
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        sheet: { type: 'string' },
        exclude: { type: 'string', multiple: true },
        rules: { type: 'string' },
        preset: { type: 'string' },
        json: { type: 'boolean' },
        lang: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        output: { type: 'string', short: 'o' },
        cap: { type: 'string' },
        weeks: { type: 'string' },
        'free-locked': { type: 'boolean' },
        'time-limit': { type: 'string' },
        solver: { type: 'string' },
        'max-span': { type: 'string' },
        spread: { type: 'string' },
        'total-slack': { type: 'string' },
      },
    });
    if (values.lang) lang = values.lang.startsWith('en') ? 'en' : 'zh';
    const [command, file] = positionals;
    if (values.help || !command) {
      io.out(pick(USAGE, lang));
      return command || values.help ? EXIT_OK : EXIT_UNREADABLE;
    }
    if (command !== 'check' && command !== 'optimize') throw new UsageError(msg(`未知命令“${command}”。`, `Unknown command "${command}".`));
    if (!file) throw new UsageError(msg('请给出要处理的 .xlsx 文件。', 'Name the .xlsx file.'));
    const preset = values.preset === undefined || values.preset === 'auto' ? undefined : (values.preset as PresetId);
    if (preset !== undefined && preset !== 'zhongzhi' && preset !== 'gaozhi') throw new UsageError(msg(`未知预设“${preset}”：可用 zhongzhi、gaozhi 或 auto。`, `Unknown preset "${preset}": use zhongzhi, gaozhi or auto.`));
    const rules = await loadRules(preset, values.rules, io, lang);
    if (command === 'optimize') {
      if (!values.output) throw new UsageError(msg('请用 -o 指定输出文件。', 'Name the output file with -o.'));
      if (path.resolve(values.output) === path.resolve(file)) throw new UsageError(msg('输出文件不能覆盖输入文件。', 'The output file must not overwrite the input.'));
      const solver = (values.solver ?? 'auto') as SolverChoice;
      if (!['auto', 'jslp', 'highs'].includes(solver)) throw new UsageError(msg(`未知求解器“${solver}”：可用 auto、jslp 或 highs。`, `Unknown solver "${solver}": use auto, jslp or highs.`));
      const settings: OptimizeSettings = {
        ...(values.cap ? { cap: numbers(values.cap, '--cap') } : {}),
        ...(values.weeks ? { weeks: numberList(values.weeks, '--weeks') } : {}),
        ...(values['free-locked'] ? { freeLocked: true } : {}),
        ...(values['max-span'] ? { maxSpan: positive(values['max-span'], '--max-span') } : {}),
        ...(values.spread ? { maxSpread: positive(values.spread, '--spread', true) } : {}),
        ...(values['total-slack'] ? { totalSlack: positive(values['total-slack'], '--total-slack', true) } : {}),
      };
      const timeLimit = values['time-limit'] ? positive(values['time-limit'], '--time-limit') : 30;
      return await runOptimize(file, values.output, { sheet: values.sheet, exclude: values.exclude ?? [], json: !!values.json, lang, rules, settings, solver, timeLimit }, io);
    }
    return await runCheck(file, { sheet: values.sheet, exclude: values.exclude ?? [], json: !!values.json, lang, rules }, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(pick(e.info, lang));
      io.err(pick(USAGE, lang));
      return EXIT_UNREADABLE;
    }
    if (e instanceof WorkbookError) {
      io.err(pick(e.info, lang));
      return EXIT_UNREADABLE;
    }
    if (e instanceof Error && 'code' in e && (e as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      io.err(e.message);
      io.err(pick(USAGE, lang));
      return EXIT_UNREADABLE;
    }
    throw e;
  }
}

function numberList(v: string, flag: string): number[] {
  const list = v.split(/[,，\s]+/).filter(Boolean).map(Number);
  if (list.length === 0 || list.some((x) => !(Number.isFinite(x) && x > 0))) throw new UsageError(msg(`${flag} 需要正数（可用逗号分隔）：“${v}”。`, `${flag} takes positive numbers (comma-separated): "${v}".`));
  return list;
}

function numbers(v: string, flag: string): number | number[] {
  const list = numberList(v, flag);
  return list.length === 1 ? list[0] : list;
}

function positive(v: string, flag: string, zeroOk = false): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || (!zeroOk && n === 0)) throw new UsageError(msg(`${flag} 需要${zeroOk ? '非负' : '正'}数：“${v}”。`, `${flag} takes a ${zeroOk ? 'non-negative' : 'positive'} number: "${v}".`));
  return n;
}

/** The rules file's overrides, and the preset given (undefined: as the workbook's level says). */
interface RulesInput {
  preset: PresetId | undefined;
  overrides: unknown;
  /** Resolves the rules once the level is known; problems are printed once. */
  resolve(level: PresetId): Rules;
}

async function loadRules(preset: PresetId | undefined, file: string | undefined, io: Io, lang: Lang): Promise<RulesInput> {
  let overrides: unknown;
  if (file) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      throw new WorkbookError(msg(`找不到规则文件“${file}”。`, `Rules file "${file}" not found.`));
    }
    try {
      overrides = JSON.parse(text);
    } catch (e) {
      throw new WorkbookError(msg(`规则文件“${file}”不是有效的 JSON：${String(e)}`, `Rules file "${file}" is not valid JSON: ${String(e)}`));
    }
  }
  let printed = false;
  return {
    preset,
    overrides,
    resolve(level) {
      const { rules, problems } = resolveRules(preset ?? level, overrides);
      if (!printed) for (const p of problems) io.err(pick(p.message, lang));
      printed = true;
      return rules;
    },
  };
}

interface Loaded {
  chosen: ReadSuccess;
  sheets: ReadResult[];
  workbook: Awaited<ReturnType<typeof loadWorkbook>>;
  grid: Grid;
  /** The rules in force: the preset given, or the one the workbook's level calls for. */
  rules: Rules;
}

async function readInput(file: string, opts: { sheet?: string; exclude: string[]; rules: RulesInput; lang: Lang }, io: Io): Promise<Loaded | null> {
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch {
    throw new WorkbookError(msg(`找不到文件“${file}”。`, `File "${file}" not found.`));
  }
  const workbook = await loadWorkbook(data, path.basename(file));
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
  const read = readWorkbook(grids, { ...readOptionsOf(draft), exclude: opts.exclude });
  if (!read.chosen) {
    const reasons = read.sheets.map((r) => (r.ok ? '' : pick(r.error, opts.lang))).filter(Boolean);
    io.err(opts.lang === 'zh' ? `“${path.basename(file)}”中没有找到课程表。` : `No course table found in "${path.basename(file)}".`);
    for (const r of reasons) io.err('  ' + r);
    return null;
  }
  const grid = grids.find((g) => g.sheet === read.chosen!.plan.sheet)!;
  const rules = opts.rules.preset ? draft : opts.rules.resolve(read.chosen.plan.level?.level ?? 'zhongzhi');
  return { chosen: read.chosen, sheets: read.sheets, workbook, grid, rules };
}

interface CheckOptions {
  sheet?: string;
  exclude: string[];
  json: boolean;
  lang: Lang;
  rules: RulesInput;
}

async function runCheck(file: string, opts: CheckOptions, io: Io): Promise<number> {
  const input = await readInput(file, opts, io);
  if (!input) return EXIT_UNREADABLE;
  const result = check(input.chosen.plan, input.rules);
  if (opts.json) io.out(JSON.stringify(checkJson(input.chosen.plan, result, input.sheets, input.rules.preset), null, 2));
  else io.out(checkText(file, input.chosen.plan, result, input.sheets, opts.lang));
  return result.findings.some((f) => f.severity === 'error') ? EXIT_FINDINGS : EXIT_OK;
}

interface OptimizeOptions extends CheckOptions {
  settings: OptimizeSettings;
  solver: SolverChoice;
  timeLimit: number;
}

async function runOptimize(file: string, out: string, opts: OptimizeOptions, io: Io): Promise<number> {
  const input = await readInput(file, opts, io);
  if (!input) return EXIT_UNREADABLE;
  const plan = input.chosen.plan;
  // The cap given on the command line is the rule the result is checked against, too.
  const rules: Rules = opts.settings.cap !== undefined ? { ...input.rules, weeklyCap: opts.settings.cap } : input.rules;
  const { problem, notes } = problemFromPlan(plan, rules, opts.settings);
  const report = await solve(problem, opts.solver, opts.timeLimit);
  if (!report.solution || report.solution.status === 'failed') {
    io.err(opts.lang === 'zh' ? `求解失败：${report.solution?.message ?? '求解器没有给出结果'}（${report.attempts.map((a) => `${a.backend} ${a.outcome}`).join('，')}）` : `The solver failed: ${report.solution?.message ?? 'no answer'} (${report.attempts.map((a) => `${a.backend} ${a.outcome}`).join(', ')})`);
    return EXIT_FINDINGS;
  }
  const result = interpret(plan, rules, problem, report.solution, notes.map((n) => n.message));
  const settingsNote = describeSettings(rules, opts.settings, opts.timeLimit, opts.solver);
  const patch = buildPatch(plan, input.grid, result, rules, settingsNote);
  applyPatchToWorkbook(input.workbook, patch, opts.lang);
  await mkdir(path.dirname(path.resolve(out)), { recursive: true });
  await input.workbook.xlsx.writeFile(out);
  if (opts.json) io.out(JSON.stringify(optimizeJson(result, report.attempts, patch, out), null, 2));
  else io.out(optimizeText(file, out, result, report.attempts, patch, opts.lang));
  const errors = result.check.findings.some((f) => f.severity === 'error');
  return result.conflicts.length || errors ? EXIT_FINDINGS : EXIT_OK;
}

function describeSettings(rules: Rules, s: OptimizeSettings, timeLimit: number, solver: SolverChoice): Message {
  const cap = Array.isArray(rules.weeklyCap) ? rules.weeklyCap.join('/') : rules.weeklyCap;
  return msg(
    `预设 ${rules.preset}，周学时上限 ${cap}，${s.freeLocked ? '已有安排可调整' : '已有安排锁定'}，每门课最多 ${s.maxSpan ?? 4} 个学期，周学时差 ≤ ${s.maxSpread ?? 1}，时限 ${timeLimit} 秒，求解器 ${solver}`,
    `preset ${rules.preset}, weekly cap ${cap}, ${s.freeLocked ? 'placed cells free' : 'placed cells locked'}, at most ${s.maxSpan ?? 4} semesters a course, weekly hours differ by ≤ ${s.maxSpread ?? 1}, time limit ${timeLimit} s, solver ${solver}`,
  );
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e) => {
      process.stderr.write(`内部错误 / internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exitCode = 3;
    },
  );
}
