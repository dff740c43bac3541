/**
 * Elective groups a school writes as rows: a list of options whose 小计 states fewer hours than the
 * options add up to (choose some of them), and alternative directions (方向1 / 方向2) of which a student
 * takes one. Each counts once; the rows stay in the plan with the share they count for.
 */

import { msg } from '../message';
import type { AggregateRow, Course, ReaderNote, Semester, SemesterMode } from '../plan';
import { clean } from '../text';
import { DIRECTION_LABEL } from './labels';

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
    const placed = (c: Course) => clean(c.placements.reduce((t, p) => t + (p?.hours ?? 0), 0));
    const carriers = members.filter((c) => c.placements.some((p) => p !== null));
    const stateSemesters = a.semesterHours.some((h) => h && h.value > 0);
    // Where the group is taught: its sub-total row, or one option row whose cells carry the group's
    // hours rather than its own (中外服装史 32 h with 4 + 2 h/week = 96 h, the group's 96).
    // The sub-total row's semesters are the group's when no option is placed, or when they account for
    // the stated hours themselves (options placed where they are offered, the row saying when a student takes them).
    const rowHours = clean(
      semesters.reduce((t, s, i) => {
        const h = a.semesterHours[i];
        return t + (h && h.value > 0 ? (mode === 'weekly' ? h.value * (s.courseWeeks ?? s.weeks) : h.value) : 0);
      }, 0),
    );
    const onRow = stateSemesters && (carriers.length === 0 || Math.abs(rowHours - stated) < EPS);
    const onOption = !stateSemesters && carriers.length === 1 && Math.abs(placed(carriers[0]) - stated) < EPS && Math.abs(placed(carriers[0]) - hoursOf(carriers[0])) > EPS ? carriers[0] : null;
    // Or the options placed are the ones chosen: their hours are the group's, each placed as its total says.
    const chosen = !stateSemesters && !onOption && carriers.length > 0 && carriers.length < members.length && Math.abs(clean(carriers.reduce((t, c) => t + hoursOf(c), 0)) - stated) < EPS && carriers.every((c) => Math.abs(placed(c) - hoursOf(c)) < EPS);
    let how: { zh: string; en: string };
    if (onRow || onOption) {
      const slot: Course = {
        row: a.row,
        name: `${label}（${members.length} 门任选）`,
        nameCell: a.labelCell,
        category: 'elective',
        categoryPath: members[0].categoryPath,
        placements: onOption
          ? onOption.placements.map((p) => (p ? { ...p } : null))
          : semesters.map((s, i) => {
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
      if (a.practiceHours) slot.practiceHours = a.practiceHours;
      if (members[0].categoryCell) slot.categoryCell = members[0].categoryCell;
      added.push(slot);
      if (onOption) onOption.placements = onOption.placements.map(() => null);
      for (const m of members) {
        m.weight = 0;
        m.group = group;
        m.weightNote = msg(`任选课程之一，按小计行 ${a.totalHours.cell} 的 ${stated} 学时计入`, `one of the options; counted through the sub-total ${a.totalHours.cell} (${stated} h)`);
      }
      for (const other of aggregates) if (other !== a && members.some((m) => other.covers.includes(m.row))) other.covers.push(a.row);
      how = onOption ? msg(`，学期安排取“${onOption.name}”行（${onOption.nameCell}）`, `, taught when the row of "${onOption.name}" (${onOption.nameCell}) says`) : msg('，学期安排取小计行', ', taught when the sub-total row says');
    } else if (chosen) {
      for (const m of members) {
        const taken = carriers.includes(m);
        m.weight = taken ? 1 : 0;
        m.group = group;
        if (!taken) m.weightNote = msg(`未排学期的任选课程，小计 ${a.totalHours.cell} 的 ${stated} 学时由已排学期的课程组成`, `an option without semesters; the sub-total ${a.totalHours.cell} (${stated} h) is made of the options placed`);
      }
      how = msg(`，即已排学期的 ${carriers.length} 门`, `: the ${carriers.length} options placed`);
    } else {
      const w = stated / listed;
      for (const m of members) {
        m.weight = w;
        m.group = group;
        m.weightNote = msg(`选修组按小计 ${a.totalHours.cell} 的 ${stated} 学时计（列出 ${listed} 学时），每门计 ${Math.round(w * 1000) / 10}%`, `the group counts ${stated} h as its sub-total ${a.totalHours.cell} says (${listed} h listed): each course counts ${Math.round(w * 1000) / 10}%`);
      }
      how = msg('', '');
    }
    notes.push({
      id: 'reader.choice-group',
      severity: 'info',
      cells: [a.totalHours.cell],
      message: msg(
        `“${label}”列出 ${members.length} 门共 ${listed} 学时，小计 ${a.totalHours.cell} 为 ${stated} 学时：按选修组计入 ${stated} 学时${how.zh}。`,
        `"${label}" lists ${members.length} courses of ${listed} h in all, and its sub-total ${a.totalHours.cell} says ${stated} h: counted as an elective group of ${stated} h${how.en}.`,
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

/** A label that names a direction itself (方向一, 营销管理方向), not a category of direction courses (专业方向课). */
function isDirectionLabel(label: string): boolean {
  return DIRECTION_LABEL.test(label) && !/课(程)?$/.test(label);
}

/**
 * Alternative directions: sibling categories (at any level of the category path, from a category
 * column or a heading row) that name directions, or that stand under a category of direction courses
 * (专业（群）方向课程 › 新媒体营销 / 营销管理方向). A student takes one: the first counts.
 */
export function findDirections(courses: Course[], notes: ReaderNote[]): void {
  const byParent = new Map<string, { top: string; subs: Map<string, Course[]> }>();
  for (const c of courses) {
    if (c.weight !== undefined) continue;
    const path = c.categoryPath;
    let k = -1;
    for (let i = path.length - 1; i >= 0 && k < 0; i--) if (isDirectionLabel(path[i]) || (i > 0 && DIRECTION_LABEL.test(path[i - 1]))) k = i;
    if (k < 0) continue;
    const parent = path.slice(0, k).join('›');
    const entry = byParent.get(parent) ?? { top: path[k - 1] ?? '', subs: new Map<string, Course[]>() };
    entry.subs.set(path[k], [...(entry.subs.get(path[k]) ?? []), c]);
    byParent.set(parent, entry);
  }
  for (const { top, subs } of byParent.values()) {
    if (subs.size < 2) continue;
    // Under a parent that is not about directions, each sibling must name a direction itself.
    if (!DIRECTION_LABEL.test(top) && ![...subs.keys()].every(isDirectionLabel)) continue;
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
        `“${top || first}”有 ${subs.size} 个方向（${[...subs.keys()].join('、')}），学生选其一：学时与周学时按第一个方向“${first}”计入。`,
        `"${top || first}" offers ${subs.size} directions (${[...subs.keys()].join(', ')}) of which a student takes one: hours and loads count the first, "${first}".`,
      ),
    });
  }
}
