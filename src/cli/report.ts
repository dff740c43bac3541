/** The readable check report (terminal) and the stable JSON one. */

import type { CheckResult, Finding, Severity } from '../core/checker';
import { formatShare } from '../core/checker';
import { pick, type Lang } from '../core/message';
import type { Plan, SheetRole } from '../core/plan';
import type { ReadResult } from '../core/reader';
import { MODE_HELP, MODE_NAMES, type OptimizeResult } from '../core/optimizer';
import type { Patch } from '../core/patch';
import type { SolveAttempt as Attempt } from '../core/engine';
import type { ScenarioLine } from '../core/scenario';
import { presentConflicts, presentFindings } from '../core/present';
import { withSettingNames } from '../core/settingWords';

/** The command line's own names for the settings a core sentence names in words. */
export const cliWords = (text: string, lang: Lang) => withSettingNames(text, lang, { totalSlack: '--total-slack', rebalance: '--mode rebalance' });

const SEVERITY_TITLE: Record<Severity, { zh: string; en: string }> = {
  error: { zh: '错误', en: 'Errors' },
  warning: { zh: '警告', en: 'Warnings' },
  info: { zh: '提示', en: 'Notes' },
};

const ROLE_NAMES: Record<SheetRole, { zh: string; en: string }> = {
  courses: { zh: '课程', en: 'courses' },
  practice: { zh: '实践', en: 'practice' },
  calendar: { zh: '教学周', en: 'calendar' },
  summary: { zh: '汇总', en: 'summary' },
  catalogue: { zh: '目录', en: 'catalogue' },
  ignored: { zh: '未用', en: 'ignored' },
  excluded: { zh: '已排除', en: 'excluded' },
};

export function checkJson(plan: Plan, result: CheckResult, otherSheets: ReadResult[], preset?: string) {
  return {
    sheet: plan.sheet,
    level: plan.level ? { guessed: plan.level.level, reason: plan.level.reason, evidence: plan.level.evidence } : null,
    preset: preset ?? null,
    sheets: (plan.sheets ?? []).map((s) => ({ sheet: s.sheet, role: s.role, courses: s.courses, why: s.why })),
    stated: plan.stated ?? [],
    plan: {
      semesters: plan.semesters.map((s) => ({ index: s.index, label: s.label, weeks: s.weeks, ...(s.courseWeeks ? { courseWeeks: s.courseWeeks } : {}), ...(s.weeksCell ? { weeksCell: s.weeksCell } : {}) })),
      ...(plan.summerTerms?.length ? { summerTerms: plan.summerTerms } : {}),
      semesterMode: plan.semesterMode,
      headerRows: [plan.headerRows[0] + 1, plan.headerRows[1] + 1],
      columns: plan.columns,
      courses: plan.courses.map((c) => ({
        ...(c.sheet ? { sheet: c.sheet } : {}),
        row: c.row >= 0 ? c.row + 1 : null,
        name: c.name,
        category: c.category,
        categoryPath: c.categoryPath,
        hours: c.totalHours?.value ?? null,
        credits: c.credits?.value ?? null,
        ...(c.practiceHours ? { practiceHours: c.practiceHours.value } : {}),
        semesters: c.placements.map((p) => (p ? p.hours : null)),
        ...(c.placements.some((p) => p?.notation || p?.shape === 'block' || p?.shape === 'term')
          ? { cells: c.placements.map((p) => (p ? { hours: p.hours, ...(p.shape ? { shape: p.shape } : {}), ...(p.notation ? { notation: p.notation } : {}), ...(p.blockWeeks ? { weeks: p.blockWeeks } : {}) } : null)) }
          : {}),
        ...(c.summer ? { summer: c.summer.map((p) => (p ? p.hours : null)) } : {}),
        ...(c.weight !== undefined ? { weight: c.weight, weightNote: c.weightNote } : {}),
        ...(c.alternatives ? { alternatives: c.alternatives } : {}),
        ...(c.source ? { source: c.source } : {}),
        cell: c.nameCell,
      })),
    },
    totals: { hours: result.totalHours, credits: result.totalCredits },
    loads: result.loads,
    shares: result.shares,
    otherSheets: otherSheets.filter((r) => !(plan.sheets ?? []).some((s) => s.sheet === (r.ok ? r.plan.sheet : r.sheet))).map((r) => (r.ok ? { sheet: r.plan.sheet, courses: r.plan.courses.length } : { sheet: r.sheet, courses: 0 })),
    findings: result.findings.map((f: Finding) => ({
      rule: f.rule,
      severity: f.severity,
      ...(f.required !== undefined ? { required: f.required } : {}),
      ...(f.actual !== undefined ? { actual: f.actual } : {}),
      cells: f.cells,
      message: f.message,
    })),
  };
}

