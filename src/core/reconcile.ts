/**
 * Reconciling every figure a school states (sub-total and total rows, summary sheets) with the plan.
 * A difference is either explained in one line — the figure follows a sub-total that differs (and is
 * reported there), adds its sub-totals as they stand, leaves out what schools commonly leave out
 * (军事技能 with no semester, practice written as weeks, the practice half of `2+1`, the second
 * semester of an "X or Y" course), counts both directions or every option of a group, states hours of
 * courses not placed yet, or takes part from a linked workbook — or it is a finding at its cell. An
 * explanation must account for the whole difference, exactly: a coincidence is never taken for one.
 */

import type { Finding } from './checker';
import { msg, type Message } from './message';
import type { AggregateRow, Course, Dependency, NumFact, Placement, Plan } from './plan';
import { qualify, splitAddress, weightOf } from './plan';
import { clean, parseSemesterCell } from './text';

const EPS = 1e-6;

/** One figure as the school states it and as the plan gives it for what the figure covers. */
export interface Measured {
  cell: string;
  stated: number;
  computed: number;
  /** 'hours' | 'credits' | 'practice' | `s${i}` (semester hours or weekly hours) | `s${i}c` (semester credits), or a summary measure. */
  key: string;
  what: Message;
  /** The finding if nothing explains the difference. */
  rule: string;
  message: Message;
  cells: string[];
  agg?: AggregateRow;
  covered: Course[];
  weekly?: boolean;
  share?: boolean;
  dependsOn?: Dependency[];
  /** Hours the figure takes from another workbook. */
  external?: number;
  /** The plan's figure adds a group's options as listed (a sub-total inside one group). */
  asListed?: boolean;
  /** The difference has a cause that is itself a finding (a SUM that leaves out a row): never explained away. */
  fault?: boolean;
}

interface Explained {
  /** Lines with the same reason are said once, with every cell they explain. */
  reason: string;
  line: Message;
  cell: string;
}

const fmt = (n: number) => String(Math.round(n * 100) / 100);
const tolOf = (m: Measured) => (m.share ? 0.0005 : EPS);

const hoursOf = (c: Course) => c.totalHours?.value ?? [...c.placements, ...(c.summer ?? [])].reduce((s, p) => s + (p?.hours ?? 0), 0);

/** A course's value for a measure, as the checker counts it (weighted), or as listed. */
function valueOf(plan: Plan, c: Course, key: string, listed = false): number {
  const w = listed ? 1 : weightOf(c);
  if (key === 'hours' || key === 'total-hours') return hoursOf(c) * w;
  if (key === 'credits') return (c.credits?.value ?? 0) * w;
  if (key === 'practice') return (c.practiceHours?.value ?? 0) * w;
  const m = /^s(\d+)(c?)$/.exec(key);
  if (!m) return 0;
  const p = c.placements[Number(m[1]) - 1];
  if (!p) return 0;
  if (m[2]) return (p.credits ?? 0) * w;
  return (plan.semesterMode === 'weekly' ? (p.shape === 'weekly' ? p.weekly ?? 0 : 0) : p.hours) * w;
}

/** The figure a sub-total row states for a measure. */
function factOf(a: AggregateRow, key: string): NumFact | null | undefined {
  if (key === 'hours') return a.totalHours;
  if (key === 'credits') return a.credits;
  if (key === 'practice') return a.practiceHours;
  const m = /^s(\d+)(c?)$/.exec(key);
  if (!m) return undefined;
  const i = Number(m[1]) - 1;
  return m[2] ? a.semesterCredits[i] : a.semesterHours[i];
}

const statedOf = (a: AggregateRow, key: string) => factOf(a, key)?.value;
const cellOf = (a: AggregateRow, key: string) => factOf(a, key)?.cell;

/** A cell's sheet-qualified address, as dependencies name it. */
function qualified(plan: Plan, cell: string, sheet?: string): string {
  return cell.includes('!') ? cell : qualify(sheet ?? plan.sheet, cell);
}

