/**
 * plan-balancer diff <before.xlsx> <after.xlsx>: two versions of a plan compared, as plans and as cells
 * (a 修订对照表 — last year's plan against this year's, or a plan against its optimized copy). Text,
 * --json, or a workbook (--out 对照表.xlsx).
 */

import path from 'node:path';
import ExcelJS from 'exceljs';
import { type CellChange, type CellDiff, CHANGE_NAMES, diffCells, diffPlans, OWNER_NAMES, type PlanDiff, pct, SHARE_NAMES } from '../core/diff';
import { isErrorValue } from '../core/grid';
import { type Lang, type Message, msg, pick } from '../core/message';
import { CATEGORY_NAMES } from '../core/plan';
import { assertSafeOutput, writeFileAtomic } from '../node/files';
import { reportSheetIn, workbookSnapshot } from '../xlsx/snapshot';
import { type Io, type Loaded, readInput, type RulesInput } from './input';

export interface DiffOptions {
  json: boolean;
  out?: string;
  lang: Lang;
  rules: RulesInput;
  sheet?: string;
  exclude: string[];
}

export interface DiffResult {
  before: string;
  after: string;
  plan: PlanDiff;
  cells: CellDiff;
}

/** Both workbooks read as plans and as cells, and compared. */
export async function compareFiles(before: string, after: string, opts: DiffOptions, io: Io): Promise<{ result: DiffResult; a: Loaded; b: Loaded } | null> {
  const a = await readInput(before, { ...opts, lang: opts.lang }, io);
  const b = await readInput(after, { ...opts, lang: opts.lang }, io);
  if (!a || !b) return null;
  const report = reportSheetIn(b.workbook);
  const reportSheets = report && !a.workbook.getWorksheet(report) ? [report] : report && reportSheetIn(a.workbook) === report ? [report] : [];
  const plan = diffPlans(a.chosen.plan, b.chosen.plan, a.rules, b.rules);
  const cells = diffCells(workbookSnapshot(a.workbook), workbookSnapshot(b.workbook), a.chosen.plan, reportSheets);
  return { result: { before, after, plan, cells }, a, b };
}

export async function runDiff(before: string, after: string, opts: DiffOptions, io: Io): Promise<number> {
  if (opts.out) {
    await assertSafeOutput(opts.out, [before, after]);
  }
  const compared = await compareFiles(before, after, opts, io);
  if (!compared) return 2;
  const { result } = compared;
  if (opts.out) await writeFileAtomic(opts.out, await diffWorkbook(result, opts.lang));
  if (opts.json) io.out(JSON.stringify(diffJson(result), null, 2));
  else io.out(diffText(result, opts.lang));
  const same = result.plan.courses.length === 0 && result.cells.changes.length === 0 && result.cells.sheetsAdded.length === 0 && result.cells.sheetsRemoved.length === 0;
  return same ? 0 : 1;
}

const hours = (xs: number[] | undefined) => (xs ? xs.map((h) => (h ? String(h) : '0')).join('/') : '—');
const showValue = (c: CellChange['before']) => {
  if (!c) return '空';
  if (c.f) return `=${c.f}`;
  const v = c.v;
  return v === null ? '空' : isErrorValue(v) ? v.error : String(v);
};

export function diffJson(r: DiffResult) {
  const cell = (c: CellChange) => ({
    sheet: c.sheet,
    address: c.address,
    owner: c.owner,
    kinds: c.kinds,
    before: c.before ? { value: c.before.v, ...(c.before.f ? { formula: c.before.f } : {}), ...(c.before.note ? { note: c.before.note } : {}) } : null,
    after: c.after ? { value: c.after.v, ...(c.after.f ? { formula: c.after.f } : {}), ...(c.after.note ? { note: c.after.note } : {}) } : null,
  });
  return {
    before: r.before,
    after: r.after,
    courses: r.plan.courses,
    totals: r.plan.totals,
    loads: r.plan.loads,
    shares: r.plan.shares,
    findings: {
      appeared: r.plan.appeared.map((f) => ({ rule: f.rule, severity: f.severity, cells: f.cells, message: f.message })),
      resolved: r.plan.resolved.map((f) => ({ rule: f.rule, severity: f.severity, cells: f.cells, message: f.message })),
    },
    cells: { counts: r.cells.counts, sheetsAdded: r.cells.sheetsAdded, sheetsRemoved: r.cells.sheetsRemoved, outside: r.cells.outside.map(cell), changes: r.cells.changes.map(cell) },
  };
}