/** The check for a person: findings grouped as the pane shows them; `verbose` adds each one's rules (for developers). */
export function checkText(file: string, plan: Plan, result: CheckResult, otherSheets: ReadResult[], lang: Lang, verbose = false): string {
  const zh = lang === 'zh';
  const L = (z: string, e: string) => (zh ? z : e);
  const out: string[] = [];
  out.push(L(`教学计划检查：${file}`, `Teaching-plan check: ${file}`));
  out.push(...planLines(plan, lang));
  out.push(L(`总学时 ${result.totalHours}，总学分 ${result.totalCredits}`, `Total ${result.totalHours} h, ${result.totalCredits} credits`));
  out.push('');
  out.push(L('各学期周学时：', 'Weekly load per semester:'));
  for (const l of result.loads) {
    const state = l.internship ? L('岗位实习', 'internship') : l.weeklyHours > l.cap ? L(`✗ 超上限 ${l.cap}`, `✗ over the cap of ${l.cap}`) : `✓ ≤ ${l.cap}`;
    const stated = l.statedHours !== undefined && l.statedHours !== l.hours ? L(`（合计行写 ${l.statedHours}）`, ` (total row says ${l.statedHours})`) : '';
    const outside = l.outsideHours ? L(`（另有整周/讲座 ${l.outsideHours} 学时）`, ` (+${l.outsideHours} h in week blocks/lectures)`) : '';
    out.push(`  ${L(`第${l.semester}学期`, `Semester ${l.semester}`)}  ${pad(String(Math.round(l.hours * 10) / 10), 5)} ${L('学时', 'h')} / ${l.weeks} ${L('周', 'wk')} = ${pad(l.weeklyHours.toFixed(1), 5)} ${L('学时/周', 'h/wk')}  ${state}${stated}${outside}`);
  }
  // Which weeks each semester's load is measured over, and where they come from.
  const from = result.loads.filter((l) => l.weeksFrom).map((l) => L(`第${l.semester}学期 ${l.weeks} 周（${l.weeksFrom!.zh}）`, `semester ${l.semester}: ${l.weeks} weeks (${l.weeksFrom!.en})`));
  if (from.length) out.push(L(`  上课周数：${from.join('；')}`, `  Teaching weeks: ${from.join('; ')}`));
  out.push('');
  out.push(L('比例：', 'Shares:'));
  const shareName = { publicBasic: L('公共基础课', 'Public basic'), elective: L('选修课', 'Electives'), practice: L('实践教学', 'Practice') };
  for (const s of result.shares) {
    const ok = s.share === null ? L('未检查', 'not checked') : s.share >= s.min - 1e-9 ? '✓' : '✗';
    out.push(`  ${pad(shareName[s.key], 8)} ${s.share === null ? '—' : `${Math.round(s.hours * 10) / 10} ${L('学时', 'h')}  ${formatShare(s.share, s.min)}`}  ≥ ${formatShare(s.min)}  ${ok}`);
  }
  const shown = presentFindings(result.findings);
  for (const sev of ['error', 'warning', 'info'] as Severity[]) {
    const list = shown.filter((f) => f.severity === sev);
    if (list.length === 0) continue;
    out.push('');
    out.push(L(`${pick(SEVERITY_TITLE[sev], lang)}（${list.length}）`, `${pick(SEVERITY_TITLE[sev], lang)} (${list.length})`));
    for (const f of list) {
      const cells = f.cells.length ? `${L('［', ' [')}${f.cells.slice(0, 6).join(L('、', ', '))}${f.cells.length > 6 ? L('等', ', …') : ''}${L('］', ']')}` : '';
      out.push(`  • ${pick(f.message, lang)}${cells}${verbose ? `  (${f.rules.join(', ')})` : ''}`);
    }
  }
  const errors = shown.filter((f) => f.severity === 'error').length;
  const warnings = shown.filter((f) => f.severity === 'warning').length;
  out.push('');
  out.push(errors ? L(`结论：${errors} 个错误、${warnings} 个警告，提交前需修正。`, `Result: ${errors} error(s), ${warnings} warning(s); fix before submitting.`) : L(`结论：没有错误（${warnings} 个警告）。`, `Result: no errors (${warnings} warning(s)).`));
  return out.join('\n');
}

