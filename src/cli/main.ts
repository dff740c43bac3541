/**
 * plan-balancer — the command line.
 *   plan-balancer check <file.xlsx> [--sheet NAME] [--rules FILE] [--preset zhongzhi|gaozhi] [--json] [--lang zh|en]
 *   plan-balancer optimize <in.xlsx> -o <out.xlsx> [--cap N] [--weeks 18,18,…] [--mode keep|rebalance|plan] [--time-limit S]
 *                          [--solver auto|jslp|highs] [--sheet NAME] [--rules FILE] [--preset …] [--json] [--lang zh|en]
 * Exit 0: no error-level finding; 1: errors found; 2: the input could not be read.
 */

import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { check } from '../core/checker';
import { msg, pick, type Lang, type Message } from '../core/message';
import { OPTIMIZE_MODES, type OptimizeMode, type OptimizeSettings } from '../core/optimizer';
import { defaultPick, MAX_SCENARIOS, parseScenario, type Scenario, scenarioBound, scenarioInputs, scenarioLine, scenarioSheetRows } from '../core/scenario';
import { type Optimized, optimizeRequest } from '../core/pipeline';
import { assertSafeOutput, explainFsError, FileError, writeFileAtomic } from '../node/files';
import { nodeEngine, type SolverChoice } from '../node/solver';
import { patchPackage } from '../xlsx/package';
import type { PresetId, Rules } from '../core/rules';
import { WorkbookError } from '../xlsx/read';
import { armCommandDeadline } from './deadline';
import { outputExtension, outputNameProblem } from './output';
import { summaryWorkbook } from '../xlsx/summary';
import { batchExitCode, checkMany, isFolder, ITEM_TIME_LIMIT_SEC, listWorkbooks, runMany, skippedLines, summaryRow, type SkippedPath } from './batch';
import { coursesOfCheck, optimizeTogether, sharedLine, type RunCommand, type TogetherItem } from './sharedBatch';
import { sectionLimit, sharedCourses, type SharedCourse } from '../core/shared';
import { checkJson, checkText, optimizeJson, optimizeText, scenarioTable } from './report';
import { type Io, loadRules, readInput, type RulesInput, SettingsError } from './input';
import { runDiff } from './diff';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_UNREADABLE = 2;
export const EXIT_INTERNAL = 3;
export const EXIT_NO_ANSWER = 4;

class UsageError extends Error {
  constructor(readonly info: Message) {
    super(info.en);
  }
}

const defaultIo: Io = { out: (s) => process.stdout.write(s + '\n'), err: (s) => process.stderr.write(s + '\n') };

