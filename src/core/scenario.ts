/**
 * What-if scenarios: the same plan optimized under two to four settings (cap 28 / 30 / 34, the
 * internship in semester 4 or in 5–6, keep or rebalance), compared side by side; one is applied.
 */

import { msg, type Message } from './message';
import type { OptimizeMode, OptimizeResult, OptimizeSettings } from './optimizer';
import { MODE_NAMES, OPTIMIZE_MODES } from './optimizer';
import type { Rules } from './rules';

export interface Scenario {
  /** As the user wrote it: "cap=30,mode=rebalance". */
  label: string;
  cap?: number;
  mode?: OptimizeMode;
  /** Internship semesters, e.g. [5, 6]. */
  internship?: number[];
  totalSlack?: number;
}

export const MAX_SCENARIOS = 4;

/** "cap=30,mode=rebalance,internship=5+6,slack=36" → a scenario, or the problems with it. */
export function parseScenario(text: string, semesters: number): { scenario?: Scenario; problems: Message[] } {
  const problems: Message[] = [];
  const scenario: Scenario = { label: text.trim() };
  for (const part of text.split(/[,，;；]/).map((x) => x.trim()).filter(Boolean)) {
    const [key, value = ''] = part.split(/[=＝:：]/).map((x) => x.trim());
    const bad = () => problems.push(msg(`情景“${text}”中“${part}”无法理解：可用 cap=周学时、mode=keep|rebalance|plan、internship=学期（如 5+6）、slack=学时。`, `In scenario "${text}", "${part}" is not understood: use cap=HOURS, mode=keep|rebalance|plan, internship=SEMESTERS (e.g. 5+6), slack=HOURS.`));
    if (key === 'cap') {
      const v = Number(value);
      if (Number.isFinite(v) && v >= 1 && v <= 80) scenario.cap = v;
      else bad();
    } else if (key === 'mode') {
      if ((OPTIMIZE_MODES as string[]).includes(value)) scenario.mode = value as OptimizeMode;
      else bad();
    } else if (key === 'internship') {
      const list = value.split(/[+、/]/).map(Number);
      if (list.length && list.every((s) => Number.isInteger(s) && s >= 1 && s <= semesters)) scenario.internship = list;
      else bad();
    } else if (key === 'slack') {
      const v = Number(value);
      if (Number.isFinite(v) && v >= 0 && v <= 2000) scenario.totalSlack = v;
      else bad();
    } else bad();
  }
  return problems.length ? { problems } : { scenario, problems };
}

/** The rules and settings a scenario runs under: the base ones with its changes laid over. */
export function scenarioInputs(s: Scenario, rules: Rules, settings: OptimizeSettings): { rules: Rules; settings: OptimizeSettings } {
  return {
    rules: {
      ...rules,
      ...(s.cap !== undefined ? { weeklyCap: s.cap } : {}),
      ...(s.internship ? { internship: { ...rules.internship, semesters: s.internship } } : {}),
    },
    settings: {
      ...settings,
      ...(s.cap !== undefined ? { cap: s.cap } : {}),
      ...(s.mode ? { mode: s.mode } : {}),
      ...(s.totalSlack !== undefined ? { totalSlack: s.totalSlack } : {}),
    },
  };
}

export interface ScenarioLine {
  label: string;
  status: OptimizeResult['status'];
  loads: number[];
  largestLoad: number;
  shares: { key: string; share: number | null; min: number }[];
  moved: number;
  placed: number;
  conflicts: number;
  errorsAfter: number;
  leastCap?: number;
}

export function scenarioLine(label: string, r: OptimizeResult): ScenarioLine {
  const teaching = r.loads.filter((l) => l.teaching).map((l) => l.weeklyHours);
  return {
    label,
    status: r.status,
    loads: r.loads.map((l) => (l.teaching ? Math.round(l.weeklyHours * 100) / 100 : 0)),
    largestLoad: Math.round(Math.max(0, ...teaching) * 100) / 100,
    shares: r.check.shares.map((s) => ({ key: s.key, share: s.share, min: s.min })),
    moved: r.changes.filter((c) => c.kind === 'moved').length,
    placed: r.changes.filter((c) => c.kind !== 'moved').length,
    conflicts: r.conflicts.length,
    errorsAfter: r.check.findings.filter((f) => f.severity === 'error').length,
    ...(r.raw.leastCap !== undefined ? { leastCap: r.raw.leastCap } : {}),
  };
}

/** The scenario to apply when the user names none: the one with the fewest conflicts (the first of equals). */
export function defaultPick(lines: ScenarioLine[]): number {
  let best = 0;
  lines.forEach((l, i) => {
    if (l.conflicts < lines[best].conflicts) best = i;
  });
  return best;
}

/** What the pane's what-if varies, one thing at a time: the cap, the internship's semesters, or the mode. */
export type ScenarioAxis = 'cap' | 'internship' | 'mode';

/**
 * The pane's what-if field → scenarios along one axis: "28, 30, 34" (caps), "4, 5+6" (internship
 * semesters); modes come as a list. Two to four, each valid, or the problem in both languages.
 */
