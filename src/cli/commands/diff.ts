/** plan-balancer diff: two versions of a plan compared, as plans and as cells (a 修订对照表). */
import { msg, type Lang, type Message } from '../../core/message';
import { type CommandSpec, READ_OPTIONS, refuse, UsageError, type Values } from '../args';
import { runDiff } from '../diff';
import { type Io, loadRules } from '../input';

export const DIFF: CommandSpec = {
  name: 'diff',
  summary: msg(
    '对照两个版本的方案（修订对照表）：课程增删与调整、总学时与学分、各学期周学时与占比、检查结果的变化，以及每个改动的单元格（值、公式、格式、批注）及其归属。',
    'Compare two versions of a plan: courses added, removed and changed, totals and credits, weekly hours and shares per semester, findings that appear or go, and every changed cell (value, formula, format, note) by who owns it.',
  ),
  forms: [msg('diff <修订前.xlsx> <修订后.xlsx> [--out 对照表.xlsx] [选项]', 'diff <before.xlsx> <after.xlsx> [--out comparison.xlsx] [options]')],
  about: msg('退出码：0 相同；1 有差异；2 输入有误。', 'Exit codes: 0 the same; 1 they differ; 2 bad input.'),
  options: {
    ...READ_OPTIONS,
    out: { type: 'string', value: msg('对照表.xlsx', 'COMPARISON.xlsx'), help: msg('写出对照表工作簿', 'write the comparison workbook') },
    json: { type: 'boolean', help: msg('输出 JSON（给其他程序）', 'print JSON (for other programs)') },
  },
  examples: [
    { line: 'plan-balancer diff 2023级.xlsx 2024级.xlsx', what: msg('去年的方案与今年的对照', "last year's plan against this year's") },
    { line: 'plan-balancer diff 方案.xlsx 方案.optimized.xlsx --out 修订对照表.xlsx', what: msg('方案与它的优化结果对照，写出对照表', 'a plan against its optimized copy, the comparison written') },
  ],
};

export async function runDiffCommand(values: Values, positionals: string[], lang: Lang, io: Io): Promise<number> {
  if (positionals.length !== 2) throw new UsageError(msg('diff 需要两个工作簿：修订前的和修订后的。', 'diff takes two workbooks: the earlier and the later version.'), 'diff');
  const problems: Message[] = [];
  const rules = await loadRules(undefined, values.rules as string | undefined, problems);
  if (problems.length) return refuse(problems, io, lang);
  return runDiff(positionals[0], positionals[1], { json: !!values.json, ...(typeof values.out === 'string' ? { out: values.out } : {}), lang, rules, sheet: values.sheet as string | undefined, exclude: (values.exclude as string[] | undefined) ?? [] }, io);
}
