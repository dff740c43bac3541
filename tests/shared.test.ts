/**
 * Shared public courses across a batch: who teaches what when, and — with a section limit — programmes
 * optimized together keep each semester within it, or the clash is a conflict naming the programmes.
 * No programme's own rules may be broken for it.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main';
import { resolveRules } from '../src/core/rules';
import { SectionLedger, sectionLimit, sharedCourses, type ProgrammeCourses } from '../src/core/shared';
import { EXAMPLE } from './helpers/shared';

describe('shared courses (core)', () => {
  const a: ProgrammeCourses = { programme: 'A', courses: [{ name: '体育', hours: 144, semesters: [36, 36, 36, 36] }, { name: '语文', hours: 72, semesters: [72, null, null, null] }, { name: '岗位实习', hours: 600, semesters: [null, null, null, 600], category: 'internship' }] };
  const b: ProgrammeCourses = { programme: 'B', courses: [{ name: '体 育', hours: 144, semesters: [null, 72, 72, null] }, { name: '语文', hours: 90, semesters: [90, null, null, null] }, { name: '岗位实习', hours: 600, semesters: [null, null, null, 600], category: 'internship' }] };

  it('are the same name (spaces aside) and the same hours, in two or more programmes; the internship is no shared class', () => {
    const s = sharedCourses([a, b]);
    expect(s.map((x) => [x.name, x.hours, x.programmes])).toEqual([['体育', 144, ['A', 'B']]]);
    expect(s[0].bySemester.map((x) => x.length)).toEqual([1, 2, 2, 1]);
  });

  it('a ledger says what to avoid once a semester is full, and names who holds it when a programme goes over', () => {
    const rules = resolveRules('zhongzhi', { sharedCourses: { sectionsPerSemester: 1 } }).rules;
    const ledger = new SectionLedger(sharedCourses([a, b]), (n) => sectionLimit(rules, n));
    expect(ledger.avoidFor(a, 4)).toEqual({});
    ledger.take(a);
    expect(ledger.avoidFor(b, 4)).toEqual({ '体 育': [1, 2, 3, 4] });
    const clash = ledger.conflictsOf(b);
    expect(clash.map((c) => [c.course, c.semester, c.holders])).toEqual([['体 育', 2, ['A']], ['体 育', 3, ['A']]]);
    expect(clash[0].message.zh).toContain('已由 A 占满，B 仍排在该学期');
  });

  it('limits come from the rules file: one for all, or per course; 0 is none', () => {
    expect(sectionLimit(resolveRules('gaozhi', {}).rules, '体育')).toBe(0);
    const r = resolveRules('gaozhi', { sharedCourses: { sectionsPerSemester: 3, perCourse: { 体育: 5 } } });
    expect(r.problems).toEqual([]);
    expect(sectionLimit(r.rules, '体育')).toBe(5);
    expect(sectionLimit(r.rules, '语文')).toBe(3);
    expect(resolveRules('gaozhi', { sharedCourses: { sectionsPerSemester: -1 } }).problems[0].path).toBe('sharedCourses.sectionsPerSemester');
  });
});

describe('optimize --avoid (what a batch hands each programme; usable by hand)', () => {
  it('keeps a course out of the semesters named when a plausible shape exists, and says so when none does', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pb-avoid-'));
    try {
      const out: string[] = [];
      const code = await main(['optimize', EXAMPLE, '-o', path.join(dir, 'o.xlsx'), '--cap', '34', '--avoid', '中国特色社会主义=1', '--avoid', '体育与健康=1,2,3,5', '--json'], { out: (x) => out.push(x), err: () => undefined });
      expect(code).toBe(1);
      const j = JSON.parse(out.join('\n'));
      const after = (name: string) => j.changes.find((c: { name: string }) => c.name === name).after as number[];
      expect(after('中国特色社会主义')[0]).toBe(0);
      // 144 h of 体育 only in semester 6 would be 8 h/week: not a way out; it stays in semesters 1–3 (it
      // never runs across the internship in semester 4) and the report says so.
      const pe = after('体育与健康');
      expect(pe.slice(3)).toEqual([0, 0, 0]);
      expect(pe.slice(0, 3).every((h) => h >= 36)).toBe(true);
      expect(pe.reduce((a, b) => a + b, 0)).toBe(144);
      expect(j.notes.map((n: { zh: string }) => n.zh).join('\n')).toContain('“体育与健康”仍排在第1、2、3学期（要求避开）');
      const bad: string[] = [];
      expect(await main(['optimize', EXAMPLE, '-o', path.join(dir, 'p.xlsx'), '--avoid', '体育与健康'], { out: () => undefined, err: (x) => bad.push(x) })).toBe(2);
      expect(bad.join('\n')).toContain('--avoid 应写作“课程名=学期,学期”');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

type Item = { file: string; code: number; optimize?: { conflicts: unknown[]; changes: { name: string; after: number[] }[]; findingsAfter: { severity: string }[] }; shared?: { programme: string; course: string; semester: number; holders: string[] }[] };
type Shared = { name: string; hours: number; programmes: string[]; bySemester: string[][] };

describe('optimize <six programmes> --out-dir with a shared-course section limit', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pb-shared-'));
  const names = ['电商', '会计', '物流', '营销', '旅游', '计算机'];
  const limits = { 中国特色社会主义: 3, 体育与健康: 4, 职业道德与法治: 2 };
  let together: { items: Item[]; sharedBefore: Shared[]; sharedAfter: Shared[] };
  let alone: { items: Item[] };

  beforeAll(async () => {
    for (const n of names) copyFileSync(EXAMPLE, path.join(dir, `${n}.xlsx`));
    writeFileSync(path.join(dir, 'rules.json'), JSON.stringify({ sharedCourses: { perCourse: limits } }));
    const run = async (argv: string[]) => {
      const out: string[] = [];
      await main(argv, { out: (s) => out.push(s), err: () => undefined });
      return JSON.parse(out.join('\n'));
    };
    const files = names.map((n) => path.join(dir, `${n}.xlsx`));
    together = await run(['optimize', ...files, '--out-dir', path.join(dir, 'together'), '--cap', '34', '--rules', path.join(dir, 'rules.json'), '--json']);
    alone = await run(['optimize', ...files, '--out-dir', path.join(dir, 'alone'), '--cap', '34', '--json']);
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('each semester holds at most the limit of sections, or every programme over it has a conflict naming the holders', () => {
    expect(together.items).toHaveLength(6);
    for (const [course, limit] of Object.entries(limits)) {
      const s = together.sharedAfter.find((x) => x.name === course)!;
      expect(s.programmes).toHaveLength(6);
      s.bySemester.forEach((who, i) => {
        const over = who.slice(limit);
        for (const programme of over) {
          const item = together.items.find((it) => path.basename(it.file, '.xlsx') === programme)!;
          const c = item.shared!.find((x) => x.course === course && x.semester === i + 1);
          expect(c, `${course} semester ${i + 1}: ${programme}`).toBeDefined();
          expect(c!.holders.length).toBeGreaterThanOrEqual(limit);
        }
      });
    }
    // 中国特色社会主义 (one semester) is spread: some programmes start it later than semester 1 (the 思政
    // courses one a semester, in order, never across the internship: where a programme cannot, it is named above).
    const zt = together.sharedAfter.find((x) => x.name === '中国特色社会主义')!;
    expect(zt.bySemester[0].length).toBeLessThan(6);
    expect(zt.bySemester.flat()).toHaveLength(6);
  });

  it("no programme's own rules are broken by it: conflicts and errors no more than optimized alone", () => {
    together.items.forEach((it, k) => {
      const own = alone.items[k];
      expect(it.optimize!.conflicts.length).toBeLessThanOrEqual(own.optimize!.conflicts.length);
      const errors = (x: Item) => x.optimize!.findingsAfter.filter((f) => f.severity === 'error').length;
      expect(errors(it)).toBeLessThanOrEqual(errors(own));
    });
  });

  it('no weekly hours a school would not give, to keep out of a full semester', () => {
    // 体育 at most 3 h/week (中职 placement norms): 144 h in semesters 1–3, never across the internship.
    for (const it of together.items)
      for (const c of it.optimize!.changes.filter((x) => x.name === '体育与健康')) expect(Math.max(...c.after) / 18).toBeLessThanOrEqual(3);
  });
});
