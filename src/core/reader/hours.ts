/**
 * Settling what semester cells mean in hours once the whole table is read: the weeks a weekly-hours
 * course runs (a template may count 16 weeks in an 18-week semester), and the hours of a whole-week
 * block (`2w`), which the plan's own all-block courses tell.
 */

import { msg } from '../message';
import type { Course, Placement, ReaderNote, Semester } from '../plan';
import { clean } from '../text';

const EPS = 1e-6;

function allPlacements(c: Course): Placement[] {
  return [...c.placements, ...(c.summer ?? [])].filter((p): p is Placement => p !== null);
}

/** Hours a weekly placement gives with the given weeks per semester. */
function weeklyHours(c: Course, weeks: number[]): number {
  return c.placements.reduce((s, p, i) => s + (!p ? 0 : p.shape === 'weekly' ? (p.weekly ?? 0) * (p.weeks ?? weeks[i]) : p.shape === 'block' ? 0 : p.hours), 0);
}

export interface WeeksCandidate {
  weeks: number[];
  /** Where the candidate comes from, for the note. */
  source: { zh: string; en: string };
}

/**
 * Weekly layouts: picks the weeks per semester under which most course totals equal weekly hours ×
 * weeks (the header's weeks, a 教学时间分配表's theory weeks, or 16). Hours layouts that count 16 h per
 * credit in longer semesters get 16 course weeks, so weekly loads read as the template's own totals.
 */
export function settleCourseWeeks(courses: Course[], semesters: Semester[], weekly: boolean, candidates: WeeksCandidate[], notes: ReaderNote[]): void {
  const own = semesters.map((s) => s.weeks);
  const sixteen = own.map((w) => Math.min(w, 16));
  const all: WeeksCandidate[] = [{ weeks: own, source: msg('表头', 'the header') }, ...candidates.filter((c) => c.weeks.length === own.length)];
  if (own.some((w) => w > 16)) all.push({ weeks: sixteen, source: msg('每学分 16 学时（16 周）', '16 h per credit (16 weeks)') });

  let chosen = all[0];
  if (weekly) {
    const score = (cand: WeeksCandidate) => courses.filter((c) => c.totalHours && c.placements.some((p) => p?.shape === 'weekly') && !c.placements.some((p) => p?.shape === 'block') && Math.abs(weeklyHours(c, cand.weeks) + (c.summer ?? []).reduce((s, p) => s + (p?.hours ?? 0), 0) - c.totalHours.value) < 0.5).length;
    let best = score(chosen);
    for (const cand of all.slice(1)) {
      const sc = score(cand);
      if (sc > best) [chosen, best] = [cand, sc];
    }
  } else {
    const withCredits = courses.filter((c) => c.credits && c.totalHours && c.credits.value > 0 && !c.isInternship);
    const per16 = withCredits.filter((c) => Math.abs(c.totalHours!.value - 16 * c.credits!.value) < EPS).length;
    if (withCredits.length >= 5 && per16 / withCredits.length >= 0.6 && own.some((w) => w > 16)) chosen = all[all.length - 1];
  }
  if (chosen === all[0]) return;
  semesters.forEach((s, i) => {
    if (chosen.weeks[i] !== s.weeks) s.courseWeeks = chosen.weeks[i];
    s.courseWeeksFrom = chosen.source;
  });
  if (weekly) for (const c of courses) c.placements.forEach((p, i) => {
    if (p?.shape === 'weekly' && p.weeks === undefined) p.hours = clean((p.weekly ?? 0) * chosen.weeks[i]);
  });
  const list = semesters.map((s) => s.courseWeeks ?? s.weeks).join('/');
  notes.push({
    id: 'reader.course-weeks',
    severity: 'info',
    cells: [],
    message: weekly
      ? msg(
          `周学时按每学期 ${list} 周折算为学时（来源：${chosen.source.zh}），这样与各课程总学时最吻合；学期周数仍为 ${own.join('/')}。可在设置中修改。`,
          `Weekly hours are turned into hours over ${list} weeks per semester (from ${chosen.source.en}), which matches the course totals best; the semesters still have ${own.join('/')} weeks. Editable in the settings.`,
        )
      : msg(
          `本表按每学分 16 学时（16 周）计，而学期有 ${own.join('/')} 周：周学时按 ${list} 周计算，与表中按 16 折算学分的做法一致。可在设置中修改。`,
          `This template counts 16 h per credit (16 weeks) in semesters of ${own.join('/')} weeks: weekly loads use ${list} weeks, as the sheet's own per-semester credits do. Editable in the settings.`,
        ),
  });
}

/** Applies weeks given in the settings (rules.loadWeeks), overriding detection. */
export function applyCourseWeeks(courses: Course[], semesters: Semester[], weeks: number[]): void {
  semesters.forEach((s, i) => {
    const w = weeks[i] ?? weeks[weeks.length - 1];
    if (w && w > 0 && w !== s.weeks) s.courseWeeks = w;
    else delete s.courseWeeks;
  });
  for (const c of courses) c.placements.forEach((p, i) => {
    if (p?.shape === 'weekly' && p.weeks === undefined) p.hours = clean((p.weekly ?? 0) * (semesters[i].courseWeeks ?? semesters[i].weeks));
  });
}

/**
 * Whole-week blocks: hours per week from the plan's courses that are all blocks (total ÷ weeks, the
 * most common value), else from the row's own total. A row whose total disagrees keeps the plan's
 * rate, so the difference shows as a placement finding at the row.
 */
