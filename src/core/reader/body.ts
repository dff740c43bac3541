/** Reading the rows under the header: courses, sub-totals, ratio rows, and where the table ends. */

import { msg } from '../message';
import type { AggregateRow, Category, Course, NumFact, Placement, ReaderNote, Semester, SemesterMode } from '../plan';
import { referencedRanges } from '../formula';
import { formulaNote } from '../formulaNotes';
import { parseSemesterCell } from '../text';
import type { HeaderLayout } from './header';
import { GRAND_TOTAL, NAME_HEADER, NOTE_ROW, RATIO_ROW, TOTAL_ROW, WEEKS_LABEL, categoryOf, isGroupingLabel } from './labels';
import { MAX_FORMULA_DEPTH, type SheetView } from './sheet';

/** Hours (or credits) above this in one cell are a typo: reported and not counted. */
export const MAX_VALUE = 10_000;

export interface BodyResult {
  courses: Course[];
  aggregates: AggregateRow[];
  lastRow: number;
}

export class BodyReader {
  readonly notes: ReaderNote[] = [];
  private readonly warnedLabels = new Set<string>();
  /** The last named row without any number, for read() to file as an option or a note. */
  private optionRow: { name: string; cell: string } | null = null;

  constructor(
    private readonly view: SheetView,
    private readonly layout: HeaderLayout,
    private readonly semesters: Semester[],
    private readonly mode: SemesterMode,
  ) {}

  note(id: string, severity: ReaderNote['severity'], cells: string[], zh: string, en: string): void {
    if (this.notes.length < 500) this.notes.push({ id, severity, cells, message: msg(zh, en) });
  }

  /** A numeric cell; text, errors and odd values become notes naming the cell. */
  num(r: number, c: number | undefined, what: string, whatEn: string): NumFact | undefined {
    if (c === undefined || c < 0) return undefined;
    const p = this.view.number(r, c);
    const cell = this.view.address(r, c);
    switch (p.kind) {
      case 'empty':
        return undefined;
      case 'number':
        if (p.value < 0) {
          this.note('reader.negative', 'error', [cell], `${cell} 的${what}为负数 ${p.value}。`, `${cell}: ${whatEn} is negative (${p.value}).`);
          return undefined;
        }
        // No course has more than MAX_HOURS hours (or credits): such a number is a typo, not a plan.
        if (p.value > MAX_VALUE) {
          this.note('reader.out-of-range', 'error', [cell], `${cell} 的${what}为 ${p.value}，超出合理范围（0–${MAX_VALUE}），已忽略：请改正。`, `${cell}: ${whatEn} is ${p.value}, beyond any plan (0–${MAX_VALUE}); ignored — please correct it.`);
          return undefined;
        }
        if (!Number.isInteger(p.value) && Math.abs(p.value * 2 - Math.round(p.value * 2)) > 1e-9 && /学时|hours/.test(what + whatEn))
          this.note('reader.fraction', 'warning', [cell], `${cell} 的${what}为 ${p.value}，不是整数或半学时，按原值计算（不会四舍五入）。`, `${cell}: ${whatEn} is ${p.value}, not a whole or half hour; used as it is (never rounded).`);
        return { value: p.value, cell, ...(p.formula ? { formula: p.formula } : {}) };
      case 'error':
        if (p.error === '#CIRCULAR')
          this.note('reader.formula-cycle', 'error', [cell], `${cell} 的${what}公式循环引用（经其他单元格又引用到自身），无法计算，请修正公式。`, `${cell}: the ${whatEn} formula is a circular reference (it refers back to itself through other cells) and cannot be computed; fix the formula.`);
        else if (p.error === '#DEPTH')
          this.note('reader.formula-depth', 'error', [cell], `${cell} 的${what}公式引用链超过 ${MAX_FORMULA_DEPTH} 层，未计算，请简化公式。`, `${cell}: the ${whatEn} formula's chain of references is more than ${MAX_FORMULA_DEPTH} deep and was not computed; simplify it.`);
        else formulaNote(this, cell, what, whatEn, p.error, p.formula);
        return undefined;
      case 'text':
        if (p.embedded !== undefined) {
          this.note('reader.text-number', 'warning', [cell], `${cell} 的${what}写成了文字“${p.text}”，按 ${p.embedded} 读取。`, `${cell}: ${whatEn} is written as text "${p.text}"; read as ${p.embedded}.`);
          return { value: p.embedded, cell };
        }
        this.note('reader.not-a-number', 'warning', [cell], `${cell} 的${what}“${p.text}”不是数字，已忽略。`, `${cell}: ${whatEn} "${p.text}" is not a number and was ignored.`);
        return undefined;
    }
  }

