/**
 * The checker's findings as a person reads them: courses not yet placed in one line that points to
 * 优化 (normal for a plan being filled in, not 23 separate errors), and a cell two rules flag for the same
 * figure said once (a 合计 cell that both disagrees with its courses and is over the cap). The findings
 * themselves are unchanged (the JSON, the exit code and the summary workbook count them as they are).
 */

import type { Finding, Severity } from './checker';
import { msg, type Message } from './message';

export interface ShownFinding {
  severity: Severity;
  message: Message;
  cells: string[];
  /** The checker's rules behind it (for the curious, and for tests; never shown as words). */
  rules: string[];
}

const UNPLACED = 'course-unplaced';
/** How many course names the grouped line spells out before "…". */
const NAMED = 6;

/** The course a finding is about, as its message quotes it first (“语文”…, "语文"…). */
function subject(f: Finding): Message | null {
  const zh = /^“([^”]+)”/.exec(f.message.zh)?.[1];
  const en = /^"([^"]+)"/.exec(f.message.en)?.[1];
  return zh && en ? msg(zh, en) : null;
}

function unplacedLine(list: Finding[]): ShownFinding {
  const names = list.map(subject).filter((n): n is Message => !!n);
  const more = list.length > NAMED;
  const zhNames = names.slice(0, NAMED).map((n) => n.zh).join('、') + (more ? '等' : '');
  const enNames = names.slice(0, NAMED).map((n) => n.en).join(', ') + (more ? ', …' : '');
  return {
    severity: list[0].severity,
    cells: list.flatMap((f) => f.cells.slice(0, 1)),
    rules: [UNPLACED],
    message: msg(
      `${list.length} 门课程尚未安排学期（${zhNames}）。这在填写中的方案里很常见：用“优化”可以把它们排入各学期，已填写的学期保持不动。`,
      `${list.length} course${list.length === 1 ? '' : 's'} not placed in any semester yet (${enNames}). That is normal for a plan being filled in: Optimize places them and keeps the semesters already filled.`,
    ),
  };
}

/** Findings to show, in the checker's order: unplaced courses grouped (from two on), one line per cell. */
export function presentFindings(findings: Finding[]): ShownFinding[] {
  const out: ShownFinding[] = [];
  const bySeverity = new Map<Severity, Finding[]>();
  for (const f of findings) if (f.rule === UNPLACED) bySeverity.set(f.severity, [...(bySeverity.get(f.severity) ?? []), f]);
  const grouped = new Set<Severity>([...bySeverity].filter(([, list]) => list.length > 1).map(([s]) => s));
  // A finding about exactly one cell joins an earlier one about the same cell and severity.
  const atCell = new Map<string, ShownFinding>();
  for (const f of findings) {
    if (f.rule === UNPLACED && grouped.has(f.severity)) {
      if (f === bySeverity.get(f.severity)![0]) out.push(unplacedLine(bySeverity.get(f.severity)!));
      continue;
    }
    const key = f.cells.length === 1 ? `${f.severity}:${f.cells[0]}` : null;
    const earlier = key ? atCell.get(key) : undefined;
    if (earlier) {
      earlier.message = msg(`${earlier.message.zh}${f.message.zh}`, `${earlier.message.en} ${f.message.en}`);
      if (!earlier.rules.includes(f.rule)) earlier.rules.push(f.rule);
      continue;
    }
    const shown: ShownFinding = { severity: f.severity, message: f.message, cells: [...f.cells], rules: [f.rule] };
    if (key) atCell.set(key, shown);
    out.push(shown);
  }
  return sameLoadOnce(out);
}

const LOAD_ZH = /^第(\d+)学期周学时 /;
const LOAD_EN = /^Semester (\d+) carries /;

