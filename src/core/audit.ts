/**
 * A plan before and after optimizing, held against the binding norms (norms.ts): which relations the
 * change broke (none, if the optimizer did its job) and which the sheet already broke and still does;
 * courses moved into weeks an internship or whole-week blocks take, or across a full-time internship;
 * the internship where the school put it; and every semester's weekly load against max(cap, its own
 * load before) — a raise above that only where a relaxation needed it. Shown to the user as the
 * report's "符合国家规定" lines; every optimizer result is audited by the tests.
 */

import { semesterLoads } from './checker';
import { msg, type Message } from './message';
import { normBreaks, normInstances, type NormBreak, PLACEMENT_NORMS, type PlacementNorm, spanOf, straddles } from './norms';
import { courseId, type Plan } from './plan';
import { capFor, type Rules } from './rules';
import { clean } from './text';
import { teachingWeeks } from './weeks';

export interface AuditLine {
  rule: string;
  ok: boolean;
  message: Message;
}

export interface RaisedLoad {
  semester: number;
  before: number;
  after: number;
  cap: number;
  /** The relaxation needed it (a cap the optimizer proved it must raise to, and no higher). */
  needed: boolean;
}

export interface AuditResult {
  /** Nothing introduced: no norm broken by the change, nothing moved into taken weeks, no raise beyond need. */
  ok: boolean;
  lines: AuditLine[];
  introduced: NormBreak[];
  kept: NormBreak[];
  raised: RaisedLoad[];
  /** Courses given hours in a semester with no teaching weeks for them (an internship, blocks). */
  intoTakenWeeks: { course: string; name: string; semester: number }[];
  /** Internship rows whose semesters changed. */
  internshipMoved: string[];
}

export interface AuditOptions {
  /** The caps asked, per semester (default: the rules'). */
  caps?: number[];
  /** The caps the optimizer proved it had to raise to (RawSolution.relaxation), per semester. */
  relaxed?: { caps: number[]; proven: boolean };
}

const EPS = 1e-6;

export function audit(before: Plan, after: Plan, rules: Rules, opts: AuditOptions = {}): AuditResult {
  const weeks = teachingWeeks(before, rules);
  const instances = normInstances(before, rules, weeks);
  const was = [...normBreaks(before, rules, instances, weeks), ...straddles(before, rules, weeks)];
  const now = [...normBreaks(after, rules, instances, weeks), ...straddles(after, rules, weeks)];
  const wasKeys = new Set(was.map((b) => b.key));
  const introduced = now.filter((b) => !wasKeys.has(b.key));
  const kept = now.filter((b) => wasKeys.has(b.key));

  const beforeById = new Map(before.courses.map((c) => [courseId(c), c]));
  const intoTakenWeeks: AuditResult['intoTakenWeeks'] = [];
  const internshipMoved: string[] = [];
  for (const c of after.courses) {
    const b = beforeById.get(courseId(c));
    if (!b) continue;
    if (c.isInternship) {
      if (spanOf(c).join() !== spanOf(b).join()) internshipMoved.push(c.name);
      continue;
    }
    c.placements.forEach((p, i) => {
      const w = weeks[i];
      if ((p?.hours ?? 0) > (b.placements[i]?.hours ?? 0) + EPS && (!w.teaching || w.closed)) intoTakenWeeks.push({ course: courseId(c), name: c.name, semester: i + 1 });
    });
  }

  const capRules = opts.caps ? { ...rules, weeklyCap: opts.caps } : rules;
  const loadsBefore = semesterLoads(before, rules, weeks);
  const loadsAfter = semesterLoads(after, rules, weeks);
  const raised: RaisedLoad[] = [];
  for (const l of loadsAfter) {
    if (!weeks[l.semester - 1].teaching) continue;
    const cap = capFor(capRules, l.semester);
    const b = loadsBefore[l.semester - 1].weeklyHours;
    if (l.weeklyHours <= Math.max(cap, b) + EPS) continue;
    const relaxed = opts.relaxed?.caps[l.semester - 1];
    raised.push({ semester: l.semester, before: b, after: l.weeklyHours, cap, needed: !!opts.relaxed?.proven && relaxed !== undefined && l.weeklyHours <= relaxed + EPS });
  }

  const lines: AuditLine[] = [];
  const level = rules.preset;
  const shown = new Set<string>();
  for (const norm of PLACEMENT_NORMS) {
    if (!norm.levels.includes(level) || shown.has(norm.id)) continue;
    shown.add(norm.id);
    const applies = norm.kind === 'no-straddle' || norm.kind === 'block-weeks' || instances.some((x) => x.norm.id === norm.id);
    if (!applies) continue;
    if (norm.kind === 'block-weeks') {
      lines.push(intoWeeksLine(norm, intoTakenWeeks, internshipMoved));
      continue;
    }
    lines.push(normLine(norm, introduced.filter((b) => b.norm.id === norm.id), kept.filter((b) => b.norm.id === norm.id)));
  }
  lines.push(loadLine(raised));
  return { ok: introduced.length === 0 && intoTakenWeeks.length === 0 && internshipMoved.length === 0 && raised.every((r) => r.needed), lines, introduced, kept, raised, intoTakenWeeks, internshipMoved };
}