  read(): BodyResult {
    const { view, layout } = this;
    const courses: Course[] = [];
    const aggregates: AggregateRow[] = [];
    const carried: string[] = layout.categoryCols.map(() => '');
    const carriedCell: (string | undefined)[] = layout.categoryCols.map(() => undefined);
    let groupStart = 0; // index into courses where the current sub-total group starts
    let lastWasAggregate = false;
    let blanks = 0;
    let lastRow = layout.bottom;

    for (let r = layout.bottom + 1; r < view.rows; r++) {
      if (view.isEmptyRow(r)) {
        if (++blanks > 5) break;
        continue;
      }
      blanks = 0;
      const first = firstText(view, r);
      if (NOTE_ROW.test(first) && !view.inheritsFromAbove(r, 0)) break;
      if (NAME_HEADER.test(view.ownLabel(r, layout.nameCol)) && r > layout.bottom + 1) break;

      // Category cells: own text, else the merged or carried-down text from above.
      const path: string[] = [];
      let categoryCell: string | undefined;
      layout.categoryCols.forEach((c, i) => {
        const own = view.ownLabel(r, c);
        const filled = view.label(r, c);
        if (own || filled) {
          if (filled !== carried[i]) for (let j = i + 1; j < carried.length; j++) carried[j] = '';
          carried[i] = filled;
          const [mr, mc] = view.masterOf(r, c);
          carriedCell[i] = view.address(mr, mc);
        }
        if (carried[i]) {
          path.push(carried[i]);
          categoryCell = carriedCell[i];
        }
      });
      const labelCols = [...layout.categoryCols, layout.seqCol, layout.codeCol, layout.nameCol].filter((c): c is number => c !== undefined);
      const labels = labelCols.map((c) => view.label(r, c)).filter(Boolean);
      const rowLabel = labels.join(' ');
      const labelOfRow = labels.find((t) => TOTAL_ROW.test(t) || RATIO_ROW.test(t)) ?? '';

      if (WEEKS_LABEL.test(view.label(r, layout.nameCol)) || labels.some((t) => WEEKS_LABEL.test(t))) {
        lastRow = r;
        continue;
      }

      if (labelOfRow && RATIO_ROW.test(labelOfRow)) {
        aggregates.push(this.aggregate(r, 'ratio', labelOfRow, labelCols, courses.slice(groupStart), path));
        lastRow = r;
        lastWasAggregate = true;
        continue;
      }
      if (labelOfRow && TOTAL_ROW.test(labelOfRow)) {
        const grand = GRAND_TOTAL.test(labelOfRow) && isGrandPosition(view, r, layout, labelOfRow);
        const scopeLabel = courses.length ? levelOneScope(labelOfRow, courses) : null;
        // "合计" after several 小计 inside one top-level category sums that whole category.
        const top = path[0];
        const categoryTotal = !grand && !scopeLabel && /^合计$|^共计$/.test(labelOfRow) && !!top && aggregates.some((a) => a.kind === 'subtotal' && courses.some((c) => a.covers.includes(c.row) && c.categoryPath[0] === top));
        const covered = grand ? courses : scopeLabel ? courses.filter((c) => c.categoryPath.includes(scopeLabel)) : categoryTotal ? courses.filter((c) => c.categoryPath[0] === top) : courses.slice(groupStart);
        const agg = this.aggregate(r, grand || scopeLabel ? 'total' : 'subtotal', labelOfRow, labelCols, covered, path);
        aggregates.push(agg);
        lastRow = r;
        lastWasAggregate = true;
        if (grand) for (let i = 0; i < carried.length; i++) carried[i] = '';
        continue;
      }

      if (lastWasAggregate) groupStart = courses.length;
      lastWasAggregate = false;
      const course = this.course(r, path, categoryCell, rowLabel);
      if (course) {
        courses.push(course);
        lastRow = r;
      } else if (this.optionRow) {
        const option = this.optionRow;
        this.optionRow = null;
        const prev = courses[courses.length - 1];
        // A named row without hours right after a course of the same elective slot is one of its options.
        if (prev && !lastWasAggregate && prev.categoryCell === categoryCell && isOptionOf(prev, option.name)) {
          (prev.alternatives ??= []).push({ name: option.name, cell: option.cell });
          lastRow = r;
        } else this.note('reader.empty-course', 'info', [option.cell], `${option.cell}“${option.name}”没有学时、学分或学期安排。`, `${option.cell} "${option.name}" has no hours, credits or placement.`);
      }
    }
    coverFromReferencedAggregates(aggregates);
    return { courses, aggregates, lastRow };
  }