/** The sub-totals a figure follows through its formula and that differ, when they account for its own difference. */
function followsDependencies(plan: Plan, m: Measured, diffs: Map<string, number>): string[] | null {
  if (!m.dependsOn?.length) return null;
  let predicted = m.stated;
  const from: string[] = [];
  for (const d of m.dependsOn) {
    const delta = diffs.get(d.cell);
    if (delta === undefined) continue;
    predicted += d.by * delta;
    from.push(splitAddress(d.cell).sheet === plan.sheet ? splitAddress(d.cell).address : d.cell);
  }
  return from.length && Math.abs(predicted - m.computed) <= tolOf(m) ? from : null;
}

/**
 * The sub-totals a total row contains, outermost first (a 合计 without a figure for the measure is
 * taken through its own sub-totals; a direction nobody counts is left out), what they state together
 * with the courses under none of them, and which of them differ.
 */
function innerSubtotals(plan: Plan, m: Measured, diffs: Map<string, number>): { sum: number; parts: string[]; differing: string[] } | null {
  const a = m.agg;
  if (!a) return null;
  const sheet = a.sheet ?? plan.sheet;
  const mine = new Set(a.covers);
  const inner = plan.aggregates.filter((x) => x !== a && x.kind !== 'ratio' && (x.sheet ?? plan.sheet) === sheet && x.covers.length > 0 && x.covers.every((r) => mine.has(r)) && x.row < a.row);
  const counted: AggregateRow[] = [];
  const taken = new Set<number>();
  for (const x of [...inner].sort((p, q) => q.covers.length - p.covers.length || p.row - q.row)) {
    if (x.covers.some((r) => taken.has(r))) continue;
    if (statedOf(x, m.key) === undefined && inner.some((y) => y !== x && y.covers.every((r) => x.covers.includes(r)) && statedOf(y, m.key) !== undefined)) continue;
    const courses = m.covered.filter((c) => x.covers.includes(c.row) && c.source !== 'choice-group');
    for (const r of x.covers) taken.add(r);
    // A group's own row (its slot) belongs to the group's sub-total.
    if (x.definesGroup) taken.add(x.row);
    // A direction not counted (a student takes the other one) is not added either.
    if (courses.length && courses.every((c) => weightOf(c) === 0) && !x.definesGroup) continue;
    counted.push(x);
  }
  if (counted.length === 0) return null;
  const rest = m.covered.filter((c) => !taken.has(c.row));
  const sum = clean(counted.reduce((s, x) => s + (statedOf(x, m.key) ?? 0), 0) + rest.reduce((s, c) => s + valueOf(plan, c, m.key), 0));
  const parts = counted
    .filter((x) => statedOf(x, m.key) !== undefined)
    .sort((p, q) => p.row - q.row)
    .map((x) => `${cellOf(x, m.key)} ${fmt(statedOf(x, m.key)!)}`);
  const differing = counted.map((x) => cellOf(x, m.key)).filter((c): c is string => !!c && diffs.has(qualified(plan, c, a.sheet)));
  return { sum, parts, differing };
}

interface Candidate {
  value: number;
  reason: string;
  zh: string;
  en: string;
}