/** Which sheets make the plan, the level and how groups were counted: what a person checks first. */
export function planLines(plan: Plan, lang: Lang): string[] {
  const zh = lang === 'zh';
  const L = (z: string, e: string) => (zh ? z : e);
  const out: string[] = [];
  const sheets = plan.sheets ?? [];
  const parts = sheets.filter((s) => s.role === 'courses' || s.role === 'practice');
  out.push(
    parts.length > 1
      ? L(`方案由 ${parts.length} 张工作表合并：${plan.courses.length} 门课程，${plan.semesters.length} 个学期`, `Plan combined from ${parts.length} sheets: ${plan.courses.length} courses, ${plan.semesters.length} semesters`)
      : L(
          `工作表“${plan.sheet}”：表头第 ${plan.headerRows[0] + 1}–${plan.headerRows[1] + 1} 行，${plan.courses.length} 门课程，${plan.semesters.length} 个学期`,
          `Sheet "${plan.sheet}": header rows ${plan.headerRows[0] + 1}–${plan.headerRows[1] + 1}, ${plan.courses.length} courses, ${plan.semesters.length} semesters`,
        ),
  );
  if (sheets.length > 1) for (const s of sheets) out.push(`  ${pad(L(`［${pick(ROLE_NAMES[s.role], lang)}］`, `[${pick(ROLE_NAMES[s.role], lang)}]`), 8)} ${s.sheet}${L('：', ': ')}${pick(s.why, lang)}`);
  if (plan.summerTerms?.length) out.push(L(`  暑假学期：${plan.summerTerms.map((t) => `${t.column} 列（第${t.afterSemester}学期后）`).join('、')}，不计入周学时`, `  Summer terms: column ${plan.summerTerms.map((t) => `${t.column} (after semester ${t.afterSemester})`).join(', ')}; not in the weekly load`));
  if (plan.level) out.push(L(`层次：${plan.level.reason.zh}`, `Level: ${plan.level.reason.en}`));
  const groups = plan.courses.filter((c) => c.alternatives?.length);
  if (groups.length)
    out.push(
      L(`选修组（每组计一门）：`, `Elective groups (each counts once): `) +
        groups
          .slice(0, 8)
          .map((c) => `${c.name} / ${c.alternatives!.map((a) => a.name).join(' / ')}`)
          .join(L('；', '; ')) +
        (groups.length > 8 ? ' …' : ''),
    );
  return out;
}

