import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main';
import { EXAMPLE } from './helpers/shared';

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('plan-balancer check', () => {
  it('prints the stable JSON report for the example and exits 1 on errors', async () => {
    const { code, out } = await run(['check', EXAMPLE, '--json']);
    expect(code).toBe(1);
    const json = JSON.parse(out);
    expect(json.sheet).toBe('教学进程安排表');
    expect(json.plan.semesters).toHaveLength(6);
    expect(json.plan.courses).toHaveLength(32);
    expect(json.plan.courses[0]).toMatchObject({ name: '中国特色社会主义', category: 'public-basic', hours: 36, credits: 2, cell: 'C4' });
    const rules = json.findings.map((f: { rule: string }) => f.rule);
    expect(rules).toContain('share-elective');
    expect(rules).toContain('course-unplaced');
    expect(rules).toContain('weekly-load-stated');
    const elective = json.findings.find((f: { rule: string }) => f.rule === 'share-elective');
    expect(elective).toMatchObject({ severity: 'error', required: 0.1 });
    expect(elective.actual).toBeCloseTo(0.0984, 4);
    expect(elective.message.zh).toContain('9.84%');
    expect(elective.message.en).toContain('9.84%');
    for (const f of json.findings) expect(Object.keys(f).sort()).toEqual(expect.arrayContaining(['cells', 'message', 'rule', 'severity']));
  });

  it('prints a grouped readable report in Chinese by default and English on request', async () => {
    const zh = await run(['check', EXAMPLE]);
    expect(zh.out).toContain('错误（');
    expect(zh.out).toContain('第1学期');
    // The 23 courses not yet placed are one line that points to optimizing; no rule ids.
    expect(zh.out).toMatch(/23 门课程尚未安排学期（中国特色社会主义、心理健康与职业生涯、/);
    expect(zh.out).toContain('用“优化”可以把它们排入各学期');
    expect(zh.out).not.toMatch(/\((share-elective|course-unplaced|weekly-load-stated)\)/);
    // The 合计 cell two rules flag is one error line (the notes below may explain its figure once more).
    const errors = zh.out.slice(zh.out.indexOf('错误（'), zh.out.indexOf('警告（'));
    expect(errors.split('\n').filter((l) => l.includes('F46'))).toHaveLength(1);
    // --verbose names the rules, for whoever checks the tool itself.
    expect((await run(['check', EXAMPLE, '--verbose'])).out).toContain('(course-unplaced)');
    const en = await run(['check', EXAMPLE, '--lang', 'en']);
    expect(en.out).toContain('Errors (');
    expect(en.out).toContain('Electives');
  });

  it('applies a rules file and a preset', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pb-'));
    const rulesFile = path.join(dir, 'rules.json');
    writeFileSync(rulesFile, JSON.stringify({ weeklyCap: 40, shares: { electiveMin: 0.05 } }));
    const { out } = await run(['check', EXAMPLE, '--json', '--rules', rulesFile, '--preset', 'gaozhi']);
    const json = JSON.parse(out);
    expect(json.findings.some((f: { rule: string }) => f.rule === 'share-elective')).toBe(false);
    expect(json.findings.some((f: { rule: string }) => f.rule === 'weekly-load-stated')).toBe(false);
    expect(json.loads[0].cap).toBe(40);
  });

  it('exits 2 with a clear message for what it cannot read', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pb-'));
    const txt = path.join(dir, 'plan.xlsx');
    writeFileSync(txt, 'not a workbook');
    const ole = path.join(dir, 'old.xlsx');
    writeFileSync(ole, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
    const badRules = path.join(dir, 'rules.json');
    writeFileSync(badRules, '{ nope');
    const cases: [string[], RegExp][] = [
      [['check', path.join(dir, 'missing.xlsx')], /找不到文件/],
      [['check', txt], /不是 \.xlsx/],
      [['check', ole, '--lang', 'en'], /password-protected/],
      [['check', EXAMPLE, '--sheet', 'Nope'], /没有名为“Nope”/],
      [['check', EXAMPLE, '--rules', badRules], /不是有效的 JSON/],
      [['check', EXAMPLE, '--preset', 'uni'], /未知预设/],
      [['frobnicate', EXAMPLE], /未知命令/],
      [['check', EXAMPLE, '--bogus'], /bogus/],
    ];
    for (const [args, message] of cases) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toMatch(message);
    }
  });

  it('exits 2 when no sheet holds a course table', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('成绩').addRow(['姓名', '分数']);
    const dir = mkdtempSync(path.join(tmpdir(), 'pb-'));
    const file = path.join(dir, 'scores.xlsx');
    await wb.xlsx.writeFile(file);
    const r = await run(['check', file]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('没有找到课程表');
  });

  it('optimize --cap 34: every teaching semester at 34 h/week; checking the written workbook finds exactly what the report said is left', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pb-'));
    const out = path.join(dir, 'out.xlsx');
    const r = await run(['optimize', EXAMPLE, '-o', out, '--cap', '34', '--json']);
    const json = JSON.parse(r.out);
    expect(json.loads.map((l: { weeklyHours: number }) => l.weeklyHours)).toEqual([34, 34, 34, 0, 34, 34]);
    expect(json.solver).toMatch(/^(jslp|highs)$/);
    expect(json.changes).toHaveLength(23);
    expect(json.conflicts.map((c: { rule: string }) => c.rule)).toEqual(['share-elective']);
    expect(r.code).toBe(1);
    const rules = path.join(dir, 'rules.json');
    writeFileSync(rules, JSON.stringify({ weeklyCap: 34 }));
    const again = await run(['check', out, '--json', '--rules', rules]);
    const said = (list: { rule: string; severity: string; cells: string[] }[]) => list.filter((f) => f.severity !== 'info').map((f) => `${f.rule} ${f.cells.join(',')}`).sort();
    expect(said(JSON.parse(again.out).findings)).toEqual(said(json.findingsAfter));
    // The electives' share is left (their hours are fixed); the 合计 rows that gave the unplaced courses their semesters ahead now say where they went.
    const errors = json.findingsAfter.filter((f: { severity: string }) => f.severity === 'error').map((f: { rule: string }) => f.rule);
    expect(new Set(errors)).toEqual(new Set(['share-elective']));
  });

  it('optimize --cap 28: +6 h/week in each teaching semester and the alternatives', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pb-'));
    const r = await run(['optimize', EXAMPLE, '-o', path.join(dir, 'out.xlsx'), '--cap', '28', '--json']);
    const json = JSON.parse(r.out);
    expect(json.status).toBe('relaxed');
    const caps = json.conflicts.filter((c: { rule: string }) => c.rule === 'weekly-cap');
    expect(caps.map((c: { required: number; achieved: number }) => c.achieved - c.required)).toEqual([6, 6, 6, 6, 6]);
    expect(caps[2].fix.zh).toBe('第3学期需 34 学时/周，上限 28：超出 6 学时/周，其他学期已无余量（已验证：不提高则其他学期须超过上限或原有周学时） — 将本学期上限提高到 34，或从本学期削减 108 学时');
    expect(json.tradeoffs[0].en).toContain('either raise the cap to 34 or cut 540 hours');
    const text = await run(['optimize', EXAMPLE, '-o', path.join(dir, 'out2.xlsx'), '--cap', '28']);
    expect(text.out).toContain('冲突（最小放宽）');
  });

  it('optimize --total-slack 540 at 28 and 34: a conflict only where the re-check finds the error on the result (the shares met by moved totals are no conflict), exit 0 when it finds none', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pb-slack-'));
    for (const cap of ['28', '34']) {
      const { code, out } = await run(['optimize', EXAMPLE, '-o', path.join(dir, `o${cap}.xlsx`), '--total-slack', '540', '--cap', cap, '--json']);
      const j = JSON.parse(out);
      const errors = j.findingsAfter.filter((f: { severity: string }) => f.severity === 'error').map((f: { rule: string }) => f.rule);
      for (const c of j.conflicts) expect(errors, `${cap}: ${c.rule}`).toContain(c.rule === 'weekly-cap' ? 'weekly-load' : c.rule);
      expect(j.conflicts.filter((c: { rule: string }) => c.rule.startsWith('share-'))).toEqual([]);
      expect(errors.filter((r: string) => r.startsWith('share-'))).toEqual([]);
      expect(code).toBe(errors.length ? 1 : 0);
    }
  }, 120_000);

  it('optimize refuses unsafe or unclear requests with exit 2', async () => {
    for (const [args, message] of [
      [['optimize', EXAMPLE, '-o', EXAMPLE], /覆盖/],
      [['optimize', EXAMPLE, '-o', '/tmp/x.xlsx', '--solver', 'cplex'], /未知求解器/],
      [['optimize', EXAMPLE, '-o', '/tmp/x.xlsx', '--cap', 'lots'], /--cap/],
    ] as [string[], RegExp][]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toMatch(message);
    }
  });

  it('the bundled example is the file the generator makes', () => {
    expect(readFileSync(EXAMPLE).subarray(0, 2).toString('latin1')).toBe('PK');
  });
});

