/** plan-balancer optimize: one workbook optimized and written (what-if scenarios compared), or many into a folder. */

import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { msg, pick, type Lang, type Message } from '../../core/message';
import { OPTIMIZE_MODES, type OptimizeMode, type OptimizeSettings } from '../../core/optimizer';
import { type Optimized, optimizeRequest } from '../../core/pipeline';
import type { Rules } from '../../core/rules';
import { defaultPick, MAX_SCENARIOS, parseScenario, type Scenario, scenarioBound, scenarioInputs, scenarioLine, scenarioSheetRows } from '../../core/scenario';
import { sectionLimit, type SharedCourse } from '../../core/shared';
import { assertSafeOutput, explainFsError, writeFileAtomic } from '../../node/files';
import { nodeEngine, type SolverChoice } from '../../node/solver';
import { patchPackage } from '../../xlsx/package';
import { type CommandSpec, EXIT_FINDINGS, EXIT_NO_ANSWER, EXIT_OK, EXIT_UNREADABLE, numberOption, presetOption, READ_OPTIONS, refuse, type Values } from '../args';
import { batchExitCode, checkMany, isFolder, ITEM_TIME_LIMIT_SEC, listWorkbooks, noWorkbook, progressOf, runMany, skippedLines } from '../batch';
import { type Io, loadRules, readInput, SettingsError } from '../input';
import { outputExtension, outputNameProblem } from '../output';
import { cliWords, optimizeJson, optimizeText, scenarioTable } from '../report';
import { optimizeTogether, type RunCommand, sharedLine, type TogetherItem } from '../sharedBatch';
import type { CheckOptions } from './check';

export const OPTIMIZE: CommandSpec = {
  name: 'optimize',
  summary: msg(
    '优化教学计划：用整数规划重新分配各学期学时，写出新工作簿（改动与冲突单元格着色并加批注，另附“优化报告”表；比较情景时另附“情景对比”表）。输入文件不会被改动。',
    'Optimize a teaching plan: redistribute semester hours with integer programming and write a new workbook (changed and conflicting cells filled and noted, plus a report sheet 优化报告, and 情景对比 when scenarios are compared). The input is never changed.',
  ),
  forms: [
    msg('optimize <输入.xlsx> [-o 输出.xlsx] [选项]', 'optimize <in.xlsx> [-o out.xlsx] [options]'),
    msg('optimize <多个文件或文件夹>… --out-dir 输出文件夹 [选项]', 'optimize <files or folders>… --out-dir FOLDER [options]'),
  ],
  about: msg(
    '不给 -o 时写到输入文件旁的 <名称>.optimized.xlsx。规则无法同时满足时给出经求解验证的最小放宽方案。\n退出码：0 满足全部规则；1 有错误或规则无法同时满足；2 输入有误；3 内部错误；4 求解器没有给出结果。',
    'Without -o the result goes beside the input as <name>.optimized.xlsx. When the rules cannot all hold, the least relaxation (verified by solving at it) is reported.\nExit codes: 0 every rule holds; 1 errors or rules that cannot all hold; 2 bad input; 3 internal error; 4 the solver gave no answer.',
  ),
  options: {
    ...READ_OPTIONS,
    preset: { type: 'string', value: msg('auto|zhongzhi|gaozhi', 'auto|zhongzhi|gaozhi'), help: msg('规则预设：按工作簿判断、中职或高职', 'rules preset: from the workbook, secondary or higher vocational') },
    output: { type: 'string', short: 'o', value: msg('输出.xlsx', 'OUT.xlsx'), help: msg('写出的工作簿（默认：输入文件旁的 <名称>.optimized.xlsx）', 'the workbook written (default: <name>.optimized.xlsx beside the input)') },
    'out-dir': { type: 'string', value: msg('文件夹', 'FOLDER'), help: msg('多个工作簿：结果写到这个文件夹', 'many workbooks: write the results into this folder') },
    cap: { type: 'string', value: msg('28', '28'), help: msg('周学时上限（一个，或每学期一个，用逗号分隔）', 'weekly cap (one, or one per semester, comma-separated)') },
    mode: { type: 'string', value: msg('keep|rebalance|plan', 'keep|rebalance|plan'), help: msg('保留已有安排 / 调整已有安排（已排满的方案默认）/ 重新排课', 'keep what is placed / rebalance (default for a placed plan) / plan afresh') },
    weeks: { type: 'string', value: msg('18,18,…', '18,18,…'), help: msg('各学期教学周（表中没有时）', 'teaching weeks per semester (when the sheet has none)') },
    'total-slack': { type: 'string', value: msg('学时', 'HOURS'), help: msg('课程总学时可增减的学时（默认 0：总学时不变）', 'hours a course total may move (default 0: totals kept)') },
    'max-span': { type: 'string', value: msg('4', '4'), help: msg('每门课最多跨几个学期', 'semesters a course may span at most') },
    spread: { type: 'string', value: msg('1', '1'), help: msg('同一课程各学期周学时最多相差', "how much a course's weekly hours may differ between semesters") },
    'free-locked': { type: 'boolean', help: msg('同 --mode plan', 'the same as --mode plan') },
    avoid: { type: 'string', multiple: true, value: msg('课程=学期,学期', 'COURSE=SEM,SEM'), help: msg('尽量不把这门课排在这些学期（可重复）', 'keep this course out of these semesters where it can be (repeatable)') },
    scenario: { type: 'string', multiple: true, value: msg('cap=30,mode=…', 'cap=30,mode=…'), help: msg('比较情景（2–4 个；cap、mode、internship=5+6、slack）', 'compare scenarios (2–4; cap, mode, internship=5+6, slack)') },
    pick: { type: 'string', value: msg('编号', 'N'), help: msg('写入第几个情景（默认冲突最少的）', 'the scenario written (default: the one with fewest conflicts)') },
    'time-limit': { type: 'string', value: msg('秒', 'SECONDS'), help: msg('整个命令的时限（默认 30 秒）', 'time limit of the whole command (default 30 s)') },
    solver: { type: 'string', value: msg('auto|jslp|highs', 'auto|jslp|highs'), help: msg('求解引擎（给开发者；默认 auto）', 'solving engine (for developers; default auto)') },
    json: { type: 'boolean', help: msg('输出 JSON（给其他程序）', 'print JSON (for other programs)') },
    verbose: { type: 'boolean', help: msg('附上求解过程（给开发者）', 'add how the solve went (for developers)') },
  },
  examples: [
    { line: 'plan-balancer optimize 电子商务.xlsx', what: msg('按周学时上限 28 优化，写出 电子商务.optimized.xlsx', 'optimize at the cap of 28 and write 电子商务.optimized.xlsx') },
    { line: 'plan-balancer optimize 电子商务.xlsx --cap 34 -o 结果.xlsx', what: msg('上限 34，写到 结果.xlsx', 'at a cap of 34, written to 结果.xlsx') },
    { line: 'plan-balancer optimize 电子商务.xlsx --scenario cap=28 --scenario cap=34', what: msg('并列比较两个上限，写出冲突较少的一个', 'compare two caps side by side and write the one with fewer conflicts') },
    { line: 'plan-balancer optimize 各专业方案/ --out-dir 优化结果/', what: msg('优化文件夹里的全部方案', 'optimize every plan in a folder') },
  ],
};

