/**
 * A course total is never changed unless totals may move: real-shaped plans (16- and 18-week
 * semesters, 16 or 18 h per credit, some placed, some not, some written in two columns), in every
 * mode (keep, rebalance, plan). A total no shape reaches is a conflict at its cell and the row stays as it was.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { gridFromRows } from '../src/core/grid';
import { optimizePlan } from '../src/core/optimizer';
import { highsBackend, type HighsLike } from '../src/core/optimizer/backends/highs';
import type { Backend } from '../src/core/optimizer/model';
import { readWorkbook } from '../src/core/reader';
import { PRESETS } from '../src/core/rules';

let highs: Backend;
beforeAll(async () => {
  highs = highsBackend(await ((await import('highs')).default as unknown as () => Promise<HighsLike>)());
});

const plan = fc.record({
  perCredit: fc.constantFrom(16, 18),
  firstWeeks: fc.constantFrom(16, 18),
  courses: fc.array(fc.record({ credits: fc.integer({ min: 1, max: 6 }), odd: fc.boolean(), placedAt: fc.option(fc.nat(5), { freq: 2 }), orNext: fc.boolean() }), { minLength: 2, maxLength: 12 }),
  mode: fc.constantFrom('keep' as const, 'rebalance' as const, 'plan' as const),
});

describe('course totals', () => {
  it('1,000 random real-shaped plans in every mode: every total unchanged; unreachable totals are conflicts at their cells, rows left as they were', () => {
    fc.assert(
      fc.property(plan, ({ perCredit, firstWeeks, courses, mode }) => {
        const weeks = [firstWeeks, 18, 18, 18, 18, 18];
        const rows: (string | number | undefined)[][] = [
          ['课程类别', '课程名称', '学时', '学分', '1', '2', '3', '4', '5', '6'],
          ['', '教学周数', undefined, undefined, ...weeks],
        ];
        courses.forEach((c, i) => {
          // 体育-like exceptions: 36 h for 1 credit, or a total no weekly pattern reaches (e.g. 40).
          const hours = c.odd ? (i % 2 ? 36 : 40) : c.credits * perCredit;
          // Some placed courses are written in two columns, meaning "this semester or the next".
          const cells = weeks.map((_, s) => (c.placedAt !== null && (c.placedAt === s || (c.orNext && c.placedAt + 1 === s)) ? hours : undefined));
          rows.push(['公共基础课', `课程${i + 1}`, hours, c.credits, ...cells]);
        });
        const p = readWorkbook([gridFromRows('P', rows)]).chosen!.plan;
        const r = optimizePlan(p, { ...PRESETS.gaozhi, weeklyCap: 30 }, { mode }, highs, 10);
        expect(r.status).not.toBe('failed');
        expect(r.audit.introduced, 'binding norms broken by the change').toEqual([]);
        const unplaceable = new Set(r.conflicts.filter((c) => c.rule === 'completeness').flatMap((c) => c.cells));
        for (const before of p.courses) {
          const after = r.plan.courses.find((c) => c.row === before.row)!;
          expect(after.totalHours?.value, before.name).toBe(before.totalHours?.value);
          const placed = after.placements.reduce((s, x) => s + (x?.hours ?? 0), 0);
          if (placed === before.totalHours!.value) continue;
          const was = before.placements.reduce((s, x) => s + (x?.hours ?? 0), 0);
          // "X or Y" kept as the sheet wrote it: mode keep never touches a filled row; the other modes
          // only when no shape reaches the total, and then the report says so at its cell.
          if (was > before.totalHours!.value) {
            expect(after.placements.map((x) => x?.hours ?? null)).toEqual(before.placements.map((x) => x?.hours ?? null));
            if (mode !== 'keep') expect(unplaceable.has(before.totalHours!.cell), `${before.name} ${before.totalHours!.value} h`).toBe(true);
            continue;
          }
          // Not placed in full: the row is exactly as it was, and the report names its total cell.
          expect(after.placements.map((x) => x?.hours ?? null)).toEqual(before.placements.map((x) => x?.hours ?? null));
          expect(unplaceable.has(before.totalHours!.cell), `${before.name} ${before.totalHours!.value} h`).toBe(true);
        }
        expect(r.changes.every((c) => c.total === undefined)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  }, 300_000);

  const staged = fc.record({
    courses: fc.array(
      fc.record({ credits: fc.integer({ min: 1, max: 6 }), category: fc.constantFrom('公共基础课', '专业基础课', '专业核心课'), placedAt: fc.option(fc.constantFrom(0, 1, 2, 3, 4, 6, 7, 8), { freq: 2 }) }),
      { minLength: 2, maxLength: 14 },
    ),
    mode: fc.constantFrom('keep' as const, 'rebalance' as const, 'plan' as const),
  });

  it('200 random ten-semester plans in two stages (3+2, whole-week blocks filling semesters 6 and 10): every total unchanged, nothing moved into a filled semester', () => {
    fc.assert(
      fc.property(staged, ({ courses, mode }) => {
        const rows: (string | number | undefined)[][] = [['课程类别', '课程名称', '学时', '学分', ...Array.from({ length: 10 }, (_, i) => `第${i + 1}学期`)]];
        courses.forEach((c, i) => {
          const hours = c.credits * 16;
          rows.push([c.category, `课程${i + 1}`, hours, c.credits, ...Array.from({ length: 10 }, (_, s) => (c.placedAt === s ? hours : undefined))]);
        });
        rows.push(['集中实践', '毕业设计', 208, 8, ...Array.from({ length: 10 }, (_, s) => (s === 5 ? '8W' : undefined))]);
        rows.push(['集中实践', '顶岗实习', 260, 10, ...Array.from({ length: 10 }, (_, s) => (s === 5 ? '10W' : s === 9 ? '18W' : undefined))]);
        const p = readWorkbook([gridFromRows('P', rows)]).chosen!.plan;
        const r = optimizePlan(p, { ...PRESETS.gaozhi, weeklyCap: 30 }, { mode }, highs, 10);
        expect(r.status).not.toBe('failed');
        expect(r.audit.introduced, 'binding norms broken by the change').toEqual([]);
        expect(r.audit.intoTakenWeeks).toEqual([]);
        for (const before of p.courses) {
          const after = r.plan.courses.find((c) => c.row === before.row)!;
          expect(after.totalHours?.value, before.name).toBe(before.totalHours?.value);
          for (const s of [5, 9]) expect(after.placements[s]?.hours ?? 0, `${before.name} in semester ${s + 1}`).toBe(before.placements[s]?.hours ?? 0);
        }
      }),
      { numRuns: 200 },
    );
  }, 300_000);
});