describe('plan-balancer optimize --scenario', () => {
  it('compares cap 28 / 30 / 34 in one table and writes exactly the scenario picked', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pb-scen-'));
    const out = path.join(dir, 'out.xlsx');
    const r = await run(['optimize', EXAMPLE, '-o', out, '--scenario', 'cap=28', '--scenario', 'cap=30', '--scenario', 'cap=34,mode=plan', '--lang', 'en']);
    const table = r.out.split('\n').filter((l) => /^[ ▶]\d/.test(l));
    expect(table).toHaveLength(3);
    // Only cap 34 holds (the elective share is the one conflict placement cannot fix): it is written.
    expect(table[2]).toMatch(/^▶3\s+cap=34,mode=plan/);
    const json = await run(['optimize', EXAMPLE, '-o', out, '--scenario', 'cap=28', '--scenario', 'cap=30', '--pick', '2', '--json']);
    const j = JSON.parse(json.out);
    expect(j.applied).toBe(2);
    expect(j.scenarios.map((s: { label: string }) => s.label)).toEqual(['cap=28', 'cap=30']);
    // What was written is the cap-30 answer: re-checking the file at 30 gives the same loads.
    const again = JSON.parse((await run(['check', out, '--json', '--rules', writeRules(dir, { weeklyCap: 30 })])).out);
    expect(again.loads.map((l: { weeklyHours: number }) => Math.round(l.weeklyHours * 100) / 100)).toEqual(j.scenarios[1].loads.map((x: number, i: number) => (again.loads[i].internship ? Math.round(again.loads[i].weeklyHours * 100) / 100 : x)));
    expect(j.conflicts.every((c: { required: number | string }) => c.required !== 28)).toBe(true);
  }, 120_000);

  it('refuses a scenario it cannot read, naming it, before solving anything', async () => {
    const r = await run(['optimize', EXAMPLE, '-o', path.join(tmpdir(), 'never.xlsx'), '--scenario', 'cap=abc', '--scenario', 'mode=fast']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('cap=abc');
    expect(r.err).toContain('mode=fast');
  });
});