  /** Practice hours; a Word plan may write them as weeks (`1w`): then total − theory hours. */
  private practiceHours(r: number, total: NumFact | undefined): NumFact | undefined {
    const c = this.layout.practiceCol;
    if (c === undefined) return undefined;
    const raw = this.view.number(r, c);
    const parsed = raw.kind === 'text' ? parseSemesterCell(raw.text) : null;
    if (parsed?.kind === 'block' && total) {
      const cell = this.view.address(r, c);
      const theory = this.layout.theoryCol !== undefined ? this.view.number(r, this.layout.theoryCol) : null;
      const value = theory?.kind === 'number' ? Math.max(0, total.value - theory.value) : total.value;
      this.note('reader.practice-weeks', 'info', [cell], `${cell} 的实践学时写作“${raw.kind === 'text' ? raw.text : ''}”（整周）：按总学时${theory?.kind === 'number' ? ' − 理论学时' : ''} = ${value} 计。`, `${cell}: practice hours written as "${raw.kind === 'text' ? raw.text : ''}" (whole weeks); read as total${theory?.kind === 'number' ? ' − theory' : ''} hours = ${value}.`);
      return { value, cell };
    }
    return this.num(r, c, '实践学时', 'practice hours');
  }

  private placements(r: number): (Placement | null)[] {
    return this.semesters.map((s, i) => {
      const g = this.layout.semesters[i];
      const hoursCol = g.columns.find((c) => c.kind === 'hours' || c.kind === 'unknown' || c.kind === 'weekly');
      const creditsCol = g.columns.find((c) => c.kind === 'credits');
      const main = hoursCol ? this.semesterValue(r, hoursCol.col, s.weeks, `第${s.index}学期学时`, `semester ${s.index} hours`) : undefined;
      const credits = creditsCol ? this.num(r, creditsCol.col, `第${s.index}学期学分`, `semester ${s.index} credits`) : undefined;
      if (!main && !credits) return null;
      const p: Placement = main ?? { hours: 0, cell: credits!.cell };
      if (credits) {
        p.credits = credits.value;
        p.creditsCell = credits.cell;
      }
      return p;
    });
  }

  private summerPlacements(r: number): (Placement | null)[] {
    return this.layout.summer.map((t) => this.semesterValue(r, t.col, 0, `${t.label}学时`, `${t.label} hours`) ?? null);
  }

  /**
   * A semester cell as a placement: a number in the sheet's mode, or a notation from a Word plan
   * (`2+1`, `4/期`, `1w`, `4/16W`). Block hours are settled once the whole table is read.
   */
  private semesterValue(r: number, c: number, weeks: number, what: string, whatEn: string): Placement | undefined {
    const raw = this.view.number(r, c);
    const cell = this.view.address(r, c);
    const weekly = this.mode === 'weekly';
    if (raw.kind === 'text') {
      const n = parseSemesterCell(raw.text);
      if (n) {
        const notation = raw.text;
        switch (n.kind) {
          case 'sum':
            return weekly ? { hours: n.value * weeks, weekly: n.value, shape: 'weekly', cell, notation } : { hours: n.value, shape: 'hours', cell, notation };
          case 'term':
            return { hours: n.hours, shape: 'term', cell, notation };
          case 'block':
            return { hours: 0, shape: 'block', blockWeeks: n.weeks, cell, notation };
          case 'weekly-over':
            return { hours: n.weekly * n.weeks, weekly: n.weekly, weeks: n.weeks, shape: 'weekly', cell, notation };
        }
      }
    }
    const main = this.num(r, c, what, whatEn);
    if (!main) return undefined;
    const p: Placement = weekly ? { hours: main.value * weeks, weekly: main.value, shape: 'weekly', cell: main.cell } : { hours: main.value, cell: main.cell };
    if (main.formula) p.formula = main.formula;
    return p;
  }

