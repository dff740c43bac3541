/** The bundled example: the seed plan's course list as a workbook laid out like the seed's table. */

import ExcelJS from 'exceljs';

export interface CsvCourse {
  category: string;
  no: string;
  name: string;
  hours: number;
  credits: number;
  semesters: (number | null)[];
}

export function parseCourseCsv(text: string): CsvCourse[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim());
  const head = lines[0].split(',');
  const sem = head.map((h, i) => (/^s\d+$/.test(h) ? i : -1)).filter((i) => i >= 0);
  return lines.slice(1).map((line) => {
    const f = line.split(',');
    return {
      category: f[0],
      no: f[1],
      name: f[2],
      hours: Number(f[3]),
      credits: Number(f[4]),
      semesters: sem.map((i) => (f[i] && f[i].trim() ? Number(f[i]) : null)),
    };
  });
}

/** What the seed's table prints on its 合计 rows where the CSV has no placements (hours, credits per semester). */
const SEED_SUBTOTALS: Record<string, (number | null)[]> = {
  专业核心课: [null, 144, 36, null, null, 270],
  专业选修课: [144, 36, 36, null, null, 144],
  岗位实习: [null, null, null, 600, null, null],
};
const SEED_GRAND_TOTAL = [612, 612, 612, 600, 612, 612];
const SEMESTER_NAMES = ['第一学期', '第二学期', '第三学期', '第四学期', '第五学期', '第六学期'];
const HOURS_PER_CREDIT = 18;

export function buildSeedStyleWorkbook(courses: CsvCourse[]): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Plan Balancer';
  const ws = wb.addWorksheet('教学进程安排表');
  const nSem = SEMESTER_NAMES.length;
  const lastCol = 5 + nSem * 2;
  const total = courses.reduce((s, c) => s + c.hours, 0);

  ws.addRow(['电子商务专业教学进程安排表（2024级）']);
  ws.mergeCells(1, 1, 1, lastCol);
  const h1: (string | null)[] = ['课程类别', '序号', '课程名称', '学时', '学分'];
  const h2: (string | null)[] = [null, null, null, null, null];
  for (const name of SEMESTER_NAMES) {
    h1.push(name, null);
    h2.push('学时', '学分');
  }
  ws.addRow(h1);
  ws.addRow(h2);
  for (let c = 1; c <= 5; c++) ws.mergeCells(2, c, 3, c);
  for (let s = 0; s < nSem; s++) ws.mergeCells(2, 6 + s * 2, 2, 7 + s * 2);

  const categories = [...new Set(courses.map((c) => c.category))];
  for (const cat of categories) {
    const list = courses.filter((c) => c.category === cat);
    const first = ws.rowCount + 1;
    for (const c of list) {
      const row: (string | number | null)[] = [cat, c.category === '岗位实习' ? '岗位实习' : Number(c.no), c.category === '岗位实习' ? null : c.name, c.hours, c.credits];
      for (const h of c.semesters) row.push(h, h === null ? null : (h / c.hours) * c.credits);
      ws.addRow(row);
    }
    if (list.length > 1) ws.mergeCells(first, 1, ws.rowCount, 1);
    const hours = list.reduce((s, c) => s + c.hours, 0);
    const credits = list.reduce((s, c) => s + c.credits, 0);
    const perSem = SEED_SUBTOTALS[cat] ?? list[0].semesters.map((_, i) => sumOrNull(list.map((c) => c.semesters[i])));
    const subtotal: (string | number | null)[] = [null, '合计', null, hours, credits];
    for (const h of perSem) subtotal.push(h, h === null ? null : creditsFor(h));
    ws.addRow(subtotal);
    const ratio = ws.addRow([null, '占比%', null, Math.round((hours / total) * 100) / 100]);
    ratio.getCell(4).numFmt = '0%';
  }
  const grand: (string | number | null)[] = ['合计', null, null, total, courses.reduce((s, c) => s + c.credits, 0)];
  for (const h of SEED_GRAND_TOTAL) grand.push(h, creditsFor(h));
  ws.addRow(grand);
  ws.addRow(['说明：1、本表不含军训、社会实践、入学教育、学业教育等安排，根据学校实际情况灵活设置； 2、专业课、技能课安排实训，比例原则上不低于50%； 3、第四学期岗位实习；']);
  ws.mergeCells(ws.rowCount, 1, ws.rowCount, lastCol);

  ws.getColumn(1).width = 12;
  ws.getColumn(3).width = 22;
  ws.eachRow((row) => {
    row.eachCell((cell) => {
      cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
      cell.border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };
    });
  });
  ws.getRow(1).font = { bold: true, size: 14 };
  ws.views = [{ state: 'frozen', ySplit: 3, xSplit: 3 }];
  return wb;
}

/** The seed counts 18 h a credit, and the 600-hour internship semester as 30 credits. */
function creditsFor(hours: number): number {
  return hours === 600 ? 30 : hours / HOURS_PER_CREDIT;
}

function sumOrNull(values: (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length ? present.reduce((s, v) => s + v, 0) : null;
}