function writeRules(dir: string, rules: unknown): string {
  const file = path.join(dir, 'rules.json');
  writeFileSync(file, JSON.stringify(rules));
  return file;
}

describe('the command line for a person', () => {
  it('--version prints the version in package.json', async () => {
    const r = await run(['--version']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`plan-balancer ${JSON.parse(readFileSync(path.join(__dirname, '../package.json'), 'utf8')).version}`);
  });

  it('a mistyped command or option gets a suggestion; an option of another command is refused with the command that takes it, and nothing is read', async () => {
    const typo = await run(['chek', EXAMPLE]);
    expect(typo.code).toBe(2);
    expect(typo.err).toContain('未知命令“chek”。是不是 check？');
    const other = await run(['check', EXAMPLE, '--cap', '40', '--mode', 'plan']);
    expect(other.code).toBe(2);
    expect(other.out).toBe('');
    expect(other.err).toContain('check 不接受 --cap：这是 optimize 的选项');
    expect(other.err).toContain('check 不接受 --mode：这是 optimize 的选项');
    const option = await run(['optimize', EXAMPLE, '--cpa', '30', '--lang', 'en']);
    expect(option.code).toBe(2);
    expect(option.err).toContain('optimize has no option --cpa. Did you mean --cap?');
    const none = await run(['diff', EXAMPLE, EXAMPLE, '--bogus']);
    expect(none.err).toContain('diff 没有选项 --bogus。');
  });

  it('each command has its own help with examples; "help optimize" is "optimize --help"', async () => {
    const check = await run(['check', '--help']);
    expect(check.code).toBe(0);
    expect(check.out).toMatch(/^用法：plan-balancer check <文件\.xlsx> \[选项\]/);
    expect(check.out).toContain('示例：');
    expect(check.out).toContain('plan-balancer check 各专业方案/ --summary 汇总.xlsx');
    expect(check.out).not.toContain('--cap');
    const optimize = await run(['optimize', '--help', '--lang', 'en']);
    expect(optimize.out).toContain('--total-slack HOURS');
    expect(optimize.out).toContain('Examples:');
    expect((await run(['help', 'optimize', '--lang', 'en'])).out).toBe(optimize.out);
    const program = await run(['--help']);
    expect(program.out).toContain('plan-balancer <命令> --help');
  });

  it('without -o the result goes beside the input as <name>.optimized.xlsx', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pb-'));
    const input = path.join(dir, '电子商务.xlsx');
    writeFileSync(input, readFileSync(EXAMPLE));
    const r = await run(['optimize', input, '--cap', '34']);
    expect(r.code, r.err).toBe(1);
    expect(readFileSync(path.join(dir, '电子商务.optimized.xlsx')).subarray(0, 2).toString('latin1')).toBe('PK');
    expect(r.out).toContain(`→ ${path.join(dir, '电子商务.optimized.xlsx')}`);
  });

  it('the language follows the locale (LC_ALL, LC_MESSAGES, LANG) when --lang is not given', async () => {
    const withEnv = async (env: NodeJS.ProcessEnv, args: string[]) => {
      const out: string[] = [];
      await main(args, { out: (s) => out.push(s), err: (s) => out.push(s) }, env);
      return out.join('\n');
    };
    expect(await withEnv({ LANG: 'en_US.UTF-8' }, ['check', EXAMPLE])).toContain('Teaching-plan check');
    expect(await withEnv({ LANG: 'zh_CN.UTF-8' }, ['check', EXAMPLE])).toContain('教学计划检查');
    expect(await withEnv({ LANG: 'C.UTF-8' }, ['check', EXAMPLE])).toContain('教学计划检查');
    expect(await withEnv({ LANG: 'zh_CN.UTF-8', LC_ALL: 'en_GB.UTF-8' }, ['check', EXAMPLE])).toContain('Teaching-plan check');
    expect(await withEnv({ LANG: 'en_US.UTF-8' }, ['check', EXAMPLE, '--lang', 'zh'])).toContain('教学计划检查');
    expect(await withEnv({ LANG: 'en_US.UTF-8' }, ['chek'])).toContain('Unknown command "chek". Did you mean check?');
  });
});
