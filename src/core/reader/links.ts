/**
 * What a workbook's formulas say beyond the cells they compute: links into other workbooks (`[1]…`),
 * whose figures this file only holds as cached results, and the practice-table cells a summary counts
 * as credits (the school's own 总学分 adds 军事技能 2, 认识实习 1, 岗位实习 12 from its practice table).
 */

import { references } from '../formula';
import { columnLetter } from '../grid';
import { msg } from '../message';
import type { Course, Plan, ReaderNote, StatedFigure } from '../plan';
import { qualify, weightOf } from '../plan';
import { clean } from '../text';
import { CREDITS_HEADER, RATIO_ROW } from './labels';
import type { SemesterRowTable } from './practice';
import type { SheetView, WorkbookViews } from './sheet';

/** The hours a course counts for in the plan (its share when it is an alternative or a group's option). */
export const countedHours = (c: Course) => (c.totalHours?.value ?? [...c.placements, ...(c.summer ?? [])].reduce((s, p) => s + (p?.hours ?? 0), 0)) * weightOf(c);

/**
 * One note per sheet whose formulas reach into another workbook: which cells, and what counting the
 * linked part would change (the stated figures whose results come partly from there).
 */
export function externalLinkNotes(views: WorkbookViews, sheets: string[], plan: Plan, stated: StatedFigure[]): ReaderNote[] {
  const notes: ReaderNote[] = [];
  const total = clean(plan.courses.reduce((s, c) => s + countedHours(c), 0));
  for (const sheet of sheets) {
    const view = views.views.get(sheet);
    if (!view) continue;
    const cells: string[] = [];
    const links = new Set<string>();
    for (const { r, c, f } of view.formulas()) {
      const ext = references(f).filter((x) => x.external);
      if (ext.length === 0) continue;
      cells.push(qualify(sheet, view.address(r, c)));
      for (const x of ext) links.add(x.external!);
    }
    if (cells.length === 0) continue;
    const parts = stated.filter((f) => f.external && f.external.value !== 0 && f.cell.startsWith(qualify(sheet, '').replace(/!$/, '')));
    const hours = parts.find((f) => f.measure === 'total-hours');
    const what = hours
      ? msg(
          `按其缓存结果，${hours.cell} 的 ${hours.value} 学时中有 ${hours.external!.value} 学时来自那里（${hours.external!.refs.join('、')}）：本文件中没有这些课程，本方案总学时为 ${total}，计入后为 ${clean(total + hours.external!.value)}；总学时、比例和各门课程的检查只针对本文件中的课程，缺少的课程（如某门公共课）可能在那个工作簿中。`,
          `By its cached results, ${hours.external!.value} of the ${hours.value} h in ${hours.cell} come from there (${hours.external!.refs.join(', ')}): those courses are not in this file, so the plan's total is ${total} h here and would be ${clean(total + hours.external!.value)} h with them; total hours, shares and the course checks cover this file's courses only, and a course that seems missing may be in that workbook.`,
        )
      : msg('这些数值是保存时的缓存结果，本文件中没有它们的来源；若那个工作簿中还有课程，本方案的检查没有计入它们。', 'These values are the results cached when the file was saved; their sources are not in this file, and any courses in that workbook are not in this check.');
    notes.push({
      id: 'reader.external-link',
      severity: 'warning',
      cells: cells.slice(0, 20),
      message: msg(
        `工作表“${sheet}”有 ${cells.length} 个单元格的公式引用另一个工作簿（${[...links].join('、')}，如 ${cells[0]}）。${what.zh}`,
        `Sheet "${sheet}" has ${cells.length} cell(s) whose formulas refer to another workbook (${[...links].join(', ')}, e.g. ${cells[0]}). ${what.en}`,
      ),
    });
  }
  return notes;
}

/** A summary cell's label: the text left of it on its row and above it in its column. */
function labelsOf(view: SheetView, r: number, c: number): string {
  const out: string[] = [];
  for (let x = c - 1; x >= 0; x--) {
    const t = view.label(r, x);
    if (t && view.number(r, x).kind !== 'number') {
      out.push(t);
      break;
    }
  }
  for (let y = r - 1; y >= 0; y--) {
    const t = view.label(y, c);
    if (t && view.number(y, c).kind !== 'number') {
      out.push(t);
      break;
    }
  }
  return out.join('|');
}

/**
 * Credits of practice-table activities as the school's summary counts them: a summary cell labelled
 * 学分 whose formula adds practice-table cells (=…+实践教学!G11+实践教学!H11) says those columns are
 * credits. Each activity with such a column gets the referenced figure as its credits, with its cell.
 */
export function practiceCreditsFromSummaries(plan: Plan, views: WorkbookViews, summaries: string[], tables: SemesterRowTable[]): ReaderNote[] {
  const notes: ReaderNote[] = [];
  const practice = new Map(tables.filter((t) => t.hasHours).map((t) => [t.sheet, t]));
  if (practice.size === 0) return notes;
  const given = new Map<Course, string>();
  for (const sheet of summaries) {
    const view = views.views.get(sheet);
    if (!view) continue;
    for (const { r, c, f } of view.formulas()) {
      const label = labelsOf(view, r, c);
      if (!CREDITS_HEADER.test(label) || RATIO_ROW.test(label)) continue;
      for (const ref of references(f)) {
        const table = ref.sheet ? practice.get(ref.sheet) : undefined;
        if (!table || ref.external) continue;
        const other = views.views.get(table.sheet)!;
        for (let col = ref.col0; col <= ref.col1; col++) {
          const letter = columnLetter(col);
          // The column must be one activity's own (an hours column shared by two says nothing).
          const owners = table.activities.filter((a) => [...a.weekCells, ...a.hourCells].some((x) => x?.replace(/\d+$/, '') === letter));
          const activity = owners.length === 1 ? owners[0] : undefined;
          const course = activity && plan.courses.find((x) => x.source === 'practice-table' && x.sheet === table.sheet && x.name === activity.name);
          if (!course || course.credits || given.has(course)) continue;
          let value = 0;
          for (let row = ref.row0; row <= ref.row1; row++) {
            const p = other.number(row - other.grid.originRow, col - other.grid.originCol);
            if (p.kind === 'number') value += p.value;
          }
          if (value <= 0) continue;
          const cell = qualify(table.sheet, `${letter}${ref.row0 + 1}`);
          course.credits = { value: clean(value), cell };
          given.set(course, cell);
        }
      }
    }
  }
  if (given.size)
    notes.push({
      id: 'reader.practice-credits',
      severity: 'info',
      cells: [...given.values()],
      message: msg(
        `汇总表的学分公式把实践教学表中的这些数计为学分：${[...given].map(([c, cell]) => `${c.name} ${c.credits!.value} 学分（${cell}）`).join('、')}，已计入总学分。`,
        `The summary's credit formulas count these practice-table figures as credits: ${[...given].map(([c, cell]) => `${c.name} ${c.credits!.value} (${cell})`).join(', ')}; they are in the total credits.`,
      ),
    });
  return notes;
}
