/** plan-balancer check: one workbook checked and reported, or many (files and folders) at once with a summary workbook. */

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { check } from '../../core/checker';
import { msg, pick, type Lang, type Message } from '../../core/message';
import { sharedCourses } from '../../core/shared';
import { assertSafeOutput, explainFsError, FileError, writeFileAtomic } from '../../node/files';
import { summaryWorkbook } from '../../xlsx/summary';
import { type CommandSpec, EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, presetOption, READ_OPTIONS, refuse, type Values } from '../args';
import { batchExitCode, checkMany, isFolder, listWorkbooks, noWorkbook, progressOf, skippedLines, summaryRow } from '../batch';
import { type Io, loadRules, readInput, type RulesInput } from '../input';
import { checkJson, checkText } from '../report';
import { coursesOfCheck } from '../sharedBatch';

export const CHECK: CommandSpec = {
  name: 'check',
  summary: msg(
    '检查教学计划：读取整个工作簿（课程表、实践教学表、教学时间分配表合并为一个方案；汇总表与附表只核对不计入），按规则逐条列出问题及所在单元格。',
    'Check a teaching plan: the whole workbook is read (course tables, practice and calendar sheets combined into one plan; summary sheets and appendices checked, not counted) and every problem is listed with its cells.',
  ),
  forms: [msg('check <文件.xlsx> [选项]', 'check <file.xlsx> [options]'), msg('check <文件或文件夹>… [--summary 汇总.xlsx] [选项]', 'check <files or folders>… [--summary summary.xlsx] [options]')],
  about: msg(
    '中职/高职按工作簿自动判断（--preset 指定）。多个工作簿时在所有 CPU 核上逐个检查，一个坏文件不影响其余。\n退出码：0 没有错误；1 有错误；2 输入有误（文件无法读取、选项或规则文件有误）；3 内部错误。',
    'The level (secondary 中职 / higher 高职) comes from the workbook (--preset overrides). Many workbooks are checked on all cores; a bad file never stops the rest.\nExit codes: 0 no errors; 1 errors found; 2 bad input (unreadable file, bad option or rules file); 3 internal error.',
  ),
  options: {
    ...READ_OPTIONS,
    preset: { type: 'string', value: msg('auto|zhongzhi|gaozhi', 'auto|zhongzhi|gaozhi'), help: msg('规则预设：按工作簿判断、中职或高职', 'rules preset: from the workbook, secondary or higher vocational') },
    json: { type: 'boolean', help: msg('输出 JSON（给其他程序）', 'print JSON (for other programs)') },
    summary: { type: 'string', value: msg('汇总.xlsx', 'SUMMARY.xlsx'), help: msg('多个工作簿：写出汇总工作簿（每个方案一行）', 'many workbooks: write a summary workbook (a row per plan)') },
    verbose: { type: 'boolean', help: msg('每个问题后附检查规则的编号（给开发者）', "add each problem's rule id (for developers)") },
  },
  examples: [
    { line: 'plan-balancer check 电子商务.xlsx', what: msg('检查一个方案，逐条列出问题', 'check one plan, every problem listed') },
    { line: 'plan-balancer check 电子商务.xlsx --preset gaozhi --rules 本校规则.json', what: msg('按高职规则，并用本校的规则文件改写数值', 'under the higher-vocational rules, with the school\'s own values') },
    { line: 'plan-balancer check 各专业方案/ --summary 汇总.xlsx', what: msg('检查文件夹里的全部方案，写出汇总表', 'check every plan in a folder and write the summary workbook') },
  ],
};

export async function runCheckCommand(values: Values, positionals: string[], lang: Lang, io: Io): Promise<number> {
  const [file] = positionals;
  if (positionals.length > 1 || values.summary !== undefined || (await isFolder(file))) return runBatchCheck(positionals, values, lang, io);
  // Every option and the rules file are checked together; any problem stops before reading.
  const problems: Message[] = [];
  const rules = await loadRules(presetOption(values, problems), values.rules as string | undefined, problems);
  if (problems.length) return refuse(problems, io, lang);
  return runCheck(file, { sheet: values.sheet as string | undefined, exclude: (values.exclude as string[] | undefined) ?? [], json: !!values.json, lang, rules, verbose: !!values.verbose }, io);
}

/**
 * check over many workbooks (files and folders): each checked exactly as on its own, on all cores;
 * progress on a terminal, a line per workbook when piped; --summary writes the summary workbook.
 */
