/**
 * plan-balancer — the command line.
 *   plan-balancer check <file.xlsx> [--sheet NAME] [--rules FILE] [--preset zhongzhi|gaozhi] [--json] [--lang zh|en]
 * Exit 0: no error-level finding; 1: errors found; 2: the input could not be read.
 */

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { check } from '../core/checker';
import { msg, pick, type Lang, type Message } from '../core/message';
import { readWorkbook, type ReadSuccess } from '../core/reader';
import { type PresetId, type Rules, resolveRules } from '../core/rules';
import { WorkbookError, loadWorkbook, workbookGrids } from '../xlsx/read';
import { checkJson, checkText } from './report';

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
  plan-balancer check <文件.xlsx> [--sheet 工作表] [--rules 规则.json] [--preset zhongzhi|gaozhi] [--json] [--lang zh|en]

  check    读取教学进程表并按规则检查（中职/高职预设，可用 JSON 覆盖任何数值）
退出码：0 无错误；1 有错误级问题；2 文件无法读取。`,
  `Usage:
  plan-balancer check <file.xlsx> [--sheet NAME] [--rules FILE.json] [--preset zhongzhi|gaozhi] [--json] [--lang zh|en]

  check    read the teaching-schedule sheet and check it against the rules (presets for 中职/高职; a JSON file overrides any value)
Exit codes: 0 no errors; 1 error-level findings; 2 the input could not be read.`,
);

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  let lang: Lang = 'zh';
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        sheet: { type: 'string' },
        rules: { type: 'string' },
        preset: { type: 'string' },
        json: { type: 'boolean' },
        lang: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.lang) lang = values.lang.startsWith('en') ? 'en' : 'zh';
    const [command, file] = positionals;
    if (values.help || !command) {
      io.out(pick(USAGE, lang));
      return command || values.help ? EXIT_OK : EXIT_UNREADABLE;
    }
    if (command !== 'check') throw new UsageError(msg(`未知命令“${command}”。`, `Unknown command "${command}".`));
    if (!file) throw new UsageError(msg('请给出要检查的 .xlsx 文件。', 'Name the .xlsx file to check.'));
    const preset = (values.preset ?? 'zhongzhi') as PresetId;
    if (preset !== 'zhongzhi' && preset !== 'gaozhi') throw new UsageError(msg(`未知预设“${preset}”：可用 zhongzhi 或 gaozhi。`, `Unknown preset "${preset}": use zhongzhi or gaozhi.`));
    const rules = await loadRules(preset, values.rules, io, lang);
    return await runCheck(file, { sheet: values.sheet, json: !!values.json, lang, rules }, io);
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

async function loadRules(preset: PresetId, file: string | undefined, io: Io, lang: Lang): Promise<Rules> {
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
  const { rules, problems } = resolveRules(preset, overrides);
  for (const p of problems) io.err(pick(p.message, lang));
  return rules;
}

interface CheckOptions {
  sheet?: string;
  json: boolean;
  lang: Lang;
  rules: Rules;
}

async function runCheck(file: string, opts: CheckOptions, io: Io): Promise<number> {
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch {
    throw new WorkbookError(msg(`找不到文件“${file}”。`, `File "${file}" not found.`));
  }
  const wb = await loadWorkbook(data, path.basename(file));
  let grids = workbookGrids(wb);
  if (opts.sheet) {
    const names = grids.map((g) => g.sheet);
    grids = grids.filter((g) => g.sheet === opts.sheet);
    if (grids.length === 0)
      throw new WorkbookError(msg(`工作簿中没有名为“${opts.sheet}”的工作表（有：${names.join('、')}）。`, `No sheet named "${opts.sheet}" (the workbook has: ${names.join(', ')}).`));
  }
  const weeks = opts.rules.weeksPerSemester;
  const read = readWorkbook(grids, { weeks });
  if (!read.chosen) {
    const reasons = read.sheets.map((r) => (r.ok ? '' : pick(r.error, opts.lang))).filter(Boolean);
    io.err(opts.lang === 'zh' ? `“${path.basename(file)}”中没有找到课程表。` : `No course table found in "${path.basename(file)}".`);
    for (const r of reasons) io.err('  ' + r);
    return EXIT_UNREADABLE;
  }
  const chosen: ReadSuccess = read.chosen;
  const result = check(chosen.plan, opts.rules);
  if (opts.json) io.out(JSON.stringify(checkJson(chosen.plan, result, read.sheets), null, 2));
  else io.out(checkText(file, chosen.plan, result, read.sheets, opts.lang));
  return result.findings.some((f) => f.severity === 'error') ? EXIT_FINDINGS : EXIT_OK;
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
