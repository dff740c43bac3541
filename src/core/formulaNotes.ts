/**
 * Every formula accounted for: a cell whose formula gives an error (stored, or computed because the
 * file stored no result), points at a sheet that is not there, nests past the limit or is beyond what
 * the reader computes is a finding at its cell — its hours unknown, never read as an empty cell — and
 * the check names the course whose row it is on.
 */

import { MAX_NESTING } from './formula';
import { msg } from './message';
import type { Finding } from './checker';
import { splitAddress, type Plan } from './plan';
import { parseA1 } from './grid';

interface NoteSink {
  note(id: string, severity: 'error' | 'warning' | 'info', cells: string[], zh: string, en: string): void;
}

const shown = (f?: string) => (f ? `（=${f.length > 60 ? `${f.slice(0, 60)}…` : f}）` : '');
const shownEn = (f?: string) => (f ? ` (=${f.length > 60 ? `${f.slice(0, 60)}…` : f})` : '');

/** The reader's note for a numeric cell holding an error: why, and that the number is unknown. */
export function formulaNote(sink: NoteSink, cell: string, what: string, whatEn: string, error: string, formula?: string): void {
  switch (error) {
    case '#NESTING':
      return sink.note('reader.formula-nesting', 'error', [cell], `${cell} 的${what}公式${shown(formula)}嵌套超过 ${MAX_NESTING} 层，未计算，该值未知（未计入）：请简化公式。`, `${cell}: the ${whatEn} formula${shownEn(formula)} nests deeper than ${MAX_NESTING} levels and was not computed; the value is unknown (not counted): simplify it.`);
    case '#SHEET':
      return sink.note('reader.formula-sheet', 'error', [cell], `${cell} 的${what}公式${shown(formula)}引用的工作表不存在（或未读取），该值未知（未计入）：请修正公式。`, `${cell}: the ${whatEn} formula${shownEn(formula)} refers to a sheet that is not there (or was not read); the value is unknown (not counted): fix the formula.`);
    case '#UNSUPPORTED':
      return sink.note('reader.formula-uncomputed', 'error', [cell], `${cell} 的${what}公式${shown(formula)}没有保存计算结果，本工具只会计算求和与四则运算，该值未知（未计入）：请在 Excel 中打开并保存一次。`, `${cell}: the ${whatEn} formula${shownEn(formula)} has no stored result and goes beyond the sums and arithmetic this tool computes; the value is unknown (not counted): open and save the file in Excel once.`);
    default:
      return sink.note('reader.error-value', 'error', [cell], `${cell} 的${what}是错误值 ${error}${shown(formula)}，该值未知（未计入）：请修正公式。`, `${cell}: ${whatEn} is the error value ${error}${shownEn(formula)}; the value is unknown (not counted): fix the formula.`);
  }
}

/** Rules whose findings are about one cell's formula or error value. */
const FORMULA_RULES = new Set(['reader.error-value', 'reader.formula-cycle', 'reader.formula-depth', 'reader.formula-nesting', 'reader.formula-sheet', 'reader.formula-uncomputed']);

/** Such a finding on a course's row says which course: "课程“数学”：F7 的…". */
export function namingCourses(findings: Finding[], plan: Plan): Finding[] {
  const byRow = new Map<string, string>();
  for (const c of plan.courses) byRow.set(`${c.sheet ?? plan.sheet}\u0000${c.row}`, c.name);
  return findings.map((f) => {
    if (!FORMULA_RULES.has(f.rule) || f.cells.length !== 1) return f;
    const { sheet, address } = splitAddress(f.cells[0]);
    const at = parseA1(address);
    const name = at && byRow.get(`${sheet ?? plan.sheet}\u0000${at.row}`);
    if (!name) return f;
    return { ...f, message: msg(`课程“${name}”：${f.message.zh}`, `Course "${name}": ${f.message.en}`) };
  });
}