async function runBatchCheck(paths: string[], values: Values, lang: Lang, io: Io): Promise<number> {
  // The per-workbook options pass through unchanged; the batch's own do not.
  const passthrough: string[] = [];
  for (const flag of ['sheet', 'rules', 'preset', 'lang'] as const) if (typeof values[flag] === 'string') passthrough.push(`--${flag}`, values[flag] as string);
  for (const x of (values.exclude as string[] | undefined) ?? []) passthrough.push('--exclude', x);
  const problems: Message[] = [];
  if (values.rules) await loadRules(undefined, values.rules as string, problems);
  const summary = values.summary as string | undefined;
  if (summary !== undefined && !/\.xlsx$/i.test(summary)) problems.push(msg(`--summary 应为 .xlsx 文件：现为“${summary}”。`, `--summary takes an .xlsx file: got "${summary}".`));
  const { files, missing, skipped } = await listWorkbooks(paths);
  for (const m of missing) problems.push(msg(`找不到“${m}”。`, `"${m}" does not exist.`));
  if (files.length === 0) problems.push(noWorkbook(skipped));
  if (summary) await assertSafeOutput(summary, files).catch((e) => problems.push(e instanceof FileError ? e.info : msg(`--summary 不能覆盖要检查的工作簿。`, `--summary must not overwrite a workbook being checked.`)));
  if (problems.length) return refuse(problems, io, lang);
  const t0 = Date.now();
  const progress = progressOf(files.length, !!values.json, io);
  const items = await checkMany(files, passthrough, (item, done) => {
    const errors = item.json?.findings.filter((f) => f.severity === 'error').length;
    progress(done, path.basename(item.file), pick(item.json ? msg(`${errors} 个错误`, `${errors} error(s)`) : msg('无法读取', 'unreadable'), lang));
  });
  const rows = items.map((i) => summaryRow(i, lang));
  if (summary) {
    try {
      await mkdir(path.dirname(path.resolve(summary)));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw explainFsError(e, summary, 'write');
    }
    const shared = sharedCourses(items.filter((i) => i.json).map((i) => coursesOfCheck(i.file, i.json!)));
    await writeFileAtomic(summary, await summaryWorkbook(rows, lang, shared));
  }
  if (values.json) io.out(JSON.stringify([...items.map((i) => ({ file: i.file, code: i.code, ...(i.json ? { check: i.json } : { error: i.error }) })), ...skipped.map((x) => ({ file: x.path, skipped: pick(x.why, lang) }))], null, 2));
  else {
    const bad = rows.filter((r) => r.error);
    const withErrors = rows.filter((r) => (r.errors ?? 0) > 0);
    io.out(
      pick(
        msg(
          `检查了 ${files.length} 个工作簿（${((Date.now() - t0) / 1000).toFixed(1)} 秒）：${withErrors.length} 个有错误，${bad.length} 个无法读取，${rows.length - withErrors.length - bad.length} 个没有错误。`,
          `Checked ${files.length} workbook(s) in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${withErrors.length} with errors, ${bad.length} unreadable, ${rows.length - withErrors.length - bad.length} without errors.`,
        ),
        lang,
      ),
    );
    const counted = (r: (typeof rows)[number]) => pick(msg(`${r.errors} 个错误，${r.warnings} 个警告`, `${r.errors} error(s), ${r.warnings} warning(s)`), lang);
    for (const r of rows) io.out(`  ${r.error ? '✗' : (r.errors ?? 0) > 0 ? '✖' : '✓'} ${r.file}${lang === 'zh' ? '：' : ': '}${r.error ?? `${counted(r)}${r.firstProblems[0] ? ` — ${r.firstProblems[0]}` : ''}`}`);
    for (const line of skippedLines(skipped, lang)) io.out(line);
    if (summary) {
      const shared = sharedCourses(items.filter((i) => i.json).map((i) => coursesOfCheck(i.file, i.json!)));
      if (shared.length) io.out(pick(msg(`${shared.length} 门课程由多个专业共享（同名同学时），各学期开课专业数见汇总表“共享课程”。`, `${shared.length} course(s) are shared by several programmes (same name and hours): programmes per semester in the summary's "Shared courses" sheet.`), lang));
      io.out(pick(msg(`汇总表已写入 ${summary}`, `Summary written to ${summary}`), lang));
    }
  }
  return batchExitCode(items, skipped);
}

/** The rules file's overrides, and the preset given (undefined: as the workbook's level says). */
export interface CheckOptions {
  sheet?: string;
  exclude: string[];
  json: boolean;
  lang: Lang;
  rules: RulesInput;
  verbose?: boolean;
}

async function runCheck(file: string, opts: CheckOptions, io: Io): Promise<number> {
  const input = await readInput(file, opts, io);
  if (!input) return EXIT_UNREADABLE;
  const result = check(input.chosen.plan, input.rules);
  if (opts.json) io.out(JSON.stringify(checkJson(input.chosen.plan, result, input.sheets, input.rules.preset), null, 2));
  else io.out(checkText(file, input.chosen.plan, result, input.sheets, opts.lang, opts.verbose));
  return result.findings.some((f) => f.severity === 'error') ? EXIT_FINDINGS : EXIT_OK;
}