const USAGE = msg(
  `用法：
  plan-balancer check <文件.xlsx> [--sheet 工作表] [--exclude 工作表]… [--rules 规则.json] [--preset auto|zhongzhi|gaozhi] [--json] [--lang zh|en]
  plan-balancer check <文件或文件夹>… [--summary 汇总.xlsx] [其余同上]
  plan-balancer optimize <输入.xlsx> -o <输出.xlsx> [--cap 28] [--weeks 18,18,18,20,18,18] [--mode keep|rebalance|plan]
                         [--time-limit 秒] [--solver auto|jslp|highs] [--max-span 4] [--spread 1] [--total-slack 学时] [其余同 check]
                         [--scenario cap=30,mode=rebalance,internship=5+6,slack=36]…（2–4 个情景并列比较）[--pick 编号]
                         [--avoid 课程名=学期,学期]…（尽量不排在这些学期）
  plan-balancer optimize <多个文件或文件夹>… --out-dir <输出文件夹> [同上的优化选项]
  plan-balancer diff <修订前.xlsx> <修订后.xlsx> [--out 对照表.xlsx] [--json] [--lang zh|en]

  check     多个工作簿或文件夹：在所有 CPU 核上逐个检查，一个坏文件不影响其余，--summary 写出汇总工作簿（每个方案一行）
  check     读取整个工作簿（各课程表、实践教学表、教学时间分配表合并为一个方案；汇总表与附表只核对不计入），
            按规则检查（中职/高职按工作簿自动判断，可用 --preset 指定；JSON 可覆盖任何数值）
  optimize  用整数规划重新分配各学期学时，写出新工作簿（改动与冲突单元格着色并加批注，另附“优化报告”表）
            --mode keep：已填写的学期不动，只排空白课程；rebalance（已排满的方案默认）：先满足规则，再尽量少移动课程；
            plan：全部重新排课（--free-locked 同此）
  optimize  多个工作簿或文件夹：每个写出 <名称>.optimized.xlsx 到 --out-dir，在所有 CPU 核上进行，一个失败不影响其余
  diff      两个版本的方案对照（修订对照表）：课程增删与调整、总学时与学分、各学期周学时与占比、检查结果的变化，
            以及每个改动的单元格（值、公式、格式、批注）及其归属；--out 写出对照表工作簿。退出码 0 相同，1 有差异
退出码：0 无错误；1 有错误级问题或规则无法同时满足；2 输入有误（文件无法读取、选项或规则文件有误、无法写入）；
3 内部错误；4 求解器没有给出结果。--debug 显示内部错误的调用栈。`,
  `Usage:
  plan-balancer check <file.xlsx> [--sheet NAME] [--exclude NAME]… [--rules FILE.json] [--preset auto|zhongzhi|gaozhi] [--json] [--lang zh|en]
  plan-balancer check <files or folders>… [--summary summary.xlsx] [the options above]
  plan-balancer optimize <in.xlsx> -o <out.xlsx> [--cap 28] [--weeks 18,18,18,20,18,18] [--mode keep|rebalance|plan]
                         [--time-limit S] [--solver auto|jslp|highs] [--max-span 4] [--spread 1] [--total-slack H] [check's options]
                         [--scenario cap=30,mode=rebalance,internship=5+6,slack=36]… (2–4 compared side by side) [--pick N]
                         [--avoid COURSE=SEMESTER,SEMESTER]… (kept out of those semesters where it can be)
  plan-balancer optimize <files or folders>… --out-dir <folder> [the optimize options above]
  plan-balancer diff <before.xlsx> <after.xlsx> [--out comparison.xlsx] [--json] [--lang zh|en]

  check     many workbooks or folders: each checked as on its own, on all cores; a bad file never stops the rest;
            --summary writes a summary workbook (a row per plan, one sheet of findings per plan)
  check     read the whole workbook (course tables, practice tables and the teaching calendar combined into one plan;
            summary sheets and appendices checked, not counted) and check it against the rules (中职/高职 detected
            from the workbook, --preset overrides; a JSON file overrides any value)
  optimize  redistribute semester hours with integer programming and write a new workbook (changed and conflicting
            cells filled and noted, plus an "优化报告" report sheet)
            --mode keep: filled semester cells stay, empty courses are placed; rebalance (the default for a placed
            plan): the rules first, then move as few courses as possible; plan: place everything afresh (= --free-locked)
  optimize  many workbooks or folders: each written as <name>.optimized.xlsx into --out-dir, on all cores; one that
            fails never stops the rest
  diff      two versions of a plan compared: courses added, removed and changed, totals and credits, weekly hours and
            shares per semester, findings that appear or go, and every changed cell (value, formula, format, note) by
            who owns it; --out writes the comparison workbook. Exit 0 when the same, 1 when they differ
Exit codes: 0 no errors; 1 error-level findings or rules that cannot all hold; 2 bad input (unreadable file,
bad option or rules file, a file that cannot be written); 3 internal error; 4 the solver gave no answer.
--debug prints the stack of an internal error.`,
);

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  // The language first, so that even a command line that does not parse is answered in it.
  const langArg = argv.find((a, i) => a.startsWith('--lang=') || argv[i - 1] === '--lang');
  let lang: Lang = langArg?.replace('--lang=', '').startsWith('en') ? 'en' : 'zh';
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
        'out-dir': { type: 'string' },
        cap: { type: 'string' },
        weeks: { type: 'string' },
        'free-locked': { type: 'boolean' },
        mode: { type: 'string' },
        'time-limit': { type: 'string' },
        solver: { type: 'string' },
        'max-span': { type: 'string' },
        spread: { type: 'string' },
        'total-slack': { type: 'string' },
        debug: { type: 'boolean' },
        summary: { type: 'string' },
        scenario: { type: 'string', multiple: true },
        avoid: { type: 'string', multiple: true },
        pick: { type: 'string' },
        out: { type: 'string' },
      },
    });
    if (values.lang) lang = values.lang.startsWith('en') ? 'en' : 'zh';
    const [command, file] = positionals;
    if (values.help || !command) {
      io.out(pick(USAGE, lang));
      return command || values.help ? EXIT_OK : EXIT_UNREADABLE;
    }
    if (command !== 'check' && command !== 'optimize' && command !== 'diff') throw new UsageError(msg(`未知命令“${command}”。`, `Unknown command "${command}".`));
    if (!file) throw new UsageError(msg('请给出要处理的 .xlsx 文件。', 'Name the .xlsx file.'));
    if (command === 'diff') {
      if (positionals.length !== 3) throw new UsageError(msg('diff 需要两个工作簿：修订前的和修订后的。', 'diff takes two workbooks: the earlier and the later version.'));
      const problems: Message[] = [];
      const rules = await loadRules(undefined, values.rules, problems);
      if (problems.length) return refuse(problems, io, lang);
      return await runDiff(positionals[1], positionals[2], { json: !!values.json, ...(values.out ? { out: values.out } : {}), lang, rules, sheet: values.sheet, exclude: values.exclude ?? [] }, io);
    }
    const paths = positionals.slice(1);
    if (command === 'check' && (paths.length > 1 || values.summary !== undefined || (await isFolder(file)))) return await runBatchCheck(paths, values, lang, io);
    if (command === 'optimize' && (paths.length > 1 || values['out-dir'] !== undefined || (await isFolder(file)))) return await runBatchOptimize(paths, values, lang, io);
    if (values.summary !== undefined) throw new UsageError(msg('--summary 只用于 check。', '--summary is for check only.'));
    // Every option and the rules file are checked together; any problem stops before reading or writing.
    const problems: Message[] = [];
    const preset = values.preset === undefined || values.preset === 'auto' ? undefined : (values.preset as PresetId);
    if (preset !== undefined && preset !== 'zhongzhi' && preset !== 'gaozhi') problems.push(msg(`未知预设“${preset}”：可用 zhongzhi、gaozhi 或 auto。`, `Unknown preset "${preset}": use zhongzhi, gaozhi or auto.`));
    const rules = await loadRules(preset, values.rules, problems);
    if (command === 'optimize') {
      if (!values.output) problems.push(msg('请用 -o 指定输出文件（多个工作簿用 --out-dir 指定输出文件夹）。', 'Name the output file with -o (for many workbooks, an output folder with --out-dir).'));
      const badOutput = values.output ? outputNameProblem(values.output, file) : null;
      if (badOutput) problems.push(badOutput);
      const solver = (values.solver ?? 'auto') as SolverChoice;
      if (!['auto', 'jslp', 'highs'].includes(solver)) problems.push(msg(`未知求解器“${solver}”：可用 auto、jslp 或 highs。`, `Unknown solver "${solver}": use auto, jslp or highs.`));
      const opt = optimizeOptions(values, problems);
      if (problems.length) return refuse(problems, io, lang);
      await assertSafeOutput(values.output!, [file]);
      const pickN = values.pick === undefined ? undefined : Number(values.pick);
      if (pickN !== undefined && !Number.isInteger(pickN)) problems.push(msg(`--pick 应为情景编号：现为“${values.pick}”。`, `--pick takes a scenario number: got "${values.pick}".`));
      if (problems.length) return refuse(problems, io, lang);
      return await runOptimize(file, values.output!, { sheet: values.sheet, exclude: values.exclude ?? [], json: !!values.json, lang, rules, settings: opt.settings, solver, timeLimit: opt.timeLimit, scenarios: values.scenario ?? [], ...(pickN !== undefined ? { pick: pickN } : {}) }, io);
    }
    if (problems.length) return refuse(problems, io, lang);
    return await runCheck(file, { sheet: values.sheet, exclude: values.exclude ?? [], json: !!values.json, lang, rules }, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(pick(e.info, lang));
      io.err(pick(USAGE, lang));
      return EXIT_UNREADABLE;
    }
    if (e instanceof SettingsError) return refuse(e.problems, io, lang);
    if (e instanceof WorkbookError || e instanceof FileError) {
      io.err(pick(e.info, lang));
      return EXIT_UNREADABLE;
    }
    const code = (e as NodeJS.ErrnoException)?.code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      // e.g. "--cap -5": a value that starts with "-" reads as an option; say how to write it.
      io.err(pick(msg(`命令行参数有误：${(e as Error).message}（负数或以“-”开头的值请写成 --cap=值）。`, `Bad command line: ${(e as Error).message} (write a value that starts with "-" as --cap=VALUE).`), lang));
      io.err(pick(USAGE, lang));
      return EXIT_UNREADABLE;
    }
    throw e;
  }
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