function pad(s: string, n: number): string {
  let width = 0;
  for (const ch of s) width += /[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1;
  return s + ' '.repeat(Math.max(0, n - width));
}

export function optimizeJson(result: OptimizeResult, attempts: Attempt[], patch: Patch, out: string) {
  return {
    status: result.status,
    mode: result.mode,
    solver: result.solver,
    gap: result.gap,
    seconds: Math.round(result.seconds * 1000) / 1000,
    attempts,
    output: out,
    loads: result.loads.map((l) => ({ semester: l.semester, weeklyHours: l.weeklyHours, cap: l.cap, ...(l.teaching ? {} : { internship: true }) })),
    changes: result.changes.map((c) => ({ row: c.row + 1, name: c.name, kind: c.kind, reason: c.reason, cells: c.cells, before: c.before, after: c.after })),
    conflicts: result.conflicts.map((c) => ({ rule: c.rule, required: c.required, achieved: c.achieved, cells: c.cells, fix: c.fix })),
    tradeoffs: result.tradeoffs,
    notes: result.notes,
    audit: { ok: result.audit.ok, lines: result.audit.lines.map((l) => ({ rule: l.rule, ok: l.ok, message: l.message })) },
    written: { cells: patch.writes.length, marks: patch.marks.length, formulasKept: patch.formulaCells.length, addresses: patch.writes.map((w) => w.address), marked: patch.marks.map((m) => m.address) },
    findingsAfter: result.check.findings.filter((f) => f.severity !== 'info').map((f) => ({ rule: f.rule, severity: f.severity, cells: f.cells, message: f.message })),
  };
}

/** The optimization for a person; `verbose` adds which engines ran and how each ended (for developers). */
export function optimizeText(file: string, out: string, result: OptimizeResult, attempts: Attempt[], patch: Patch, lang: Lang, verbose = false): string {
  const zh = lang === 'zh';
  const L = (z: string, e: string) => (zh ? z : e);
  const lines: string[] = [];
  const status = { optimal: L('最优（已证明）', 'optimal (proven)'), feasible: L('可行（未证明最优）', 'feasible (not proven optimal)'), relaxed: L('规则无法同时满足，已给出最小放宽', 'rules cannot all hold; minimum relaxation found'), failed: L('失败', 'failed') }[result.status];
  lines.push(L(`教学计划优化：${file} → ${out}`, `Teaching-plan optimization: ${file} → ${out}`));
  lines.push(L(`结果：${status}，用时 ${result.seconds.toFixed(1)} 秒`, `Result: ${status}, ${result.seconds.toFixed(1)} s`));
  if (verbose) lines.push(`  [solver ${result.solver}; ${attempts.map((a) => `${a.backend} ${a.outcome} ${a.seconds.toFixed(2)}s`).join(', ')}]`);
  lines.push(L(`方式：${MODE_NAMES[result.mode].zh}（--mode ${result.mode}）— ${MODE_HELP[result.mode].zh}`, `Mode: ${MODE_NAMES[result.mode].en} (--mode ${result.mode}) — ${MODE_HELP[result.mode].en}`));
  lines.push('');
  lines.push(L('各学期周学时（优化前 → 优化后）：', 'Weekly load per semester (before → after):'));
  result.loads.forEach((l, i) => {
    const b = result.before[i]?.weeklyHours ?? 0;
    const tag = !l.teaching ? L('岗位实习', 'internship') : l.weeklyHours > l.cap + 1e-9 ? L(`✗ 上限 ${l.cap}`, `✗ cap ${l.cap}`) : `✓ ≤ ${l.cap}`;
    lines.push(`  ${L(`第${l.semester}学期`, `Semester ${l.semester}`)}  ${b.toFixed(1)} → ${l.weeklyHours.toFixed(1)}  ${tag}`);
  });
  lines.push('');
  const count = (k: string) => result.changes.filter((c) => c.kind === k).length;
  lines.push(
    L(
      `调整了 ${result.changes.length} 门课程：移动 ${count('moved')} 门，二选一取定 ${count('chosen')} 门，新排入 ${count('placed')} 门（移动的在前）：`,
      `${result.changes.length} course(s) changed: ${count('moved')} moved, ${count('chosen')} "either" semester(s) chosen, ${count('placed')} placed (moved ones first):`,
    ),
  );
  for (const c of result.changes.slice(0, 40)) lines.push(`  ${c.name}${L('：', ': ')}${c.before.join('/')} → ${c.after.join('/')}  — ${pick(c.reason, lang)}`);
  if (result.changes.length > 40) lines.push(`  …`);
  if (result.conflicts.length) {
    lines.push('');
    lines.push(L('冲突（最小放宽）：', 'Conflicts (minimum relaxation):'));
    for (const t of result.tradeoffs) lines.push(`  ⇄ ${cliWords(pick(t, lang), lang)}`);
    for (const c of presentConflicts(result.conflicts)) lines.push(`  • ${cliWords(pick(c.fix, lang), lang)}${c.cells.length ? `${L('［', ' [')}${c.cells.slice(0, 6).join(L('、', ', '))}${c.cells.length > 6 ? L('等', ', …') : ''}${L('］', ']')}` : ''}`);
  }
  for (const n of result.notes) lines.push(`  ℹ ${cliWords(pick(n, lang), lang)}`);
  lines.push('');
  lines.push(L('符合国家规定（优化前后对照）：', 'National norms (before and after):'));
  for (const a of result.audit.lines) lines.push(`  ${cliWords(pick(a.message, lang), lang)}`);
  const errorsAfter = result.check.findings.filter((f) => f.severity === 'error');
  const after = presentFindings(errorsAfter);
  lines.push('');
  lines.push(L(`写入 ${patch.writes.length} 个单元格，标记 ${patch.marks.length} 个（保留 ${patch.formulaCells.length} 个公式单元格），并生成“优化报告”工作表。`, `Wrote ${patch.writes.length} cells, marked ${patch.marks.length} (kept ${patch.formulaCells.length} formula cells), and added the "优化报告" report sheet.`));
  lines.push(after.length ? L(`优化后仍有 ${errorsAfter.length} 个错误（见报告表）：`, `${errorsAfter.length} error(s) remain after optimizing (see the report sheet):`) : L('优化后复查：没有错误。', 'Re-check after optimizing: no errors.'));
  for (const f of after.slice(0, 12)) lines.push(`  • ${pick(f.message, lang)}`);
  return lines.join('\n');
}

/** What-if scenarios side by side: loads, shares, moved courses, conflicts; the applied one marked. */
export function scenarioTable(lines: ScenarioLine[], applied: number, lang: Lang): string {
  const zh = lang === 'zh';
  const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
  const share = (l: ScenarioLine, key: string) => {
    const s = l.shares.find((x) => x.key === key);
    return s ? `${pct(s.share)}${s.share !== null && s.share < s.min - 1e-9 ? '✗' : ''}` : '—';
  };
  const head = zh ? ['#', '情景', '各学期周学时', '最大', '公共基础', '选修', '实践', '移动', '排入', '冲突', '优化后错误'] : ['#', 'scenario', 'weekly load per semester', 'max', 'public', 'elective', 'practice', 'moved', 'placed', 'conflicts', 'errors after'];
  const rows = lines.map((l, i) => [
    `${i === applied ? '▶' : ' '}${i + 1}`,
    l.label,
    l.loads.map((x) => (x ? String(Math.round(x * 10) / 10) : '·')).join('/'),
    String(l.largestLoad),
    share(l, 'publicBasic'),
    share(l, 'elective'),
    share(l, 'practice'),
    String(l.moved),
    String(l.placed),
    String(l.conflicts),
    String(l.errorsAfter),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ');
  return [zh ? '情景比较（▶ 为写入的情景，可用 --pick 选择）：' : 'Scenarios compared (▶ is the one written; choose with --pick):', line(head), ...rows.map(line), ''].join('\n');
}