export function settleBlocks(courses: Course[], notes: ReaderNote[]): number | undefined {
  // Whole-week placements, and weekly ones with whole weeks besides (`4+1w`).
  const blocky = courses.filter((c) => allPlacements(c).some((p) => p.shape === 'block' || p.blockWeeks));
  if (blocky.length === 0) return undefined;
  const rates = new Map<number, number>();
  for (const c of blocky) {
    const ps = allPlacements(c);
    if (!c.totalHours || !ps.every((p) => p.shape === 'block')) continue;
    const weeks = ps.reduce((s, p) => s + (p.blockWeeks ?? 0), 0);
    if (weeks > 0) {
      const r = clean(c.totalHours.value / weeks);
      rates.set(r, (rates.get(r) ?? 0) + 1);
    }
  }
  const rate = [...rates].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0];
  let own = 0;
  for (const c of blocky) {
    const ps = allPlacements(c);
    const weeks = ps.reduce((s, p) => s + (p.blockWeeks ?? 0), 0);
    const rest = ps.filter((p) => p.shape !== 'block').reduce((s, p) => s + p.hours, 0);
    const perWeek = rate ?? (c.totalHours && weeks > 0 ? Math.max(0, (c.totalHours.value - rest) / weeks) : 0);
    if (rate === undefined) own++;
    for (const p of ps) {
      if (p.shape === 'block') p.hours = clean((p.blockWeeks ?? 0) * perWeek);
      else if (p.blockWeeks) {
        p.blockHours = clean(p.blockWeeks * perWeek);
        p.hours = clean(p.hours + p.blockHours);
      }
    }
  }
  const example = blocky.flatMap((c) => allPlacements(c).filter((p) => p.shape === 'block' || p.blockWeeks)).slice(0, 1)[0];
  notes.push({
    id: 'reader.week-blocks',
    severity: 'info',
    cells: example ? [example.cell] : [],
    message:
      rate !== undefined
        ? msg(
            `整周安排（如“${example?.notation ?? '1w'}”）按每周 ${rate} 学时计（本方案全部按周安排的课程：总学时 ÷ 周数），不计入周学时。`,
            `Whole-week placements (such as "${example?.notation ?? '1w'}") count ${rate} h a week (the plan's all-block courses: total ÷ weeks) and stay out of the weekly load.`,
          )
        : msg(
            `整周安排（如“${example?.notation ?? '1w'}”）按各课程总学时平均到所安排的周（${own} 门），不计入周学时。`,
            `Whole-week placements (such as "${example?.notation ?? '1w'}") share each course's total over its weeks (${own} courses) and stay out of the weekly load.`,
          ),
  });
  return rate;
}

/**
 * A weekly-hours row whose plain numbers give its total only when read as hours (团队素质拓展 26 h with
 * `26` in one semester, where the plan's whole-week rate is 26 h): those cells are hours — whole weeks
 * at the plan's rate where they divide by it, else hours in the term. The row's own total decides;
 * rows that agree as weekly hours stay as they are.
 */
export function readHoursInWeeklyRows(courses: Course[], rate: number | undefined, notes: ReaderNote[]): void {
  for (const c of courses) {
    if (!c.totalHours) continue;
    const ps = c.placements.filter((p): p is Placement => p !== null);
    const plain = ps.filter((p) => p.shape === 'weekly' && p.notation === undefined && p.weeks === undefined && p.blockWeeks === undefined && p.weekly !== undefined);
    if (plain.length === 0) continue;
    const asRead = ps.reduce((s, p) => s + p.hours, 0) + (c.summer ?? []).reduce((s, p) => s + (p?.hours ?? 0), 0);
    if (Math.abs(asRead - c.totalHours.value) < EPS) continue;
    const asHours = asRead - plain.reduce((s, p) => s + p.hours - (p.weekly ?? 0), 0);
    if (Math.abs(asHours - c.totalHours.value) >= EPS) continue;
    const read: string[] = [];
    const readEn: string[] = [];
    for (const p of plain) {
      const v = p.weekly!;
      const weeks = rate && rate > 0 ? v / rate : 0;
      const whole = weeks >= 1 && Math.abs(weeks - Math.round(weeks)) < EPS;
      p.hours = v;
      delete p.weekly;
      p.notation = String(v);
      if (whole) {
        p.shape = 'block';
        p.blockWeeks = Math.round(weeks);
        read.push(`${p.cell} 的 ${v} 读作 ${p.blockWeeks} 周整周安排（每周 ${rate} 学时）`);
        readEn.push(`${p.cell}'s ${v} as ${p.blockWeeks} whole week${p.blockWeeks > 1 ? 's' : ''} at ${rate} h`);
      } else {
        p.shape = 'term';
        read.push(`${p.cell} 的 ${v} 读作该学期的 ${v} 学时`);
        readEn.push(`${p.cell}'s ${v} as ${v} h in the term`);
      }
    }
    notes.push({
      id: 'reader.hours-in-weekly',
      severity: 'info',
      cells: plain.map((p) => p.cell),
      message: msg(
        `“${c.name}”共 ${c.totalHours.value} 学时：其学期数字按周学时读与总学时不符，按学时读正好相符，因此${read.join('，')}，不计入周学时。`,
        `"${c.name}" (${c.totalHours.value} h): its semester numbers give the total only as hours, not as weekly hours, so ${readEn.join(', ')}; they stay out of the weekly load.`,
      ),
    });
  }
}