/** A batch's progress: a bar on a terminal, a line per workbook when piped, nothing with --json. */
function progressOf(total: number, json: boolean, io: Io): (done: number, name: string, state?: string) => void {
  const tty = !json && process.stderr.isTTY === true;
  return (done, name, state) => {
    if (tty) {
      const width = 24;
      const filled = Math.round((done / total) * width);
      process.stderr.write(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total} ${name.slice(0, 40).padEnd(40)}`);
      if (done === total) process.stderr.write('\n');
    } else if (!json) io.err(`${done}/${total} ${name}${state ? `: ${state}` : ''}`);
  };
}

/** The options a batch hands on to each workbook's own command line, as the user wrote them. */
function passThrough(values: Values, flags: readonly string[]): string[] {
  const out: string[] = [];
  for (const flag of flags) {
    const v = values[flag];
    if (typeof v === 'string') out.push(`--${flag}=${v}`);
    else if (v === true) out.push(`--${flag}`);
    else if (Array.isArray(v)) for (const x of v) out.push(`--${flag}=${x}`);
  }
  return out;
}

/** "plan.xlsx" → "plan.optimized.xlsx", made unique within the batch ("plan-2.optimized.xlsx"). */
export function outputNames(files: string[], outDir: string): string[] {
  const used = new Set<string>();
  return files.map((f) => {
    const stem = path.basename(f).replace(/\.(xlsx|xlsm|xls)$/i, '');
    // The copy is the input's package edited in place: a macro-enabled one stays .xlsm.
    const ext = outputExtension(f);
    let name = `${stem}.optimized${ext}`;
    for (let k = 2; used.has(name.toLowerCase()); k++) name = `${stem}-${k}.optimized${ext}`;
    used.add(name.toLowerCase());
    return path.join(outDir, name);
  });
}

/**
 * optimize over many workbooks (files and folders) into --out-dir: each optimized exactly as on its
 * own (same options, same code path), on all cores; one that fails is a line and never stops the rest.
 * Earlier results in the folder (*.optimized.xlsx) are not taken as input again.
 */
async function runBatchOptimize(paths: string[], values: Values, lang: Lang, io: Io): Promise<number> {
  const problems: Message[] = [];
  const outDir = values['out-dir'] as string | undefined;
  if (outDir === undefined) problems.push(msg('多个工作簿请用 --out-dir 指定输出文件夹。', 'For many workbooks, name an output folder with --out-dir.'));
  if (values.output !== undefined) problems.push(msg('-o 只用于一个工作簿；多个工作簿请用 --out-dir。', '-o is for one workbook; for many, use --out-dir.'));
  if (values.scenario !== undefined || values.pick !== undefined) problems.push(msg('--scenario 与 --pick 一次只用于一个工作簿。', '--scenario and --pick work on one workbook at a time.'));
  if (values.summary !== undefined) problems.push(msg('--summary 只用于 check。', '--summary is for check only.'));
  const preset = values.preset === undefined || values.preset === 'auto' ? undefined : (values.preset as string);
  if (preset !== undefined && preset !== 'zhongzhi' && preset !== 'gaozhi') problems.push(msg(`未知预设“${preset}”：可用 zhongzhi、gaozhi 或 auto。`, `Unknown preset "${preset}": use zhongzhi, gaozhi or auto.`));
  const rulesInput = await loadRules(undefined, values.rules as string | undefined, problems);
  const solver = (values.solver ?? 'auto') as string;
  if (!['auto', 'jslp', 'highs'].includes(solver)) problems.push(msg(`未知求解器“${solver}”：可用 auto、jslp 或 highs。`, `Unknown solver "${solver}": use auto, jslp or highs.`));
  const { timeLimit } = optimizeOptions(values, problems);
  const listed = await listWorkbooks(paths);
  const explicit = new Set(paths.map((p) => path.resolve(p)));
  const earlier = (f: string) => !explicit.has(path.resolve(f)) && /\.optimized\.(xlsx|xlsm)$/i.test(f);
  const files = listed.files.filter((f) => !earlier(f));
  const skipped = [...listed.files.filter(earlier).map((f) => ({ path: f, why: msg('本工具以前的优化结果', 'an earlier result of this tool') })), ...listed.skipped];
  for (const m of listed.missing) problems.push(msg(`找不到“${m}”。`, `"${m}" does not exist.`));
  if (files.length === 0) problems.push(noWorkbook(skipped));
  if (problems.length) return refuse(problems, io, lang);
  try {
    await mkdir(path.resolve(outDir!), { recursive: true });
  } catch (e) {
    throw explainFsError(e, outDir!, 'write');
  }
  const outs = outputNames(files, outDir!);
  // No output may be a link or any input of the batch (a link planted in the output folder would lead onto one).
  for (const out of outs) await assertSafeOutput(out, files);
  const flags = ['sheet', 'exclude', 'rules', 'preset', 'lang', 'cap', 'weeks', 'free-locked', 'mode', 'time-limit', 'solver', 'max-span', 'spread', 'total-slack'] as const;
  const passthrough = passThrough(values, flags);
  const t0 = Date.now();
  type OptimizeJson = ReturnType<typeof optimizeJson>;
  const progress = progressOf(files.length, !!values.json, io);
  // With a section limit for shared courses the programmes are optimized together, one after another.
  const shareRules = problems.length ? null : rulesInput.resolve('zhongzhi').sharedCourses;
  const together = !!shareRules && (shareRules.sectionsPerSemester > 0 || Object.keys(shareRules.perCourse).length > 0);
  let items: (TogetherItem | { file: string; code: number; output?: string; optimize?: OptimizeJson; shared?: undefined; error?: string; avoided?: undefined; ownRulesFirst?: undefined })[];
  let shared: SharedCourse[] = [];
  let sharedAfter: SharedCourse[] = [];
  if (together) {
    const checkFlags = passThrough(values, ['sheet', 'exclude', 'rules', 'preset', 'lang'] as const);
    const checks = await checkMany(files, checkFlags, () => undefined);
    const run: RunCommand = async (argv) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main(argv, { out: (x) => out.push(x), err: (x) => err.push(x) });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    const limits = rulesInput.resolve('zhongzhi');
    const done = await optimizeTogether(
      files,
      outs,
      checks.map((c) => c.json),
      checks.map((c) => c.error),
      (f, out, avoid) => ['optimize', f, '-o', out, '--json', ...passthrough, ...Object.entries(avoid).map(([name, list]) => `--avoid=${name}=${list.join(',')}`)],
      (name) => sectionLimit(limits, name),
      run,
      (n) => progress(n, path.basename(files[n - 1])),
    );
    items = done.items;
    shared = done.shared;
    sharedAfter = done.sharedAfter;
  } else {
    const many = await runMany<OptimizeJson>(
      files,
      (f) => ['optimize', f, '-o', outs[files.indexOf(f)], '--json', ...passthrough],
      (item, done) => progress(done, path.basename(item.file)),
      // Each workbook's solve races two solvers on its own threads: one workbook per core pair is enough.
      Math.max(1, Math.min(files.length, Math.ceil((os.availableParallelism?.() ?? os.cpus().length) / 2))),
      // Each workbook is bounded as its own command would be: its solves, then reading and writing.
      timeLimit + ITEM_TIME_LIMIT_SEC,
    );
    items = many.map((i, k) => ({ file: i.file, code: i.code, ...(i.json ? { output: outs[k], optimize: i.json } : { error: i.error }) }));
  }
  if (values.json) {
    io.out(JSON.stringify({ together, items: items.map((i) => ({ file: i.file, code: i.code, ...(i.optimize ? { output: i.output, optimize: i.optimize } : { error: i.error }), ...(together ? { avoided: i.avoided ?? {}, ownRulesFirst: !!i.ownRulesFirst, shared: i.shared ?? [] } : {}) })), ...(together ? { sharedBefore: shared, sharedAfter } : {}), skipped: skipped.map((x) => ({ file: x.path, why: pick(x.why, lang) })) }, null, 2));
  } else {
    const failed = items.filter((i) => !i.optimize);
    const conflicted = items.filter((i) => i.optimize && (i.optimize.conflicts.length > 0 || (i.shared?.length ?? 0) > 0));
    io.out(
      pick(
        msg(
          `优化了 ${files.length} 个工作簿（${((Date.now() - t0) / 1000).toFixed(1)} 秒），结果在 ${outDir}：${items.length - failed.length - conflicted.length} 个满足全部规则，${conflicted.length} 个有冲突，${failed.length} 个无法处理。`,
          `Optimized ${files.length} workbook(s) in ${((Date.now() - t0) / 1000).toFixed(1)} s into ${outDir}: ${items.length - failed.length - conflicted.length} meet every rule, ${conflicted.length} with conflicts, ${failed.length} could not be done.`,
        ),
        lang,
      ),
    );
    for (const i of items) {
      const name = path.basename(i.file);
      const j = i.optimize;
      if (!j) {
        io.out(`  ✗ ${name}: ${i.error ?? ''}`);
        continue;
      }
      const largest = Math.max(0, ...j.loads.filter((l) => !l.internship).map((l) => l.weeklyHours));
      const moved = j.changes.filter((c) => c.kind === 'moved').length;
      const line = pick(
        msg(`最大周学时 ${Math.round(largest * 100) / 100}，移动 ${moved} 门、排入 ${j.changes.length - moved} 门，冲突 ${j.conflicts.length}`, `largest load ${Math.round(largest * 100) / 100} h/wk, ${moved} moved, ${j.changes.length - moved} placed, ${j.conflicts.length} conflict(s)`),
        lang,
      );
      io.out(`  ${j.conflicts.length || i.shared?.length ? '✖' : '✓'} ${name} → ${path.basename(i.output!)}: ${line}${j.conflicts[0] ? ` — ${pick(j.conflicts[0].fix, lang)}` : ''}`);
      for (const c of i.shared ?? []) io.out(`      ✖ ${pick(c.message, lang)}`);
    }
    if (together) {
      io.out(pick(msg(`共享课程（同名同学时，${shared.length} 门）优化后各学期开课专业数：`, `Shared courses (same name and hours, ${shared.length}) after optimizing, programmes per semester:`), lang));
      const terms = Math.max(0, ...items.map((i) => i.optimize?.loads.length ?? 0));
      for (const c of sharedAfter) io.out(`  ${sharedLine(c, terms, lang)}`);
    }
    for (const line of skippedLines(skipped, lang)) io.out(line);
  }
  return batchExitCode(items, skipped);
}

/** "No workbook found", with every path that was looked at and why it was not one. */
function noWorkbook(skipped: SkippedPath[]): Message {
  return msg(
    `没有找到 .xlsx 工作簿${skipped.length ? `：${skipped.map((x) => `${x.path}（${x.why.zh}）`).join('；')}` : ''}。`,
    `No .xlsx workbook found${skipped.length ? `: ${skipped.map((x) => `${x.path} (${x.why.en})`).join('; ')}` : ''}.`,
  );
}

function refuse(problems: Message[], io: Io, lang: Lang): number {
  io.err(pick(msg(`有 ${problems.length} 处设置需要修正，未做任何处理：`, `${problems.length} setting(s) need fixing; nothing was done:`), lang));
  for (const p of problems) io.err(`  • ${pick(p, lang)}`);
  return EXIT_UNREADABLE;
}

type Values = Record<string, string | boolean | string[] | undefined>;

/** A number option within [min, max] (integers where asked); a problem, not an exception, when not. */
function numberOption(values: Values, flag: string, min: number, max: number, problems: Message[], integer = false, list = false): number | number[] | undefined {
  const raw = values[flag];
  if (raw === undefined || typeof raw !== 'string') return undefined;
  const parts = raw.split(/[,，\s]+/).filter(Boolean);
  const nums = parts.map((x) => Number(x.replace(/^＋|^\+/, '')));
  const ok = parts.length > 0 && (list || parts.length === 1) && nums.every((x) => Number.isFinite(x) && x >= min && x <= max && (!integer || Number.isInteger(x)));
  if (!ok) {
    problems.push(
      msg(
        `--${flag} 应为 ${min}–${max} 之间的${integer ? '整' : ''}数${list ? '（一个，或每学期一个，用逗号分隔）' : ''}：现为“${raw}”。`,
        `--${flag} takes ${list ? 'one number or one per semester (comma-separated), each' : 'a number'} from ${min} to ${max}${integer ? ', whole' : ''}: got "${raw}".`,
      ),
    );
    return undefined;
  }
  return list && nums.length > 1 ? nums : nums[0];
}

function optimizeOptions(values: Values, problems: Message[]): { settings: OptimizeSettings; timeLimit: number } {
  const cap = numberOption(values, 'cap', 1, 80, problems, false, true);
  const weeks = numberOption(values, 'weeks', 1, 30, problems, true, true);
  const maxSpan = numberOption(values, 'max-span', 1, 12, problems, true) as number | undefined;
  const spread = numberOption(values, 'spread', 0, 6, problems, true) as number | undefined;
  const slack = numberOption(values, 'total-slack', 0, 2000, problems) as number | undefined;
  const timeLimit = (numberOption(values, 'time-limit', 1, 3600, problems) as number | undefined) ?? 30;
  const avoid: Record<string, number[]> = {};
  for (const item of (values.avoid as string[] | undefined) ?? []) {
    const at = item.lastIndexOf('=');
    const name = at > 0 ? item.slice(0, at).trim() : '';
    const list = at > 0 ? item.slice(at + 1).split(/[,，+、]/).map((x) => Number(x.trim())) : [];
    if (!name || !list.length || !list.every((x) => Number.isInteger(x) && x >= 1 && x <= 20))
      problems.push(msg(`--avoid 应写作“课程名=学期,学期”，如 体育与健康=1,2：现为“${item}”。`, `--avoid takes "course=semester,semester", e.g. 体育与健康=1,2: got "${item}".`));
    else avoid[name] = [...new Set([...(avoid[name] ?? []), ...list])].sort((a, b) => a - b);
  }
  const mode = values.mode;
  if (mode !== undefined && (typeof mode !== 'string' || !(OPTIMIZE_MODES as string[]).includes(mode)))
    problems.push(msg(`--mode 应为 keep、rebalance 或 plan：现为“${String(mode)}”。`, `--mode takes keep, rebalance or plan: got "${String(mode)}".`));
  if (mode === 'keep' && values['free-locked']) problems.push(msg('--mode keep 与 --free-locked 相互矛盾：请只给一个。', '--mode keep and --free-locked contradict each other: give one.'));
  return {
    settings: {
      ...(cap !== undefined ? { cap } : {}),
      ...(weeks !== undefined ? { weeks: Array.isArray(weeks) ? weeks : [weeks] } : {}),
      ...(values['free-locked'] ? { mode: 'plan' as const } : {}),
      ...(typeof mode === 'string' && (OPTIMIZE_MODES as string[]).includes(mode) ? { mode: mode as OptimizeMode } : {}),
      ...(maxSpan !== undefined ? { maxSpan } : {}),
      ...(spread !== undefined ? { maxSpread: spread } : {}),
      ...(slack !== undefined ? { totalSlack: slack } : {}),
      ...(Object.keys(avoid).length ? { avoid } : {}),
    },
    timeLimit,
  };
}

/** The rules file's overrides, and the preset given (undefined: as the workbook's level says). */
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
  /** What-if scenarios ("cap=30,mode=rebalance"), compared; `pick` (1-based) is the one written. */
  scenarios: string[];
  pick?: number;
  solver: SolverChoice;
  timeLimit: number;
}

async function runOptimize(file: string, out: string, opts: OptimizeOptions, io: Io): Promise<number> {
  const input = await readInput(file, opts, io);
  if (!input) return EXIT_UNREADABLE;
  const plan = input.chosen.plan;
  const n = plan.semesters.length;
  const misfit: Message[] = [];
  for (const [flag, v] of [['--cap', opts.settings.cap], ['--weeks', opts.settings.weeks]] as const)
    if (Array.isArray(v) && v.length !== n && !(flag === '--cap' && v.length === 1))
      misfit.push(msg(`${flag} 给了 ${v.length} 个值，而方案有 ${n} 个学期：请给${flag === '--cap' ? '一个值或' : ''}每学期一个。`, `${flag} gives ${v.length} values but the plan has ${n} semesters: give ${flag === '--cap' ? 'one value or ' : ''}one per semester.`));
  if (misfit.length) throw new SettingsError(misfit);
  // The cap given on the command line is the rule the result is checked against, too.
  const baseRules: Rules = opts.settings.cap !== undefined ? { ...input.rules, weeklyCap: opts.settings.cap } : input.rules;
  const scenarios: Scenario[] = [];
  const bad: Message[] = [];
  for (const text of opts.scenarios) {
    const p = parseScenario(text, n);
    if (p.scenario) scenarios.push(p.scenario);
    bad.push(...p.problems);
  }
  if (scenarios.length > MAX_SCENARIOS) bad.push(msg(`最多比较 ${MAX_SCENARIOS} 个情景。`, `At most ${MAX_SCENARIOS} scenarios can be compared.`));
  if (opts.pick !== undefined && (opts.pick < 1 || opts.pick > Math.max(1, scenarios.length))) bad.push(msg(`--pick 应为 1–${scenarios.length} 之间的情景编号。`, `--pick takes a scenario number from 1 to ${scenarios.length}.`));
  if (bad.length) throw new SettingsError(bad);
  // Every scenario is solved before anything is written; the one applied is picked, or the first that meets every rule.
  const engine = nodeEngine(opts.solver);
  const runs: { label: string; optimized: Optimized }[] = [];
  for (const sc of scenarios.length ? scenarios : [null]) {
    const inputs = sc ? scenarioInputs(sc, baseRules, opts.settings) : { rules: baseRules, settings: opts.settings };
    const outcome = await optimizeRequest({ plan, grids: input.grids, read: input.readOptions, rules: inputs.rules, settings: inputs.settings, timeLimitSec: opts.timeLimit }, engine);
    if (outcome.kind !== 'done') {
      const why = outcome.kind === 'failed' ? pick(outcome.message, opts.lang) : '';
      io.err(opts.lang === 'zh' ? `求解失败${sc ? `（情景 ${sc.label}）` : ''}：${why}` : `The solver failed${sc ? ` (scenario ${sc.label})` : ''}: ${why}`);
      return EXIT_NO_ANSWER;
    }
    runs.push({ label: sc?.label ?? '', optimized: outcome.optimized });
  }
  const lines = runs.map((r) => scenarioLine(r.label, r.optimized.result));
  const chosen = runs[opts.pick !== undefined ? opts.pick - 1 : defaultPick(lines)];
  const { result, attempts } = chosen.optimized;
  const applied = runs.indexOf(chosen);
  // Scenarios compared are kept in the workbook: a 情景对比 sheet beside the report, each saying what limits it.
  const compared = runs.map((r, i) => ({ scenario: scenarios[i], line: lines[i], bound: scenarioBound(r.optimized.result) }));
  const patch = scenarios.length ? { ...chosen.optimized.patch, scenarios: { zh: scenarioSheetRows(chosen.optimized.patch.sheet, compared, applied, 'zh'), en: scenarioSheetRows(chosen.optimized.patch.sheet, compared, applied, 'en') } } : chosen.optimized.patch;
  if (scenarios.length && !opts.json) io.out(scenarioTable(lines, applied, opts.lang));
  // Everything is computed before anything is written, and the file appears whole or not at all:
  // the school's own package with the patch's cells changed, every other part as it was.
  const bytes = await patchPackage(input.bytes, patch);
  // One missing folder level is created (out/); deeper paths must exist. (Node's recursive mkdir can
  // spin forever on special file systems such as /proc.)
  try {
    await mkdir(path.dirname(path.resolve(out)));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw explainFsError(e, out, 'write');
  }
  await writeFileAtomic(out, bytes);
  if (opts.json) io.out(JSON.stringify({ ...optimizeJson(result, attempts, patch, out), ...(scenarios.length ? { scenarios: lines, applied: runs.indexOf(chosen) + 1 } : {}) }, null, 2));
  else io.out(optimizeText(file, out, result, attempts, patch, opts.lang));
  const errors = result.check.findings.some((f) => f.severity === 'error');
  return result.conflicts.length || errors ? EXIT_FINDINGS : EXIT_OK;
}

/** The process entry: an unexpected error is one sentence (its stack only with --debug), exit 3. */
export function runMain(argv: string[]): void {
  const disarm = argv[0] === 'optimize' ? armCommandDeadline(argv) : () => undefined;
  main(argv).finally(disarm).then(
    (code) => (process.exitCode = code),
    (e) => {
      const detail = argv.includes('--debug') && e instanceof Error ? `\n${e.stack}` : '';
      process.stderr.write(`内部错误，请把命令和文件发给开发者 / internal error, please report the command and the file: ${e instanceof Error ? e.message : String(e)}${detail}\n`);
      process.exitCode = EXIT_INTERNAL;
    },
  );
}

if (require.main === module) runMain(process.argv.slice(2));
