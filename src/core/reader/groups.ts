/**
 * Elective groups a school writes as rows: a list of options whose 小计 states fewer hours than the
 * options add up to (choose some of them), and alternative directions (方向1 / 方向2) of which a student
 * takes one. Each counts once; the rows stay in the plan with the share they count for.
 */

import { msg } from '../message';
import type { AggregateRow, Course, ReaderNote, Semester, SemesterMode } from '../plan';
import { clean } from '../text';

const EPS = 1e-6;

const hoursOf = (c: Course) => c.totalHours?.value ?? c.placements.reduce((s, p) => s + (p?.hours ?? 0), 0);

/** Choice groups: an elective sub-total stating fewer hours than its rows. */
export function findChoiceGroups(courses: Course[], aggregates: AggregateRow[], semesters: Semester[], mode: SemesterMode, notes: ReaderNote[]): Course[] {
  const added: Course[] = [];
  for (const a of aggregates) {
    if (a.kind !== 'subtotal' || !a.totalHours || a.measure === 'credits') continue;
    const members = courses.filter((c) => a.covers.includes(c.row));
    if (members.length < 2 || !members.every((c) => c.category === 'elective' && c.weight === undefined)) continue;
    const listed = clean(members.reduce((s, c) => s + hoursOf(c), 0));
    const stated = a.totalHours.value;
    if (!(stated < listed - EPS) || stated <= 0) continue;
    const group = `${a.labelCell}`;
    const label = commonLabel(members) ?? a.label;
    a.definesGroup = true;
    const unplaced = members.every((c) => c.placements.every((p) => p === null));
    const stateSemesters = a.semesterHours.some((h) => h && h.value > 0);
    if (unplaced && stateSemesters) {
      // The options carry no semesters; the sub-total row says when the chosen hours are taught.
      const slot: Course = {
        row: a.row,
        name: `${label}（${members.length} 门任选）`,
        nameCell: a.labelCell,
        category: 'elective',
        categoryPath: members[0].categoryPath,
        placements: semesters.map((s, i) => {
          const h = a.semesterHours[i];
          if (!h || h.value <= 0) return null;
          const weeks = s.courseWeeks ?? s.weeks;
          return mode === 'weekly' ? { hours: clean(h.value * weeks), weekly: h.value, shape: 'weekly' as const, cell: h.cell } : { hours: h.value, cell: h.cell };
        }),
        isInternship: false,
        totalHours: a.totalHours,
        source: 'choice-group',
        group,
      };
      if (a.credits) slot.credits = a.credits;
      if (members[0].categoryCell) slot.categoryCell = members[0].categoryCell;
      added.push(slot);
      for (const m of members) {
        m.weight = 0;
        m.group = group;
        m.weightNote = msg(`任选课程之一，按小计行 ${a.totalHours.cell} 的 ${stated} 学时计入`, `one of the options; counted through the sub-total ${a.totalHours.cell} (${stated} h)`);
      }
      for (const other of aggregates) if (other !== a && members.some((m) => other.covers.includes(m.row))) other.covers.push(a.row);
    } else {
      const w = stated / listed;
      for (const m of members) {
        m.weight = w;
        m.group = group;
        m.weightNote = msg(`选修组按小计 ${a.totalHours.cell} 的 ${stated} 学时计（列出 ${listed} 学时），每门计 ${Math.round(w * 1000) / 10}%`, `the group counts ${stated} h as its sub-total ${a.totalHours.cell} says (${listed} h listed): each course counts ${Math.round(w * 1000) / 10}%`);
      }
    }
    notes.push({
      id: 'reader.choice-group',
      severity: 'info',
      cells: [a.totalHours.cell],
      message: msg(
        `“${label}”列出 ${members.length} 门共 ${listed} 学时，小计 ${a.totalHours.cell} 为 ${stated} 学时：按选修组计入 ${stated} 学时${unplaced && stateSemesters ? '，学期安排取小计行' : ''}。`,
        `"${label}" lists ${members.length} courses of ${listed} h in all, and its sub-total ${a.totalHours.cell} says ${stated} h: counted as an elective group of ${stated} h${unplaced && stateSemesters ? ', taught when the sub-total row says' : ''}.`,
      ),
    });
  }
  return added;
}

/** The deepest category label every member shares (the module, not one option's sub-group). */
function commonLabel(members: Course[]): string | undefined {
  const first = members[0].categoryPath;
  let depth = 0;
  while (depth < first.length && members.every((m) => m.categoryPath[depth] === first[depth])) depth++;
  return depth > 0 ? first[depth - 1] : undefined;
}

/** Alternative directions: sub-categories named …方向 under one category; the first counts. */
export function findDirections(courses: Course[], notes: ReaderNote[]): void {
  const byTop = new Map<string, Map<string, Course[]>>();
  for (const c of courses) {
    const [top, sub] = c.categoryPath;
    if (!top || !sub || !(/方向/.test(sub) || /方向/.test(top)) || c.weight !== undefined) continue;
    const subs = byTop.get(top) ?? new Map<string, Course[]>();
    subs.set(sub, [...(subs.get(sub) ?? []), c]);
    byTop.set(top, subs);
  }
  for (const [top, subs] of byTop) {
    if (subs.size < 2) continue;
    const [first, ...others] = [...subs.keys()];
    for (const [sub, list] of subs) for (const c of list) c.group = `${top}›${sub}`;
    for (const sub of others)
      for (const c of subs.get(sub)!) {
        c.weight = 0;
        c.weightNote = msg(`“${sub}”是“${first}”的备选方向，不重复计入`, `"${sub}" is an alternative to "${first}" and is not counted twice`);
      }
    const cell = subs.get(others[0])![0].categoryCell ?? subs.get(others[0])![0].nameCell;
    notes.push({
      id: 'reader.directions',
      severity: 'info',
      cells: [cell],
      message: msg(
        `“${top}”有 ${subs.size} 个方向（${[...subs.keys()].join('、')}），学生选其一：学时与周学时按第一个方向“${first}”计入。`,
        `"${top}" offers ${subs.size} directions (${[...subs.keys()].join(', ')}) of which a student takes one: hours and loads count the first, "${first}".`,
      ),
    });
  }
}