  private course(r: number, path: string[], categoryCell: string | undefined, rowLabel: string): Course | null {
    const { view, layout } = this;
    let name = view.ownLabel(r, layout.nameCol);
    let nameCell = view.address(r, layout.nameCol);
    const seqText = layout.seqCol !== undefined ? view.ownLabel(r, layout.seqCol) : '';
    if (!name && seqText && !/^\d+$/.test(seqText)) {
      name = seqText;
      nameCell = view.address(r, layout.seqCol!);
    }
    const total = this.num(r, layout.totalHoursCol, '总学时', 'total hours');
    const credits = this.num(r, layout.creditsCol, '学分', 'credits');
    const practice = this.practiceHours(r, total);
    const placements = this.placements(r);
    const summer = this.summerPlacements(r);
    const hasNumbers = !!total || !!credits || placements.some((p) => p !== null) || summer.some((p) => p !== null);
    if (!name && hasNumbers) {
      name = path[path.length - 1] ?? '';
      if (!name) {
        this.note('reader.unnamed-row', 'warning', [nameCell], `第 ${r + 1 + view.grid.originRow} 行有学时但没有课程名称（${nameCell}）。`, `Row ${r + 1 + view.grid.originRow} has hours but no course name (${nameCell}).`);
        name = `#${r + 1 + view.grid.originRow}`;
      }
    }
    if (!name || !hasNumbers) {
      if (name && !hasNumbers && !TOTAL_ROW.test(rowLabel)) this.optionRow = { name, cell: nameCell };
      return null;
    }

    let category: Category | null = null;
    for (let i = path.length - 1; i >= 0 && !category; i--) category = categoryOf(path[i]);
    const internshipByName = /岗位实习|顶岗实习|跟岗实习|毕业实习/.test(name);
    if (!category && internshipByName) category = 'internship';
    if (!category) {
      const label = path[path.length - 1];
      if (label && !this.warnedLabels.has(label) && !path.every(isGroupingLabel)) {
        this.warnedLabels.add(label);
        this.note('reader.unknown-category', 'warning', categoryCell ? [categoryCell] : [nameCell], `不认识的课程类别“${label}”（${categoryCell ?? nameCell}），按“其他”计入；可在设置中指定它属于哪一类。`, `Unknown course category "${label}" (${categoryCell ?? nameCell}), counted as Other; map it to a category in the settings.`);
      }
      category = 'other';
    }
    const course: Course = {
      row: r + view.grid.originRow,
      name,
      nameCell,
      category,
      categoryPath: path,
      placements,
      isInternship: category === 'internship' || internshipByName,
    };
    if (categoryCell) course.categoryCell = categoryCell;
    if (summer.some((p) => p !== null)) course.summer = summer;
    if (seqText) course.seq = seqText;
    if (layout.codeCol !== undefined && view.ownLabel(r, layout.codeCol)) course.code = view.ownLabel(r, layout.codeCol);
    if (total) course.totalHours = total;
    if (credits) course.credits = credits;
    if (practice) course.practiceHours = practice;
    return course;
  }

