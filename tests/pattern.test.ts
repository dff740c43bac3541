/**
 * Course-name patterns on the linear-time engine: the same answers as JavaScript's RegExp on every
 * pattern the syntax allows (property test against the native engine), the patterns that make a
 * backtracking engine run for ages answered at once, the unsupported parts refused with a reason.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePattern, patternProblem } from '../src/core/pattern';
import { COURSE_NORMS, PE_BY_NAME, PLACEMENT_NORMS, POLITICS_GAOZHI, POLITICS_ZHONGZHI } from '../src/core/norms';
import { PLACEMENT_DEFAULTS, weeklyRangeOf } from '../src/core/placement';
import { resolveRules } from '../src/core/rules';

/** Patterns over a small alphabet, built from every construct the engine supports. */
const patternArb: fc.Arbitrary<string> = fc.letrec<{ re: string; atom: string }>((tie) => ({
  atom: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom('a', 'b', '体', '育', '.', '\\d', '\\w', '\\s', '\\W', '[ab]', '[^a]', '[a-c体]', '[\\d育]', '\\.', '1', ' ', '(', ')', '\\(', '（'),
    tie('re').map((r) => `(${r})`),
    tie('re').map((r) => `(?:${r})`),
  ).filter((a) => a !== '(' && a !== ')'),
  re: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('atom'),
    fc.tuple(tie('atom'), fc.constantFrom('*', '+', '?', '{2}', '{1,3}', '{0,}', '*?', '+?')).map(([a, q]) => a + q),
    fc.array(tie('re'), { minLength: 2, maxLength: 4 }).map((xs) => xs.join('')),
    fc.array(tie('re'), { minLength: 2, maxLength: 3 }).map((xs) => xs.join('|')),
    tie('re').map((r) => `^${r}`),
    tie('re').map((r) => `${r}$`),
    tie('re').map((r) => `\\b${r}`),
  ),
})).re;

const textArb = fc.array(fc.constantFrom('a', 'b', 'c', '体', '育', '1', '2', ' ', '.', '(', '（', '\n', '_'), { maxLength: 14 }).map((xs) => xs.join(''));

describe('linear-time course-name patterns', () => {
  it('answer exactly as RegExp.test on 3,000 random patterns and names', () => {
    fc.assert(
      fc.property(patternArb, fc.array(textArb, { minLength: 1, maxLength: 6 }), (pattern, texts) => {
        let native: RegExp;
        try {
          native = new RegExp(pattern);
        } catch {
          return; // the generator made something JavaScript refuses too
        }
        const ours = compilePattern(pattern);
        for (const t of texts) expect(ours.test(t), `${pattern} on ${JSON.stringify(t)}`).toBe(native.test(t));
      }),
      { numRuns: 3000, seed: 20261205 },
    );
  });

  it('the presets’ own patterns and the usual hand-written ones', () => {
    const cases: [string, string, boolean][] = [
      ['思想道德(与法治|修养与法律基础)', '思想道德与法治', true],
      ['^(语文|数学|英语)', '语文（上）', true],
      ['^(语文|数学|英语)', '大学语文', false],
      ['形势与政策|安全教育', '形势与政策（一）', true],
      ['就业指导$', '职业生涯与就业指导', true],
      ['就业指导$', '就业指导课', false],
      ['体育(舞蹈|赛事|文化)', '体育舞蹈', true],
      ['^中国特色社会主义$', '中国特色社会主义', true],
      ['[一二三四]$', '大学英语（二', true],
      ['\\bHTML5\\b', 'Web HTML5 基础', true],
      ['a{2,3}b', 'aaab', true],
      ['a{2,3}b', 'ab', false],
      ['x{', 'x{', true],
    ];
    for (const [p, name, expected] of cases) {
      expect(compilePattern(p).test(name), `${p} on ${name}`).toBe(expected);
      expect(new RegExp(p).test(name)).toBe(expected);
    }
    for (const preset of ['zhongzhi', 'gaozhi'] as const) {
      const n = PLACEMENT_DEFAULTS[preset];
      for (const p of [n.series, ...n.weeklyByCourse.map((w) => w.courses), ...n.startByCourse.map((s) => s.courses), ...n.sequences.flatMap((s) => s.courses)]) expect(patternProblem(p), p).toBeNull();
    }
  });

  it('patterns that make a backtracking engine run for ages are answered at once', () => {
    const evil = 'a'.repeat(5000) + '!';
    // Each of these takes RegExp longer than the test's whole time budget on a name a tenth as long.
    for (const p of ['^(a+)+$', '^(a|a)*$', '^(a|aa)+$', '(x+x+)+y', '^(\\w+\\s?)*$', 'a*a*a*a*a*a*b']) expect(compilePattern(p).test(evil), p).toBe(false);
    expect(compilePattern('^(a+)+!$').test(evil)).toBe(true);
  });

  it('refuses back-references, look-arounds, runaway counts and syntax errors, each with why', () => {
    const why = (p: string) => patternProblem(p)?.en ?? '';
    expect(why('(a)\\1')).toMatch(/back-reference/);
    expect(why('(?<x>a)\\k<x>')).toMatch(/back-reference/);
    expect(why('a(?=b)')).toMatch(/look-ahead/);
    expect(why('(?<!a)b')).toMatch(/look-ahead or look-behind/);
    expect(why('(a{50}){50}')).toMatch(/too large once expanded/);
    expect(why('x'.repeat(400))).toMatch(/longer than 300/);
    expect(why('(ab')).toMatch(/never closed/);
    expect(why('ab)')).toMatch(/unmatched/);
    expect(why('*a')).toMatch(/nothing to repeat/);
    expect(why('[z-a]')).toMatch(/out of order/);
    expect(why('[ab')).toMatch(/never closed/);
    expect(patternProblem(42)?.en).toMatch(/must be text/);
  });

  it('a rules file with such a pattern is refused with the rule’s path and the reason', () => {
    const { problems } = resolveRules('gaozhi', { placement: { series: '(a)\\1', startByCourse: [{ courses: '^(a+)+$', start: [1, 2] }] } });
    const text = problems.map((p) => p.message.en).join('\n');
    expect(text).toMatch(/Rule "placement\.series" is not a regular expression this tool accepts: it uses a back-reference/);
    // Nested quantifiers are not refused: on this engine they cost nothing.
    expect(text).not.toMatch(/startByCourse/);
    expect(weeklyRangeOf({ ...PLACEMENT_DEFAULTS.gaozhi, weeklyByCourse: [{ courses: '^(a+)+$', max: 9 }] }, 'a'.repeat(3000) + '!').max).toBe(6);
  });

  it('every built-in norm pattern runs on the same engine and means what RegExp means by it', () => {
    const patterns = [
      ...COURSE_NORMS.flatMap((n) => [n.courses, ...(n.except ? [n.except] : [])]),
      ...PLACEMENT_NORMS.flatMap((n) => [...(n.courses ?? []), ...(n.named ?? []), ...(n.except ? [n.except] : [])]),
      ...POLITICS_GAOZHI,
      ...POLITICS_ZHONGZHI,
      ...PE_BY_NAME,
    ];
    const names = ['思想道德与法治', '毛泽东思想和中国特色社会主义理论体系概论', '中国特色社会主义', '体育(Ⅱ)', '体育舞蹈', '基础体育', '专项体育', '形势与政策', '军事理论', '军事课', '心理健康与职业生涯'];
    for (const p of patterns) {
      const compiled = compilePattern(p);
      for (const n of names) expect(compiled.test(n), `${p} on ${n}`).toBe(new RegExp(p).test(n));
    }
  });
});