export async function runOptimizeCommand(values: Values, positionals: string[], lang: Lang, io: Io, main: RunCommand): Promise<number> {
  const [file] = positionals;
  if (positionals.length > 1 || values['out-dir'] !== undefined || (await isFolder(file))) return runBatchOptimize(positionals, values, lang, io, main);
  // Every option and the rules file are checked together; any problem stops before reading or writing.
  const problems: Message[] = [];
  const rules = await loadRules(presetOption(values, problems), values.rules as string | undefined, problems);
  // Without -o: beside the input, <name>.optimized.xlsx (.xlsm for a macro-enabled one).
  const output = typeof values.output === 'string' ? values.output : defaultOutput(file);
  const badOutput = outputNameProblem(output, file);
  if (badOutput) problems.push(badOutput);
  const solver = (values.solver ?? 'auto') as SolverChoice;
  if (!['auto', 'jslp', 'highs'].includes(solver)) problems.push(msg(`未知求解器“${solver}”：可用 auto、jslp 或 highs。`, `Unknown solver "${solver}": use auto, jslp or highs.`));
  const opt = optimizeOptions(values, problems);
  const pickN = values.pick === undefined ? undefined : Number(values.pick);
  if (pickN !== undefined && !Number.isInteger(pickN)) problems.push(msg(`--pick 应为情景编号：现为“${values.pick}”。`, `--pick takes a scenario number: got "${values.pick}".`));
  if (problems.length) return refuse(problems, io, lang);
  await assertSafeOutput(output, [file]);
  return runOptimize(file, output, { sheet: values.sheet as string | undefined, exclude: (values.exclude as string[] | undefined) ?? [], json: !!values.json, verbose: !!values.verbose, lang, rules, settings: opt.settings, solver, timeLimit: opt.timeLimit, scenarios: (values.scenario as string[] | undefined) ?? [], ...(pickN !== undefined ? { pick: pickN } : {}) }, io);
}

/** "plan.xlsx" → "plan.optimized.xlsx" in the same folder. */
export function defaultOutput(file: string): string {
  const stem = path.basename(file).replace(/\.(xlsx|xlsm|xls)$/i, '');
  return path.join(path.dirname(file), `${stem}.optimized${outputExtension(file)}`);
}

/**
 * optimize over many workbooks (files and folders) into --out-dir: each optimized exactly as on its
 * own (same options, same code path), on all cores; one that fails is a line and never stops the rest.
 * Earlier results in the folder (*.optimized.xlsx) are not taken as input again.
 */
async function runBatchOptimize(paths: string[], values: Values, lang: Lang, io: Io, main: RunCommand): Promise<number> {
  const problems: Message[] = [];
  const outDir = values['out-dir'] as string | undefined;
  if (outDir === undefined) problems.push(msg('多个工作簿请用 --out-dir 指定输出文件夹。', 'For many workbooks, name an output folder with --out-dir.'));
  if (values.output !== undefined) problems.push(msg('-o 只用于一个工作簿；多个工作簿请用 --out-dir。', '-o is for one workbook; for many, use --out-dir.'));
  if (values.scenario !== undefined || values.pick !== undefined) problems.push(msg('--scenario 与 --pick 一次只用于一个工作簿。', '--scenario and --pick work on one workbook at a time.'));
  presetOption(values, problems);
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
    const run = main;
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
      io.out(`  ${j.conflicts.length || i.shared?.length ? '✖' : '✓'} ${name} → ${path.basename(i.output!)}: ${line}${j.conflicts[0] ? ` — ${cliWords(pick(j.conflicts[0].fix, lang), lang)}` : ''}`);
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
  else io.out(optimizeText(file, out, result, attempts, patch, opts.lang, opts.verbose));
  const errors = result.check.findings.some((f) => f.severity === 'error');
  return result.conflicts.length || errors ? EXIT_FINDINGS : EXIT_OK;
}