  private aggregate(r: number, kind: AggregateRow['kind'], label: string, labelCols: number[], covered: Course[], path: string[]): AggregateRow {
    const { view, layout } = this;
    const labelCol = labelCols.find((c) => view.label(r, c) === label) ?? layout.nameCol;
    const [mr, mc] = view.masterOf(r, labelCol);
    const measure = /学分|credit/i.test(label) && !/学时|课时|hour/i.test(label) ? 'credits' : /学时|课时|hour/i.test(label) ? 'hours' : 'both';
    const silent = (c: number | undefined) => {
      if (c === undefined) return undefined;
      // A value merged across several columns (K47:P47 = a practice total) belongs to no one column.
      if (view.spansColumns(r, c)) return undefined;
      const p = view.number(r, c);
      if (p.kind === 'number') return { value: p.value, cell: view.address(r, c), ...(p.formula ? { formula: p.formula } : {}) };
      if (p.kind === 'error') this.num(r, c, '合计', 'total');
      return undefined;
    };
    const agg: AggregateRow = {
      row: r + view.grid.originRow,
      kind,
      measure,
      label,
      labelCell: view.address(mr, mc),
      covers: covered.map((c) => c.row),
      semesterHours: layout.semesters.map((g) => silent(g.columns.find((c) => c.kind !== 'credits')?.col) ?? null),
      semesterCredits: layout.semesters.map((g) => silent(g.columns.find((c) => c.kind === 'credits')?.col) ?? null),
    };
    const total = silent(layout.totalHoursCol);
    const credits = silent(layout.creditsCol);
    const practice = silent(layout.practiceCol);
    if (total) agg.totalHours = total;
    if (credits) agg.credits = credits;
    if (practice) agg.practiceHours = practice;
    if (kind === 'ratio') {
      agg.printedShare = total ?? firstNumberRight(view, r, layout.nameCol);
      let cat: Category | null = null;
      for (let i = path.length - 1; i >= 0 && !cat; i--) cat = categoryOf(path[i]);
      if (!cat && covered.length) cat = covered[0].category;
      if (cat) agg.category = cat;
    }
    return agg;
  }
}

/** "大学英语（一）B" after "大学英语（一）A", or any option inside an elective slot. */
function isOptionOf(course: Course, name: string): boolean {
  if (course.category === 'elective') return true;
  const stem = (t: string) => t.replace(/[A-Da-d]$|[（(][A-Da-d][)）]$/, '');
  return stem(course.name) === stem(name) && stem(name) !== name;
}

function firstText(view: SheetView, r: number): string {
  for (let c = 0; c < view.cols; c++) {
    const t = view.label(r, c);
    if (t) return t;
  }
  return '';
}

function firstNumberRight(view: SheetView, r: number, from: number): NumFact | undefined {
  for (let c = from + 1; c < view.cols; c++) {
    const p = view.number(r, c);
    if (p.kind === 'number') return { value: p.value, cell: view.address(r, c) };
  }
  return undefined;
}

/** A grand total names no category: its label stands in the first label column or names no group. */
function isGrandPosition(view: SheetView, r: number, layout: HeaderLayout, label: string): boolean {
  const c0 = layout.categoryCols[0];
  if (c0 !== undefined && view.label(r, c0) === label) return true;
  return /总计|总合计|全部|总学时/.test(label);
}

/** "平台课程课时总计" sums every course filed under 平台课程. */
function levelOneScope(label: string, courses: Course[]): string | null {
  for (const c of courses) {
    const top = c.categoryPath[0];
    if (top && c.categoryPath.length > 1 && label.includes(top)) return top;
  }
  return null;
}

/**
 * "课时合计 = J38+J43+J48+J53+J58" sums sub-totals, not courses: such a row covers the union of the
 * rows it refers to, wherever it stands.
 */
function coverFromReferencedAggregates(aggregates: AggregateRow[]): void {
  const byRow = new Map(aggregates.map((a) => [a.row, a]));
  for (const a of aggregates) {
    const formulas = [a.totalHours, a.credits, ...a.semesterHours].map((f) => f?.formula).filter((f): f is string => !!f);
    if (formulas.length === 0) continue;
    const rows = new Set<number>();
    let onlyAggregates = true;
    for (const f of formulas) {
      for (const r of referencedRanges(f)) {
        for (let row = r.row0; row <= r.row1 && onlyAggregates; row++) {
          if (byRow.has(row) && row !== a.row) rows.add(row);
          else onlyAggregates = false;
        }
      }
    }
    if (!onlyAggregates || rows.size === 0) continue;
    const covers = new Set<number>();
    for (const r of rows) for (const c of byRow.get(r)!.covers) covers.add(c);
    a.covers = [...covers].sort((x, y) => x - y);
  }
}