function normLine(norm: PlacementNorm, introduced: NormBreak[], kept: NormBreak[]): AuditLine {
  const list = (bs: NormBreak[], zh: boolean) => bs.map((b) => (zh ? b.message.zh : b.message.en)).join(zh ? '；' : '; ');
  if (introduced.length)
    return { rule: norm.id, ok: false, message: msg(`✗ ${norm.name.zh}：优化后不符合 — ${list(introduced, true)}`, `✗ ${norm.name.en}: broken by the change — ${list(introduced, false)}`) };
  if (kept.length)
    return { rule: norm.id, ok: true, message: msg(`✓ ${norm.name.zh}：没有新的不符；原表已有的保持原样 — ${list(kept, true)}`, `✓ ${norm.name.en}: nothing new broken; what the sheet already broke is kept as it was — ${list(kept, false)}`) };
  return { rule: norm.id, ok: true, message: msg(`✓ ${norm.name.zh}（${norm.source}）`, `✓ ${norm.name.en} (${norm.source})`) };
}

function intoWeeksLine(norm: PlacementNorm, into: AuditResult['intoTakenWeeks'], internship: string[]): AuditLine {
  if (into.length || internship.length)
    return {
      rule: norm.id,
      ok: false,
      message: msg(
        `✗ ${norm.name.zh}：${[...into.map((x) => `“${x.name}”移入第${x.semester}学期`), ...internship.map((n) => `“${n}”改变了学期`)].join('；')}`,
        `✗ ${norm.name.en}: ${[...into.map((x) => `"${x.name}" moved into semester ${x.semester}`), ...internship.map((n) => `"${n}" changed semesters`)].join('; ')}`,
      ),
    };
  return { rule: norm.id, ok: true, message: msg(`✓ ${norm.name.zh}，岗位实习保持原学期`, `✓ ${norm.name.en}; the internship stays where the school put it`) };
}

function loadLine(raised: RaisedLoad[]): AuditLine {
  if (!raised.length) return { rule: 'weekly-load', ok: true, message: msg('✓ 各学期周学时都不高于上限或本学期原有的周学时', '✓ no semester above its cap or its own load before') };
  // Semesters raised to the same load under the same cap, alike in being verified, are said once.
  const groups: RaisedLoad[][] = [];
  for (const r of raised) {
    const g = groups.find((x) => clean(x[0].after) === clean(r.after) && x[0].cap === r.cap && x[0].needed === r.needed);
    if (g) g.push(r);
    else groups.push([r]);
  }
  const one = (g: RaisedLoad[], zh: boolean) => {
    const [r] = g;
    const semesters = g.map((x) => x.semester);
    const before = g.map((x) => clean(x.before));
    return zh
      ? `第${semesters.join('、')}学期${g.length > 1 ? '各' : ''}由 ${before.join('、')} 提高到 ${clean(r.after)} 学时/周（上限 ${r.cap}）${r.needed ? `：${g.length > 1 ? '都' : ''}必须提高，已由不提高时的求解验证` : '：未经验证'}`
      : `semester ${semesters.join(', ')} raised from ${before.join(', ')} to ${clean(r.after)} h/week (cap ${r.cap})${r.needed ? `: ${g.length > 1 ? 'each ' : ''}a necessary raise, verified by solving without it` : ': not verified'}`;
  };
  const ok = raised.every((r) => r.needed);
  return {
    rule: 'weekly-load',
    ok,
    message: msg(`${ok ? '✓' : '✗'} 周学时只在必须时超过上限：${groups.map((g) => one(g, true)).join('；')}`, `${ok ? '✓' : '✗'} weekly load above the cap only where it must be: ${groups.map((g) => one(g, false)).join('; ')}`),
  };
}