/** Semesters over the cap by the same figures, one line: the example at 28 has five that differ only in their number. */
function sameLoadOnce(shown: ShownFinding[]): ShownFinding[] {
  const keyOf = (f: ShownFinding) =>
    f.rules.length === 1 && f.rules[0] === 'weekly-load' && LOAD_ZH.test(f.message.zh) && LOAD_EN.test(f.message.en) ? `${f.severity}|${f.message.zh.replace(LOAD_ZH, '')}|${f.message.en.replace(LOAD_EN, '')}` : null;
  const out: ShownFinding[] = [];
  for (const group of groupedInOrder(shown, keyOf)) {
    const f = group[0];
    if (group.length < 2) {
      out.push(f);
      continue;
    }
    const semesters = group.map((g) => Number(LOAD_ZH.exec(g.message.zh)![1]));
    const enList = `${semesters.slice(0, -1).join(', ')} and ${semesters.at(-1)}`;
    const zh = f.message.zh
      .replace(LOAD_ZH, `第${semesters.join('、')}学期周学时均为 `)
      .replace('（', '（各 ')
      .replace('超出 ', '各超出 ')
      .replace('需移出约', '每个学期需移出约');
    const en = f.message.en.replace(LOAD_EN, `Semesters ${enList} each carry `).replace(/ out or raise the cap\.$/, ' out of each or raise the cap.');
    out.push({ severity: f.severity, message: msg(zh, en), cells: group.flatMap((g) => g.cells), rules: [...f.rules] });
  }
  return out;
}

/** How many lines of each severity a person sees. */
export function shownCounts(findings: Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of presentFindings(findings)) counts[f.severity]++;
  return counts;
}

/** A conflict as a person reads it; semesters that need the same are one line. */
export interface ShownConflict {
  fix: Message;
  cells: string[];
  /** How many of the optimizer's conflicts it stands for. */
  count: number;
}

interface CapConflict {
  fix: Message;
  cells: string[];
  rule: string;
}

const SEMESTER_ZH = /^第(\d+)学期/;
const SEMESTER_EN = /^Semester (\d+) /;

/** The same sentence for every semester but its number: the key that groups them. */
function capKey(c: CapConflict): string | null {
  if (c.rule !== 'weekly-cap' || !SEMESTER_ZH.test(c.fix.zh) || !SEMESTER_EN.test(c.fix.en)) return null;
  return `${c.fix.zh.replace(SEMESTER_ZH, '')}\u0000${c.fix.en.replace(SEMESTER_EN, '')}`;
}

/** One sentence for several semesters that each need the same, or null when the sentence is not the usual one. */
function capLine(list: CapConflict[]): Message | null {
  const semesters = list.map((c) => Number(SEMESTER_ZH.exec(c.fix.zh)![1]));
  const enList = semesters.length === 2 ? semesters.join(' and ') : `${semesters.slice(0, -1).join(', ')} and ${semesters.at(-1)}`;
  const first = list[0].fix;
  const zh = first.zh
    .replace(SEMESTER_ZH, `第${semesters.join('、')}学期各`)
    .replace('将本学期上限提高到', '将这些学期的上限提高到')
    .replace('或从本学期削减', '或从每个学期削减');
  const en = first.en
    .replace(/^Semester \d+ needs /, `Semesters ${enList} each need `)
    .replace(/^Semester \d+ carries /, `Semesters ${enList} each carry `)
    .replace("raise this semester's cap to", "raise each one's cap to")
    .replace(/cut (\S+) h from it$/, 'cut $1 h from each');
  // Only a sentence every part of which was rewritten for several semesters is shown merged.
  if (zh.includes('本学期') || en.startsWith('Semester ') || en.includes('this semester') || en.endsWith('from it')) return null;
  return msg(zh, en);
}

/** Conflicts to show, in the optimizer's order: semesters over the cap by the same need in one line each group. */
export function presentConflicts(conflicts: CapConflict[]): ShownConflict[] {
  const out: ShownConflict[] = [];
  for (const group of groupedInOrder(conflicts, capKey)) {
    const merged = group.length > 1 ? capLine(group) : null;
    if (merged) out.push({ fix: merged, cells: group.flatMap((g) => g.cells), count: group.length });
    else for (const g of group) out.push({ fix: g.fix, cells: g.cells, count: 1 });
  }
  return out;
}

/** Items in their order, those with the same key (null: none) gathered at the first one's place. */
function groupedInOrder<T>(items: T[], keyOf: (item: T) => string | null): T[][] {
  const groups = new Map<string, T[]>();
  const out: T[][] = [];
  for (const item of items) {
    const key = keyOf(item);
    const group = key === null ? undefined : groups.get(key);
    if (group) group.push(item);
    else {
      const fresh = [item];
      if (key !== null) groups.set(key, fresh);
      out.push(fresh);
    }
  }
  return out;
}