const KIND_NAMES: Record<'added' | 'removed' | 'changed', Message> = { added: msg('新增', 'added'), removed: msg('删除', 'removed'), changed: msg('调整', 'changed') };

export function diffText(r: DiffResult, lang: Lang): string {
  const L = (zh: string, en: string) => (lang === 'zh' ? zh : en);
  const out: string[] = [];
  const p = r.plan;
  out.push(L(`对照表：${path.basename(r.before)} → ${path.basename(r.after)}`, `Comparison: ${path.basename(r.before)} → ${path.basename(r.after)}`));
  out.push('');
  const n = (k: 'added' | 'removed' | 'changed') => p.courses.filter((c) => c.kind === k).length;
  out.push(L(`课程：新增 ${n('added')} 门，删除 ${n('removed')} 门，调整 ${n('changed')} 门`, `Courses: ${n('added')} added, ${n('removed')} removed, ${n('changed')} changed`));
  for (const c of p.courses) {
    const cat = pick(CATEGORY_NAMES[c.category], lang);
    const total = c.totalBefore !== c.totalAfter && c.kind === 'changed' ? L(`，总学时 ${c.totalBefore ?? '—'} → ${c.totalAfter ?? '—'}`, `, total ${c.totalBefore ?? '—'} → ${c.totalAfter ?? '—'} h`) : '';
    const credits = c.creditsBefore !== c.creditsAfter && c.kind === 'changed' ? L(`，学分 ${c.creditsBefore ?? '—'} → ${c.creditsAfter ?? '—'}`, `, credits ${c.creditsBefore ?? '—'} → ${c.creditsAfter ?? '—'}`) : '';
    const sems = c.kind === 'added' ? hours(c.after) : c.kind === 'removed' ? hours(c.before) : `${hours(c.before)} → ${hours(c.after)}`;
    out.push(`  ${c.kind === 'added' ? '+' : c.kind === 'removed' ? '−' : '~'} ${pick(KIND_NAMES[c.kind], lang)} ${c.name}（${cat}）${L('各学期学时', ' hours per semester')} ${sems}${total}${credits}`);
  }
  out.push('');
  const t = p.totals;
  out.push(L(`总学时 ${t.hoursBefore} → ${t.hoursAfter}；总学分 ${t.creditsBefore} → ${t.creditsAfter}`, `Total hours ${t.hoursBefore} → ${t.hoursAfter}; credits ${t.creditsBefore} → ${t.creditsAfter}`));
  out.push(L('各学期周学时：', 'Weekly hours per semester: ') + p.loads.map((l) => L(`第${l.semester}学期 ${l.before ?? '—'} → ${l.after ?? '—'}`, `S${l.semester} ${l.before ?? '—'} → ${l.after ?? '—'}`)).join(L('；', '; ')));
  out.push(L('占比：', 'Shares: ') + p.shares.map((s) => `${pick(SHARE_NAMES[s.key], lang)} ${pct(s.before, s.min)} → ${pct(s.after, s.min)}`).join(L('；', '; ')));
  out.push('');
  out.push(L(`检查结果：新出现 ${p.appeared.length} 项，已消失 ${p.resolved.length} 项`, `Findings: ${p.appeared.length} new, ${p.resolved.length} gone`));
  for (const f of p.appeared) out.push(`  + ${pick(f.message, lang)}`);
  for (const f of p.resolved) out.push(`  − ${pick(f.message, lang)}`);
  out.push('');
  const c = r.cells;
  out.push(
    L(
      `单元格：课程学期单元格 ${c.counts.course} 个，小计 / 合计行 ${c.counts.aggregate} 个，其他 ${c.counts.other} 个（其中内容或格式被改动的 ${c.outside.length} 个）`,
      `Cells: ${c.counts.course} course semester cells, ${c.counts.aggregate} in sub-total and total rows, ${c.counts.other} others (${c.outside.length} of them with content or format changed)`,
    ),
  );
  if (c.sheetsAdded.length) out.push(L(`新增工作表：${c.sheetsAdded.join('、')}`, `Sheets added: ${c.sheetsAdded.join(', ')}`));
  if (c.sheetsRemoved.length) out.push(L(`删除的工作表：${c.sheetsRemoved.join('、')}`, `Sheets removed: ${c.sheetsRemoved.join(', ')}`));
  for (const x of c.outside.slice(0, 30)) out.push(`  ! ${x.sheet}!${x.address} ${x.kinds.map((k) => pick(CHANGE_NAMES[k], lang)).join(L('、', ', '))}：${showValue(x.before)} → ${showValue(x.after)}`);
  if (c.outside.length > 30) out.push(L(`  …另有 ${c.outside.length - 30} 个`, `  … and ${c.outside.length - 30} more`));
  return out.join('\n');
}