export function scenariosAlong(axis: ScenarioAxis, text: string, semesters: number, modes: OptimizeMode[] = []): { scenarios?: Scenario[]; problem?: Message } {
  const items = axis === 'mode' ? modes : text.split(/[,，、;；\s]+/).filter(Boolean);
  const count = msg(`请给出 2–${MAX_SCENARIOS} 个情景`, `Give 2–${MAX_SCENARIOS} scenarios`);
  if (items.length < 2 || items.length > MAX_SCENARIOS) return { problem: count };
  const scenarios: Scenario[] = [];
  for (const item of items) {
    const { scenario, problems } = parseScenario(`${axis}=${item}`, semesters);
    if (!scenario) return { problem: axis === 'cap' ? msg('周学时上限须为 1–80 之间的数，用逗号分隔', 'Caps must be numbers from 1 to 80, separated by commas') : axis === 'internship' ? msg(`实习学期写作 5+6，须在 1–${semesters} 之间，情景之间用逗号分隔`, `Write internship semesters as 5+6, each from 1 to ${semesters}, scenarios separated by commas`) : problems[0] };
    scenarios.push({ ...scenario, label: item });
  }
  if (new Set(scenarios.map((x) => x.label)).size < scenarios.length) return { problem: msg('情景有重复', 'Two scenarios are the same') };
  return { scenarios };
}

/** A scenario in words: "上限 30，实习在第 5、6 学期" — never the option text it was written as. */
export function scenarioName(s: Scenario, lang: 'zh' | 'en'): string {
  const parts: string[] = [];
  if (s.cap !== undefined) parts.push(lang === 'zh' ? `上限 ${s.cap}` : `cap ${s.cap}`);
  if (s.internship) parts.push(lang === 'zh' ? `实习在第 ${s.internship.join('、')} 学期` : `internship in semester ${s.internship.join(' and ')}`);
  if (s.mode) parts.push(MODE_NAMES[s.mode][lang]);
  if (s.totalSlack !== undefined) parts.push(lang === 'zh' ? `总学时可增减 ${s.totalSlack}` : `totals may move ±${s.totalSlack} h`);
  return parts.join(lang === 'zh' ? '，' : ', ') || s.label;
}

const tenth = (n: number) => String(Math.round(n * 10) / 10);

/**
 * What holds a scenario's largest weekly load where it is, in one sentence: the cap it cannot reach
 * (and the least that holds), the cap it reaches, or the hours themselves spread evenly under it.
 */
export function scenarioBound(r: OptimizeResult): Message {
  const teaching = r.loads.filter((l) => l.teaching);
  const cap = Math.max(0, ...teaching.map((l) => l.cap));
  const largest = Math.max(0, ...teaching.map((l) => l.weeklyHours));
  if (r.conflicts.some((c) => c.rule === 'weekly-cap')) {
    const least = r.raw.leastCap ?? Math.ceil(largest - 1e-9);
    return msg(`上限 ${cap} 达不到：在校学期至少需要 ${least} 学时/周`, `The cap of ${cap} cannot hold: the in-school semesters need at least ${least} h/week`);
  }
  if (largest >= cap - 1e-6) return msg(`达到上限 ${cap}`, `At the cap of ${cap}`);
  const measured = r.check.loads.filter((l) => !l.internship);
  const weeks = measured.reduce((a, l) => a + l.weeks, 0);
  const even = weeks > 0 ? measured.reduce((a, l) => a + l.hours, 0) / weeks : largest;
  return msg(`低于上限 ${cap}：各学期学时均摊约 ${tenth(even)} 学时/周`, `Under the cap of ${cap}: the hours spread evenly come to about ${tenth(even)} h/week`);
}

/** The 情景对比 sheet: every scenario compared, what limits each, and which one was written. */
export function scenarioSheetRows(sheet: string, runs: { scenario: Scenario; line: ScenarioLine; bound: Message }[], applied: number, lang: 'zh' | 'en'): (string | number)[][] {
  const L = (zh: string, en: string) => (lang === 'zh' ? zh : en);
  const share = (l: ScenarioLine, key: string) => {
    const s = l.shares.find((x) => x.key === key);
    return s?.share === null || s === undefined ? L('无法计算', 'not checkable') : `${(Math.round(s.share * 1000) / 10).toFixed(1)}%${s.share < s.min - 1e-9 ? L('（未达标）', ' (not met)') : ''}`;
  };
  const rows: (string | number)[][] = [];
  rows.push([L('教学计划平衡器 · 情景对比', 'Plan Balancer · scenarios compared')]);
  rows.push([L('工作表', 'Sheet'), sheet]);
  rows.push([L('写入表格的是标有“✓ 已写入”的情景；其余情景只列出，未写入。', 'The scenario marked "✓ written" is the one in the sheet; the others are listed only.')]);
  rows.push([]);
  rows.push([
    L('情景', 'Scenario'),
    L('各学期周学时', 'Weekly load per semester'),
    L('最大周学时', 'Largest weekly load'),
    L('受何限制', 'What limits it'),
    L('公共基础课占比', 'Public basic share'),
    L('选修课占比', 'Elective share'),
    L('实践教学占比', 'Practice share'),
    L('移动的课程', 'Courses moved'),
    L('新排入的课程', 'Courses placed'),
    L('冲突', 'Conflicts'),
    L('优化后错误', 'Errors after'),
    L('写入', 'Written'),
  ]);
  runs.forEach((r, i) =>
    rows.push([
      scenarioName(r.scenario, lang),
      r.line.loads.map((x) => (x ? tenth(x) : '—')).join(' / '),
      r.line.largestLoad,
      r.bound[lang],
      share(r.line, 'publicBasic'),
      share(r.line, 'elective'),
      share(r.line, 'practice'),
      r.line.moved,
      r.line.placed,
      r.line.conflicts,
      r.line.errorsAfter,
      i === applied ? L('✓ 已写入', '✓ written') : '',
    ]),
  );
  return rows;
}
