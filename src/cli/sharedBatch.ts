/**
 * A batch optimized together under a shared-course section limit: programmes one after another (in the
 * order given), each kept out of the semesters whose sections of a shared course the earlier ones have
 * filled — unless that would break its own rules, in which case its own rules win and the clash is a
 * conflict naming the programmes involved.
 */
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Lang } from '../core/message';
import { SectionLedger, sharedCourses, sharedKey, type ProgrammeCourses, type SharedConflict, type SharedCourse } from '../core/shared';
import { type CheckJson, errorLine, jsonOutput } from './batch';
import type { optimizeJson } from './report';

type OptimizeJson = ReturnType<typeof optimizeJson>;
export type RunCommand = (argv: string[]) => Promise<{ code: number; out: string; err: string }>;

export interface TogetherItem {
  file: string;
  code: number;
  output?: string;
  optimize?: OptimizeJson;
  /** Semesters the programme was asked to keep each shared course out of. */
  avoided?: Record<string, number[]>;
  /** True when keeping out would have broken the programme's own rules, so it was not. */
  ownRulesFirst?: boolean;
  shared: SharedConflict[];
  error?: string;
}

export const programmeName = (file: string) => path.basename(file).replace(/\.xlsx$/i, '');

/** A programme's courses as `check --json` reads them. */
export function coursesOfCheck(file: string, j: CheckJson): ProgrammeCourses {
  return { programme: programmeName(file), courses: j.plan.courses.map((c) => ({ name: c.name, hours: c.hours, semesters: c.semesters, category: c.category })) };
}

/** The courses after optimizing: the check's placements with the changed rows' new hours laid over. */
function afterOptimize(before: ProgrammeCourses, checked: CheckJson, result: OptimizeJson): ProgrammeCourses {
  const changed = new Map(result.changes.map((c) => [`${c.row}\u0000${c.name}`, c.after]));
  return {
    programme: before.programme,
    courses: checked.plan.courses.map((c, i) => ({ ...before.courses[i], semesters: changed.get(`${c.row}\u0000${c.name}`) ?? before.courses[i].semesters })),
  };
}

export async function optimizeTogether(
  files: string[],
  outs: string[],
  checks: (CheckJson | undefined)[],
  checkErrors: (string | undefined)[],
  argvOf: (file: string, out: string, avoid: Record<string, number[]>) => string[],
  limitOf: (name: string) => number,
  run: RunCommand,
  onDone: (done: number) => void,
): Promise<{ items: TogetherItem[]; shared: SharedCourse[]; sharedAfter: SharedCourse[] }> {
  const before = files.map((f, i) => (checks[i] ? coursesOfCheck(f, checks[i]!) : null));
  const shared = sharedCourses(before.filter((x): x is ProgrammeCourses => x !== null));
  const ledger = new SectionLedger(shared, limitOf);
  const items: TogetherItem[] = [];
  const afters: ProgrammeCourses[] = [];
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    const checked = checks[i];
    if (!checked || !before[i]) {
      items.push({ file, code: 2, shared: [], error: checkErrors[i] ?? 'unreadable' });
      onDone(i + 1);
      continue;
    }
    const semesters = checked.plan.semesters.length;
    const avoid = ledger.avoidFor(before[i]!, semesters);
    let r = await run(argvOf(file, outs[i], avoid));
    let result = jsonOutput<OptimizeJson>(r);
    let ownRulesFirst = false;
    // Keeping out must not cost the programme its own rules: solve without it and keep the better.
    if (Object.keys(avoid).length && result && result.conflicts.length > 0) {
      const trial = path.join(path.dirname(outs[i]), `.${path.basename(outs[i])}.own-rules.tmp.xlsx`);
      const own = await run(argvOf(file, trial, {}));
      const ownResult = jsonOutput<OptimizeJson>(own);
      if (ownResult && ownResult.conflicts.length < result.conflicts.length) {
        await rename(trial, outs[i]);
        r = own;
        result = { ...ownResult, output: outs[i] };
        ownRulesFirst = true;
      } else await rm(trial, { force: true });
    }
    if (!result) {
      items.push({ file, code: r.code, shared: [], error: errorLine(r) });
      onDone(i + 1);
      continue;
    }
    const after = afterOptimize(before[i]!, checked, result);
    const clashes = ledger.conflictsOf(after);
    ledger.take(after);
    afters.push(after);
    items.push({ file, code: clashes.length ? Math.max(1, r.code) : r.code, output: outs[i], optimize: result, ...(Object.keys(avoid).length ? { avoided: avoid } : {}), ...(ownRulesFirst ? { ownRulesFirst } : {}), shared: clashes });
    onDone(i + 1);
  }
  // Who teaches each shared course when, once every programme is optimized (the same courses as before).
  const keys = new Set(shared.map((x) => sharedKey(x.name, x.hours)));
  const sharedAfter = sharedCourses(afters).filter((x) => keys.has(sharedKey(x.name, x.hours)));
  return { items, shared, sharedAfter };
}

/** Per shared course: how many programmes teach it in each semester, as a line of the report. */
export function sharedLine(s: SharedCourse, semesters: number, lang: Lang): string {
  const counts = Array.from({ length: semesters }, (_, i) => s.bySemester[i]?.length ?? 0);
  return lang === 'zh'
    ? `${s.name}（${s.hours} 学时，${s.programmes.length} 个专业）各学期专业数：${counts.join('/')}`
    : `${s.name} (${s.hours} h, ${s.programmes.length} programmes) programmes per semester: ${counts.join('/')}`;
}
