/**
 * Generalised by construction: the shared real plans and the example, rewritten into the layouts
 * schools use (tests/helpers/variants.ts), read back to the same plan — courses, hours per semester,
 * categories and groups. Random compositions of one to four rewrites per variant, every course sheet
 * of every plan; the run counts the variants it checked and holds itself to at least 300.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWorkbook, type ReadSuccess } from '../src/core/reader';
import { loadWorkbook, workbookGrids } from '../src/xlsx/read';
import { EXAMPLE, hasShared, sharedPath } from './helpers/shared';
import * as V from './helpers/variants';

const files = hasShared ? [...readdirSync(sharedPath('data/real')).filter((f) => f.endsWith('.xlsx')).sort().map((f) => sharedPath('data/real', f)), EXAMPLE] : [EXAMPLE];
const bases: V.Base[] = [];
let checked = 0;
const used = new Map<string, number>();

beforeAll(async () => {
  for (const file of files) {
    const grids = workbookGrids(await loadWorkbook(readFileSync(file)));
    const read = readWorkbook(grids);
    const plan = read.chosen!.plan;
    const layouts = (plan.sheets ?? [])
      .filter((s) => s.role === 'courses')
      .map((s) => {
        const i = grids.findIndex((g) => g.sheet === s.sheet);
        const part = read.sheets[i].ok ? (read.sheets[i] as ReadSuccess).plan : undefined;
        return V.layoutOf(grids, s.sheet, plan, part);
      });
    bases.push({ file, grids, plan, shape: V.shapeOf(plan), layouts });
  }
}, 60_000);

afterAll(() => {
  if (checked > 0) console.log(`layout variants checked: ${checked} (${[...used].map(([k, v]) => `${k} ×${v}`).join(', ')})`);
});


describe('layout variants of the shared plans and the example read to the same plan', () => {
  it('≥ 300 variants: same courses, hours per semester, categories and groups', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.array(fc.integer({ min: 0, max: V.REWRITES.length - 1 }), { minLength: 1, maxLength: 4 }), fc.nat(), (b, sheet, rewrites, seed) => {
        const base = bases[b % bases.length];
        const rng = V.seeded(seed);
        let wb: V.Workbook = { grids: base.grids, layout: base.layouts[sheet % base.layouts.length] };
        const applied: string[] = [];
        for (const k of rewrites) {
          const next = V.REWRITES[k].apply(wb, base, rng);
          if (!next) continue;
          wb = next;
          applied.push(V.REWRITES[k].name);
        }
        fc.pre(applied.length > 0);
        const read = readWorkbook(wb.grids);
        const what = `${base.file.split('/').pop()} › ${wb.layout.sheet}: ${applied.join(' + ')}`;
        expect(read.chosen, what).not.toBeNull();
        const shape = V.shapeOf(read.chosen!.plan);
        expect(shape.courses, what).toEqual(base.shape.courses);
        expect(shape.groups, what).toEqual(base.shape.groups);
        checked++;
        for (const a of applied) used.set(a, (used.get(a) ?? 0) + 1);
      }),
      { numRuns: 330, seed: Date.now() % 2147483647, endOnFailure: true },
    );
    expect(checked).toBeGreaterThanOrEqual(300);
  }, 240_000);

  it('every rewrite applies to some plan, and alone reads back the same', () => {
    // A rewrite that never applies would make the property above hollow for its layout.
    for (const r of V.REWRITES) {
      let applied = 0;
      for (const base of bases)
        for (const layout of base.layouts) {
          const wb = r.apply({ grids: base.grids, layout }, base, V.seeded(7));
          if (!wb) continue;
          applied++;
          const read = readWorkbook(wb.grids);
          expect(V.shapeOf(read.chosen!.plan), `${r.name} on ${base.file.split('/').pop()} › ${layout.sheet}`).toEqual(base.shape);
        }
      if (hasShared) expect(applied, r.name).toBeGreaterThan(0);
    }
  }, 120_000);
});