/** What schools commonly count otherwise, each with what it adds to the difference (computed − stated). */
function candidates(plan: Plan, m: Measured): Candidate[] {
  const out: Candidate[] = [];
  const sem = /^s(\d+)(c?)$/.exec(m.key);
  const i = sem ? Number(sem[1]) - 1 : -1;
  for (const c of m.covered) {
    if (weightOf(c) === 0 || c.source === 'choice-group') continue;
    const own = c.placements.every((p) => p === null) || c.placedFrom !== undefined;
    const v = valueOf(plan, c, m.key);
    // A course with no semester in its own row (军事技能 placed from the calendar, a course not placed).
    if (own && !sem && v) out.push({ value: v, reason: `no-semester:${c.nameCell}`, zh: `“${c.name}”（表中没有学期${c.placedFrom ? `，学期取自“${c.placedFrom}”` : ''}）`, en: `"${c.name}" (no semester in the table${c.placedFrom ? `; its semesters come from "${c.placedFrom}"` : ''})` });
    if (m.key === 'practice' && c.practiceHours?.notation)
      out.push({ value: c.practiceHours.value * weightOf(c), reason: `practice-weeks:${c.practiceHours.cell}`, zh: `“${c.name}”写作“${c.practiceHours.notation}”的实践学时（${c.practiceHours.cell}）`, en: `the practice of "${c.name}" written "${c.practiceHours.notation}" (${c.practiceHours.cell})` });
    if (sem && !sem[2]) {
      const p: Placement | null = c.placements[i];
      if (!p) continue;
      const parsed = p.notation ? parseSemesterCell(p.notation) : null;
      if (parsed?.kind === 'sum' && m.weekly) {
        const rest = clean(parsed.value - parsed.parts[0]);
        out.push({ value: rest * weightOf(c), reason: `theory-only:${p.cell}`, zh: `“${c.name}”的“${p.notation}”只计前一项 ${parsed.parts[0]}（${p.cell}）`, en: `"${c.name}"'s "${p.notation}" counted as its first part, ${parsed.parts[0]} (${p.cell})` });
        out.push({ value: parsed.value * weightOf(c), reason: `text-skipped:${p.cell}`, zh: `写成文字的“${p.notation}”（${c.name}，${p.cell}）未计入`, en: `"${p.notation}", written as text, left out (${c.name}, ${p.cell})` });
      }
      // A course written in two semesters ("X or Y") that the school counts in one of them.
      if (c.totalHours && c.placements.reduce((s, x) => s + (x?.hours ?? 0), 0) > c.totalHours.value + EPS)
        out.push({ value: valueOf(plan, c, m.key), reason: `or-semester:${p.cell}`, zh: `“${c.name}”写在两个学期（“二选一”），这里未计（${p.cell}）`, en: `"${c.name}", written in two semesters ("one of"), not counted here (${p.cell})` });
    }
  }
  // Counted otherwise by the school: both directions, or every option of a group.
  const groups = new Map<string, Course[]>();
  for (const c of m.covered) if (c.group && c.source !== 'choice-group') groups.set(c.group, [...(groups.get(c.group) ?? []), c]);
  for (const [g, list] of groups) {
    const extra = list.reduce((s, c) => s + valueOf(plan, c, m.key, true) - valueOf(plan, c, m.key), 0);
    if (Math.abs(extra) <= EPS) continue;
    const direction = g.includes('›');
    if (m.asListed && !direction) {
      // The plan's figure lists every option; the school's counts the group once, at what it states.
      out.push({ value: extra, reason: `group-once:${g}`, zh: '选修组只按其小计计一次（列出的可选课程多于所选）', en: 'the elective group counted once, at its stated figure (more options listed than taken)' });
      continue;
    }
    out.push({
      value: -extra,
      reason: `${direction ? 'both-directions' : 'group-as-listed'}:${g}`,
      zh: direction ? `另一方向“${g.split('›')[1]}”（学生只选一个方向）也计入` : `选修组的全部可选课程都计入（该组按小计计一次）`,
      en: direction ? `the other direction "${g.split('›')[1]}" counted too (a student takes one)` : `every option of the elective group counted (the group counts once, at its sub-total)`,
    });
  }
  return out;
}

/** What a candidate is about (a course's cell, a group), to tell reasons about the same thing. */
const subjectOf = (c: Candidate) => c.reason.slice(c.reason.indexOf(':') + 1);

/**
 * The fewest candidates (at most two) whose contributions make the difference, when only one set does;
 * 'ambiguous' when two sets would (a preferred subject — what explained the row's other figures —
 * settles it when exactly one set is about it).
 */
function leftOut(plan: Plan, m: Measured, preferred?: Set<string>): Candidate[] | 'ambiguous' | null {
  const diff = m.computed - m.stated;
  const list = candidates(plan, m);
  for (let size = 1; size <= 2; size++) {
    let found: Candidate[][] = [];
    if (size === 1) for (const c of list) if (Math.abs(c.value - diff) <= tolOf(m)) found.push([c]);
    if (size === 2)
      for (let a = 0; a < list.length; a++)
        for (let b = a + 1; b < list.length; b++) {
          if (subjectOf(list[a]) === subjectOf(list[b])) continue;
          if (Math.abs(list[a].value + list[b].value - diff) <= tolOf(m)) found.push([list[a], list[b]]);
        }
    if (found.length > 1 && preferred) found = found.filter((f) => f.every((c) => preferred.has(subjectOf(c))));
    if (found.length === 1) return found[0];
    if (found.length > 1) return 'ambiguous';
  }
  return null;
}

