/**
 * The batch summary workbook: one sheet with a row per plan (failing figures marked by a fill and a
 * "✗", filterable and sortable), then one sheet per plan with its findings.
 */
import ExcelJS from 'exceljs';
import { findingKind } from '../core/findingKinds';
import type { Lang } from '../core/message';
import type { SummaryRow } from '../core/review';
import type { SharedCourse } from '../core/shared';

export type { SummaryRow };

const HEAD: Record<Lang, string[]> = {
  zh: ['文件', '课程表', '层次', '合并的工作表', '总学时', '公共基础课占比', '选修课占比', '实践教学占比', '最大周学时', '周学时上限', '错误', '警告', '不达标项', '前三个问题'],
  en: ['File', 'Course sheet', 'Level', 'Sheets combined', 'Total hours', 'Public basic share', 'Elective share', 'Practice share', 'Largest weekly load', 'Weekly cap', 'Errors', 'Warnings', 'Failing', 'First three problems'],
};

const RED: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };

/** Sheet names are at most 31 characters, without []:*?/\, and unique (case-insensitively). */
function sheetName(base: string, used: Set<string>): string {
  const clean = base.replace(/[[\]:*?/\\]/g, '_').slice(0, 28) || 'plan';
  let name = clean;
  for (let k = 2; used.has(name.toLowerCase()); k++) name = `${clean.slice(0, 27)}~${k}`;
  used.add(name.toLowerCase());
  return name;
}

export async function summaryWorkbook(rows: SummaryRow[], lang: Lang, shared: SharedCourse[] = []): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Plan Balancer';
  const used = new Set<string>();
  const ws = wb.addWorksheet(sheetName(lang === 'zh' ? '汇总' : 'Summary', used), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(HEAD[lang]);
  ws.getRow(1).font = { bold: true };
  const failNames = (r: SummaryRow) => {
    const names = lang === 'zh' ? { totalHours: '总学时', publicBasic: '公共基础课', elective: '选修课', practice: '实践教学', load: '周学时' } : { totalHours: 'total hours', publicBasic: 'public basic', elective: 'electives', practice: 'practice', load: 'weekly load' };
    return (Object.keys(names) as (keyof typeof names)[]).filter((k) => r.failing[k]).map((k) => `✗ ${names[k]}`);
  };
  for (const r of rows) {
    const row = ws.addRow([
      r.file,
      r.sheet ?? '—',
      r.level ?? '—',
      r.sheetsUsed,
      r.totalHours,
      r.shares.publicBasic,
      r.shares.elective,
      r.shares.practice,
      r.largestLoad,
      r.cap,
      r.errors,
      r.warnings,
      r.error ? (lang === 'zh' ? '✗ 无法读取' : '✗ unreadable') : [...failNames(r), ...r.otherErrors.map((k) => `✗ ${k}`)].join(lang === 'zh' ? '、' : ', '),
      r.error ?? r.firstProblems.join('\n'),
    ]);
    for (const c of [6, 7, 8]) row.getCell(c).numFmt = '0.00%';
    row.getCell(9).numFmt = '0.00';
    const mark = (col: number, bad: boolean) => {
      if (!bad) return;
      row.getCell(col).fill = RED;
      row.getCell(col).font = { bold: true, color: { argb: 'FF9C0006' } };
    };
    mark(5, r.failing.totalHours);
    mark(6, r.failing.publicBasic);
    mark(7, r.failing.elective);
    mark(8, r.failing.practice);
    mark(9, r.failing.load);
    mark(11, (r.errors ?? 0) > 0);
    if (r.error) mark(1, true);
    row.getCell(14).alignment = { wrapText: true, vertical: 'top' };
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, rows.length + 1), column: HEAD[lang].length } };
  [28, 16, 8, 10, 10, 12, 12, 12, 12, 10, 8, 8, 36, 80].forEach((w, i) => (ws.getColumn(i + 1).width = w));

  // Courses several programmes share (same name and hours): how many teach each in each semester.
  if (shared.length) {
    const terms = Math.max(1, ...shared.map((c) => c.bySemester.length));
    const head = lang === 'zh' ? ['课程', '学时', '专业数', ...Array.from({ length: terms }, (_, i) => `第${i + 1}学期`), '开课专业'] : ['Course', 'Hours', 'Programmes', ...Array.from({ length: terms }, (_, i) => `Sem. ${i + 1}`), 'Programmes teaching it'];
    const sheet = wb.addWorksheet(sheetName(lang === 'zh' ? '共享课程' : 'Shared courses', used), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.addRow(head).font = { bold: true };
    for (const c of shared) sheet.addRow([c.name, c.hours, c.programmes.length, ...Array.from({ length: terms }, (_, i) => c.bySemester[i]?.length ?? 0), c.programmes.join(lang === 'zh' ? '、' : ', ')]);
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: shared.length + 1, column: head.length } };
    [24, 8, 8, ...Array.from({ length: terms }, () => 8), 60].forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  }

  // Problems in words; the checker's rule id only in the last column, for whoever checks the tool itself.
  const findingHead = lang === 'zh' ? ['级别', '类别', '问题', '单元格', '详细：规则编号'] : ['Severity', 'Kind', 'Problem', 'Cells', 'Detail: rule id'];
  const severity = (x: string) => (lang === 'zh' ? ({ error: '错误', warning: '警告', info: '提示' } as Record<string, string>)[x] ?? x : ({ error: 'Error', warning: 'Warning', info: 'Note' } as Record<string, string>)[x] ?? x);
  for (const r of rows) {
    const sheet = wb.addWorksheet(sheetName(r.file.replace(/\.xlsx$/i, ''), used), { views: [{ state: 'frozen', ySplit: 2 }] });
    sheet.addRow([r.file]).font = { bold: true };
    sheet.addRow(findingHead).font = { bold: true };
    if (r.error) sheet.addRow([severity('error'), lang === 'zh' ? '无法读取' : 'unreadable', r.error, '', '']);
    for (const f of r.findings) sheet.addRow([severity(f.severity), findingKind(f.rule)[lang], f.message, f.cells.join(lang === 'zh' ? '、' : ', '), f.rule]);
    sheet.autoFilter = { from: { row: 2, column: 1 }, to: { row: Math.max(2, r.findings.length + 2), column: findingHead.length } };
    [8, 20, 90, 30, 22].forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
