/**
 * One plan's line in a school-wide review: level, sheets, total hours, the three shares, the largest
 * weekly load, errors and warnings, what fails and the first problems. The CLI batch builds it from
 * `check --json`, the pane from its own check; both give the same figures.
 */
import { check } from './checker';
import type { Grid } from './grid';
import { errorKinds } from './findingKinds';
import type { Lang, Message } from './message';
import { presentFindings } from './present';
import { readWorkbook, unreadable } from './reader';
import { type PresetId, type Rules, readOptionsOf } from './rules';
import type { ProgrammeCourses } from './shared';

export interface SummaryRow {
  file: string;
  /** The plan's main sheet; null when the workbook could not be read. */
  sheet: string | null;
  level: string | null;
  sheetsUsed: number | null;
  totalHours: number | null;
  /** Shares as fractions, with whether they fall short of their minimum. */
  shares: { publicBasic: number | null; elective: number | null; practice: number | null };
  failing: { totalHours: boolean; publicBasic: boolean; elective: boolean; practice: boolean; load: boolean };
  /** The other kinds of error, in words with their counts ("小计或合计不符（12）"): a plan can fail on more than its figures. */
  otherErrors: string[];
  largestLoad: number | null;
  cap: number | null;
  errors: number | null;
  warnings: number | null;
  firstProblems: string[];
  findings: { severity: string; rule: string; message: string; cells: string[]; required?: string | number; actual?: string | number }[];
  error?: string;
}

/** What a review line is made of: a check's figures, as `check --json` prints them or as the checker returns them. */
export interface ReviewInput {
  sheet: string;
  /** The preset the rules came from, or the level the reader guessed. */
  level: string | null;
  sheets: { role: string }[];
  totalHours: number;
  loads: { weeklyHours: number; cap: number; internship?: boolean }[];
  shares: { key: string; share: number | null; min: number }[];
  findings: { severity: string; rule: string; message: Message; cells: string[]; required?: unknown; actual?: unknown }[];
}

export function levelName(level: string | null, lang: Lang): string | null {
  if (level !== 'zhongzhi' && level !== 'gaozhi') return level;
  return lang === 'zh' ? (level === 'gaozhi' ? '高职' : '中职') : level === 'gaozhi' ? 'higher vocational' : 'secondary vocational';
}

export function unreadableRow(file: string, error: string): SummaryRow {
  return { file, sheet: null, level: null, sheetsUsed: null, totalHours: null, shares: { publicBasic: null, elective: null, practice: null }, failing: { totalHours: false, publicBasic: false, elective: false, practice: false, load: false }, otherErrors: [], largestLoad: null, cap: null, errors: null, warnings: null, firstProblems: [], findings: [], error };
}

/** The rules the summary's figure columns already mark (total hours, the three shares, the weekly load). */
const FIGURE_RULES = /^(total-hours-min|share-(public-basic|elective|practice)|weekly-load(-stated)?)$/;

const scalar = (v: unknown): string | number | undefined => (typeof v === 'number' || typeof v === 'string' ? v : undefined);

export function summaryRowOf(file: string, j: ReviewInput, lang: Lang): SummaryRow {
  const share = (key: string) => j.shares.find((s) => s.key === key);
  const short = (key: string) => {
    const s = share(key);
    return !!s && s.share !== null && s.share < s.min - 1e-9;
  };
  const teaching = j.loads.filter((l) => !l.internship);
  const largest = teaching.length ? teaching.reduce((a, l) => (l.weeklyHours > a.weeklyHours ? l : a)) : null;
  const errors = j.findings.filter((f) => f.severity === 'error');
  return {
    file,
    sheet: j.sheet,
    level: levelName(j.level, lang),
    sheetsUsed: j.sheets.filter((s) => s.role === 'courses' || s.role === 'practice' || s.role === 'calendar').length || 1,
    totalHours: j.totalHours,
    shares: { publicBasic: share('publicBasic')?.share ?? null, elective: share('elective')?.share ?? null, practice: share('practice')?.share ?? null },
    failing: {
      totalHours: j.findings.some((f) => f.rule === 'total-hours-min' && f.severity === 'error'),
      publicBasic: short('publicBasic'),
      elective: short('elective'),
      practice: short('practice'),
      load: teaching.some((l) => l.weeklyHours > l.cap + 1e-9),
    },
    otherErrors: errorKinds(j.findings, lang, (rule) => FIGURE_RULES.test(rule)),
    largestLoad: largest ? Math.round(largest.weeklyHours * 100) / 100 : null,
    cap: largest?.cap ?? null,
    errors: errors.length,
    warnings: j.findings.filter((f) => f.severity === 'warning').length,
    // As the pane lists them: courses not yet placed are one problem, a cell two rules flag is one.
    firstProblems: presentFindings(errors.map((f) => ({ rule: f.rule, severity: 'error' as const, cells: f.cells, message: f.message })))
      .slice(0, 3)
      .map((f) => f.message[lang]),
    findings: j.findings.map((f) => {
      const required = scalar(f.required);
      const actual = scalar(f.actual);
      return { severity: f.severity, rule: f.rule, message: f.message[lang], cells: f.cells, ...(required !== undefined ? { required } : {}), ...(actual !== undefined ? { actual } : {}) };
    }),
  };
}

/**
 * A workbook's review line from its grids, read and checked exactly as the pane and `check` do it:
 * the reader with the rules' week settings, then the rules of the plan's level (or the chosen preset).
 */
export function reviewGrids(file: string, grids: Grid[], rulesFor: (level?: PresetId) => Rules, lang: Lang): SummaryRow {
  return reviewWorkbook(file, grids, rulesFor, lang).row;
}

/** The review line and the plan's courses as placed (for the batch's shared-course counts). */
export function reviewWorkbook(file: string, grids: Grid[], rulesFor: (level?: PresetId) => Rules, lang: Lang): { row: SummaryRow; courses: ProgrammeCourses | null } {
  const read = readWorkbook(grids, readOptionsOf(rulesFor()));
  if (!read.chosen) {
    const why = read.sheets.map((r) => (r.ok ? '' : r.error[lang])).filter(Boolean)[0];
    return { row: unreadableRow(file, lang === 'zh' ? `没有找到课程表${why ? `：${why}` : ''}` : `No course table found${why ? `: ${why}` : ''}`), courses: null };
  }
  const plan = read.chosen.plan;
  const cannot = unreadable(plan);
  if (cannot) return { row: unreadableRow(file, cannot[lang]), courses: null };
  const rules = rulesFor(plan.level?.level);
  const result = check(plan, rules);
  return {
    row: summaryRowOf(file, { sheet: plan.sheet, level: rules.preset, sheets: plan.sheets ?? [], totalHours: result.totalHours, loads: result.loads, shares: result.shares, findings: result.findings }, lang),
    courses: { programme: file.replace(/\.xlsx$/i, ''), courses: plan.courses.map((c) => ({ name: c.name, hours: c.totalHours?.value ?? null, semesters: c.placements.map((p) => (p ? p.hours : null)), category: c.category })) },
  };
}
