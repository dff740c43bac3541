/**
 * What kind of problem a finding is, in a few words a clerk uses ("小计或合计不符"): the summary's
 * 不达标项 column and its findings sheets name problems this way, never by the checker's rule ids.
 */
import { msg, type Lang, type Message } from './message';

const KINDS: [RegExp, Message][] = [
  [/^total-hours-min$/, msg('总学时不足', 'total hours below the minimum')],
  [/^share-public-basic$/, msg('公共基础课占比不足', 'public-basic share too low')],
  [/^share-elective$/, msg('选修课占比不足', 'elective share too low')],
  [/^share-practice$/, msg('实践教学占比', 'practice share')],
  [/^weekly-load(-stated)?$/, msg('周学时超上限', 'weekly load over the cap')],
  [/^course-unplaced$/, msg('课程未排学期', 'courses not placed')],
  [/^course-(under|over)placed$/, msg('各学期学时与总学时不符', 'semester hours disagree with the total')],
  [/^course-credits-placement$/, msg('各学期学分与总学分不符', 'semester credits disagree with the total')],
  [/^credits-(hours|missing)$/, msg('学分与学时不符', 'credits disagree with hours')],
  [/^(sub)?total-mismatch$|^sum-range$/, msg('小计或合计不符', 'sub-totals or totals disagree')],
  [/^summary-/, msg('汇总表数字不符', 'summary figures disagree')],
  [/^internship-/, msg('岗位实习安排', 'internship placement')],
  [/^block-weeks$|^weeks-as-weekly-hours$/, msg('整周实践的周数', 'whole-week blocks')],
  [/^duplicate-course$/, msg('重复课程', 'duplicate courses')],
  [/^norm-/, msg('国家课程规定', 'national course rules')],
];

export function findingKind(rule: string): Message {
  return KINDS.find(([re]) => re.test(rule))?.[1] ?? msg('其他问题', 'other problems');
}

/** Error kinds with how many of each, most first: "小计或合计不符（12）、课程未排学期（9）". */
export function errorKinds(findings: { rule: string; severity: string }[], lang: Lang, skip: (rule: string) => boolean = () => false): string[] {
  const counts = new Map<string, number>();
  for (const f of findings) if (f.severity === 'error' && !skip(f.rule)) {
    const name = findingKind(f.rule)[lang];
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([name, n]) => (lang === 'zh' ? `${name}（${n}）` : `${name} (${n})`));
}