/**
 * A row's semester figures that count courses not placed yet (a plan being filled in): every semester
 * states at least what is placed, and all the row's extra hours together are those courses' hours.
 */
function unplacedRow(plan: Plan, row: Measured[], all: Measured[]): Course[] | null {
  if (plan.semesterMode === 'weekly' || row.length === 0) return null;
  const credits = /c$/.test(row[0].key);
  if (row.some((m) => m.stated < m.computed - EPS)) return null;
  const a = row[0].agg!;
  const family = all.filter((m) => m.agg === a && /^s\d+c?$/.test(m.key) && /c$/.test(m.key) === credits);
  const extra = family.reduce((s, m) => s + (m.stated - m.computed), 0);
  const unplaced = row[0].covered.filter((c) => weightOf(c) > 0 && c.placements.every((p) => p === null));
  const owed = unplaced.reduce((s, c) => s + (credits ? c.credits?.value ?? 0 : hoursOf(c)) * weightOf(c), 0);
  return unplaced.length && Math.abs(extra - owed) <= EPS * 10 ? unplaced : null;
}

/**
 * Findings for the figures that differ: explained ones as one line per reason (info), the rest as
 * findings at their cells.
 */
export function reconcile(plan: Plan, measured: Measured[]): Finding[] {
  const findings: Finding[] = [];
  const diffs = new Map<string, number>();
  const differing = measured.filter((m) => Math.abs(m.stated - m.computed) > tolOf(m));
  for (const m of differing) diffs.set(qualified(plan, m.cell, m.agg?.sheet), m.computed - m.stated);
  const explained: Explained[] = [];
  const done = new Set<Measured>();
  const reasonText = new Map<string, Candidate[]>();

  // Rows stating semester hours of courses not placed yet: one line for the row.
  const rows = new Map<AggregateRow, Measured[]>();
  for (const m of differing) if (m.agg && /^s\d+c?$/.test(m.key)) rows.set(m.agg, [...(rows.get(m.agg) ?? []), m]);
  for (const [a, list] of rows)
    for (const credits of [false, true]) {
      const row = list.filter((m) => /c$/.test(m.key) === credits);
      const unplaced = unplacedRow(plan, row, measured);
      if (!unplaced) continue;
      for (const m of row) done.add(m);
      const total = clean(unplaced.reduce((s, c) => s + (credits ? c.credits?.value ?? 0 : hoursOf(c)), 0));
      explained.push({
        reason: `unplaced:${a.labelCell}:${credits}`,
        cell: row.map((m) => m.cell).join('、'),
        line: msg(
          `“${a.label}”行（${row.map((m) => m.cell).join('、')}）的各学期${credits ? '学分' : '学时'}比已排的课程多出的部分，正是 ${unplaced.length} 门尚未排入学期的课程（共 ${fmt(total)} ${credits ? '学分' : '学时'}：${unplaced.map((c) => c.name).join('、')}）`,
          `The row "${a.label}" (${row.map((m) => m.cell).join(', ')}) states more semester ${credits ? 'credits' : 'hours'} than its placed courses give by exactly the ${unplaced.length} courses not placed in any semester yet (${fmt(total)} ${credits ? 'credits' : 'h'}: ${unplaced.map((c) => c.name).join(', ')})`,
        ),
      });
    }

  // Reasons found for a row's other figures are preferred where a figure alone would fit two.
  const preferred = new Map<AggregateRow, Set<string>>();
  const unresolved: Measured[] = [];
  for (const pass of [0, 1]) {
    for (const m of pass === 0 ? differing : unresolved.splice(0)) {
      if (done.has(m)) continue;
      if (m.fault) {
        done.add(m);
        findings.push({ rule: m.rule, severity: 'error', required: clean(m.computed), actual: m.stated, cells: m.cells, message: m.message });
        continue;
      }
      const inner = innerSubtotals(plan, m, diffs);
      const from = followsDependencies(plan, m, diffs) ?? (inner && !m.dependsOn?.length && inner.differing.length && Math.abs(inner.sum - m.stated) <= tolOf(m) ? inner.differing : null);
      if (from) {
        done.add(m);
        explained.push({ reason: 'follows', cell: m.cell, line: msg(`${m.cell}←${from.join('+')}`, `${m.cell} ← ${from.join(' + ')}`) });
        continue;
      }
      if (m.external !== undefined && Math.abs(m.computed + m.external - m.stated) <= tolOf(m)) {
        done.add(m);
        explained.push({ reason: `external:${m.cell}`, cell: m.cell, line: msg(`${m.cell} 的 ${fmt(m.stated)} 中有 ${fmt(m.external)} 来自另一个工作簿的链接，本文件中没有那些课程`, `${fmt(m.external)} of the ${fmt(m.stated)} in ${m.cell} come from a link to another workbook, whose courses are not in this file`) });
        continue;
      }
      // A total over sub-totals answers for itself through them; course-level reasons belong to the sub-totals.
      const overSubtotals = !!inner && inner.parts.length > 0;
      const why = overSubtotals ? null : leftOut(plan, m, pass === 1 ? preferred.get(m.agg!) : undefined);
      if (why === 'ambiguous' && pass === 0) {
        unresolved.push(m);
        continue;
      }
      done.add(m);
      if (why && why !== 'ambiguous') {
        const reason = why.map((c) => c.reason).sort().join('|');
        explained.push({ reason, cell: m.cell, line: msg(`${m.cell}（${m.what.zh} ${fmt(m.stated)}，方案 ${fmt(m.computed)}）`, `${m.cell} (${m.what.en} ${fmt(m.stated)}, the plan ${fmt(m.computed)})`) });
        reasonText.set(reason, why);
        if (m.agg) for (const c of why) preferred.set(m.agg, new Set([...(preferred.get(m.agg) ?? []), subjectOf(c)]));
        continue;
      }
      const hint =
        overSubtotals && inner
          ? msg(`；其所含小计合计为 ${fmt(inner.sum)}（${inner.parts.join('、')}）`, `; its sub-totals add up to ${fmt(inner.sum)} (${inner.parts.join(', ')})`)
          : msg('', '');
      const message = hint.zh ? msg(m.message.zh.replace(/。$/, `${hint.zh}。`), m.message.en.replace(/\.$/, `${hint.en}.`)) : m.message;
      findings.push({ rule: m.rule, severity: 'error', required: m.share ? m.computed : clean(m.computed), actual: m.stated, cells: m.cells, message });
    }
  }

  // One line per reason.
  const follows = explained.filter((e) => e.reason === 'follows');
  if (follows.length)
    findings.push({
      rule: 'total-follows-subtotals',
      severity: 'info',
      cells: follows.map((e) => e.cell),
      message: msg(
        `这些合计数按其所含的小计（或公式引用的小计）计算，差异全部来自那些小计，已在各自单元格指出：${follows.map((e) => e.line.zh).join('，')}。`,
        `These totals are computed from sub-totals (as stated, or through their formulas) that differ, and differ by exactly as much; the sub-totals are reported at their cells: ${follows.map((e) => e.line.en).join(', ')}.`,
      ),
    });
  const byReason = new Map<string, Explained[]>();
  for (const e of explained) if (e.reason !== 'follows') byReason.set(e.reason, [...(byReason.get(e.reason) ?? []), e]);
  for (const [reason, list] of byReason) {
    const why = reasonText.get(reason);
    const cells = list.flatMap((e) => e.cell.split('、'));
    if (why) {
      findings.push({
        rule: 'total-explained',
        severity: 'info',
        cells,
        message: msg(
          `学校的数字与方案相差的正是${why.map((c) => c.zh).join('和')}：${list.map((e) => e.line.zh).join('，')}。`,
          `The school's figures differ from the plan by exactly ${why.map((c) => c.en).join(' and ')}: ${list.map((e) => e.line.en).join(', ')}.`,
        ),
      });
    } else findings.push({ rule: 'total-explained', severity: 'info', cells, message: msg(`${list.map((e) => e.line.zh).join('；')}。`, `${list.map((e) => e.line.en).join('; ')}.`) });
  }
  return findings;
}