/** The 对照表 workbook: an overview, then courses, semesters and shares, findings, and every changed cell. */
export async function diffWorkbook(r: DiffResult, lang: Lang): Promise<Uint8Array> {
  const L = (zh: string, en: string) => (lang === 'zh' ? zh : en);
  const wb = new ExcelJS.Workbook();
  const sheet = (name: string, header: string[], widths: number[]) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.addRow(header).font = { bold: true };
    widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
    return ws;
  };
  const p = r.plan;
  const overview = sheet(L('概览', 'Overview'), [L('项目', 'Item'), L('修订前', 'Before'), L('修订后', 'After')], [24, 40, 40]);
  overview.addRow([L('文件', 'File'), path.basename(r.before), path.basename(r.after)]);
  overview.addRow([L('总学时', 'Total hours'), p.totals.hoursBefore, p.totals.hoursAfter]);
  overview.addRow([L('总学分', 'Credits'), p.totals.creditsBefore, p.totals.creditsAfter]);
  for (const s of p.shares) overview.addRow([pick(SHARE_NAMES[s.key], lang), pct(s.before, s.min), pct(s.after, s.min)]);
  for (const l of p.loads) overview.addRow([L(`第${l.semester}学期周学时`, `Semester ${l.semester} weekly hours`), l.before ?? '—', l.after ?? '—']);
  overview.addRow([L('检查结果新出现', 'Findings new'), '', p.appeared.length]);
  overview.addRow([L('检查结果已消失', 'Findings gone'), p.resolved.length, '']);

  const courses = sheet(L('课程变化', 'Courses'), [L('变化', 'Change'), L('课程', 'Course'), L('类别', 'Category'), L('修订前各学期学时', 'Before, hours per semester'), L('修订后各学期学时', 'After, hours per semester'), L('总学时', 'Total'), L('学分', 'Credits'), L('位置', 'Where')], [8, 28, 14, 26, 26, 14, 12, 26]);
  for (const c of p.courses)
    courses.addRow([
      pick(KIND_NAMES[c.kind], lang),
      c.name,
      pick(CATEGORY_NAMES[c.category], lang),
      hours(c.before),
      hours(c.after),
      c.kind === 'changed' && c.totalBefore !== c.totalAfter ? `${c.totalBefore ?? '—'} → ${c.totalAfter ?? '—'}` : (c.totalAfter ?? c.totalBefore ?? ''),
      c.kind === 'changed' && c.creditsBefore !== c.creditsAfter ? `${c.creditsBefore ?? '—'} → ${c.creditsAfter ?? '—'}` : (c.creditsAfter ?? c.creditsBefore ?? ''),
      c.cellAfter ?? c.cellBefore ?? '',
    ]);
  courses.autoFilter = { from: 'A1', to: 'H1' };

  const findings = sheet(L('检查结果变化', 'Findings'), [L('变化', 'Change'), L('级别', 'Severity'), L('单元格', 'Cells'), L('说明', 'Finding')], [10, 8, 20, 100]);
  const sev = (s: string) => (s === 'error' ? L('错误', 'error') : s === 'warning' ? L('警告', 'warning') : L('提示', 'note'));
  for (const f of p.appeared) findings.addRow([L('新出现', 'new'), sev(f.severity), f.cells.slice(0, 6).join(', '), pick(f.message, lang)]);
  for (const f of p.resolved) findings.addRow([L('已消失', 'gone'), sev(f.severity), f.cells.slice(0, 6).join(', '), pick(f.message, lang)]);

  const cells = sheet(L('单元格变化', 'Cells'), [L('工作表', 'Sheet'), L('单元格', 'Cell'), L('归属', 'Owner'), L('变化', 'Change'), L('修订前', 'Before'), L('修订后', 'After')], [20, 10, 18, 16, 30, 30]);
  for (const c of r.cells.changes)
    cells.addRow([c.sheet, c.address, pick(OWNER_NAMES[c.owner], lang), c.kinds.map((k) => pick(CHANGE_NAMES[k], lang)).join(L('、', ', ')), showValue(c.before), showValue(c.after)]);
  cells.autoFilter = { from: 'A1', to: 'F1' };
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
