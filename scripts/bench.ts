/**
 * npm run bench — one run, one table: model × engine, median wall time over 5 runs, objective
 * (the heaviest semester's weekly hours), proven optimal or not, and the time as a ratio of HiGHS's
 * (the reference solver) on the same model. Every solve runs in a worker that is killed at its limit.
 *
 *   npx tsx scripts/bench.ts [--runs 5] [--limit 20] [--only seed|bacp|school|large|pane|likeness|audit] [--engines jslp,highs,auto]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readWorkbook } from '../src/core/reader';
import { PRESETS } from '../src/core/rules';
import { problemFromPlan, type OptProblem } from '../src/core/optimizer';
import { bacpProblem, parseBacp } from '../src/core/optimizer/bacp';
import type { RawSolution } from '../src/core/optimizer/optimize';
import type { SolverChoice } from '../src/node/solver';
// The compiled workers (lib/, built by npm ci's prepare step) start in milliseconds; TypeScript ones
// would be compiled on every start and blur the engines' times.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { solve, solveInWorker } = require(existsSync(path.resolve(__dirname, '../lib/node/solver.js')) ? '../lib/node/solver.js' : '../src/node/solver') as typeof import('../src/node/solver');
import { loadWorkbook, workbookGrids } from '../src/xlsx/read';
import { highsBackend, type HighsLike } from '../src/core/optimizer/backends/highs';
import { likeness, type Likeness, likenessTable, readRealPlan } from './likeness';

const { values } = parseArgs({ options: { runs: { type: 'string' }, limit: { type: 'string' }, only: { type: 'string' }, engines: { type: 'string' } } });
const DIST = path.resolve(__dirname, '../dist');
const RUNS = Number(values.runs ?? 5);
const LIMIT = Number(values.limit ?? 20);
const ROOT = path.resolve(__dirname, '..');
const SHARED = path.resolve(ROOT, '../shared');

interface Cell {
  median: number | null;
  /** Median time inside the engine's worker (model building and staged solve, no worker start). */
  engine: number | null;
  objective: number | null;
  proven: boolean;
  note: string;
}

async function timeOne(problem: OptProblem, engine: SolverChoice): Promise<{ seconds: number; solution: RawSolution | null; winner: string }> {
  const t0 = performance.now();
  if (engine === 'auto') {
    const r = await solve(problem, 'auto', LIMIT);
    const win = r.attempts.find((a) => a.outcome === 'optimal')?.backend ?? r.attempts[0]?.backend ?? '-';
    return { seconds: (performance.now() - t0) / 1000, solution: r.solution, winner: win };
  }
  const r = await solveInWorker(problem, engine, LIMIT);
  return { seconds: (performance.now() - t0) / 1000, solution: r.killed ? null : r.solution, winner: engine };
}

async function measure(problem: OptProblem, engine: SolverChoice): Promise<Cell> {
  const times: number[] = [];
  const inside: number[] = [];
  let first: number | null = null;
  let last: RawSolution | null = null;
  const winners = new Set<string>();
  for (let i = 0; i < RUNS; i++) {
    const r = await timeOne(problem, engine);
    times.push(r.seconds);
    first ??= r.seconds;
    if (r.solution) inside.push(r.solution.seconds);
    last = r.solution;
    winners.add(r.winner);
    // A run that hits the limit will hit it again: do not spend five limits on it.
    if (!r.solution || r.solution.status !== 'optimal') break;
  }
  times.sort((a, b) => a - b);
  inside.sort((a, b) => a - b);
  const proven = last?.status === 'optimal';
  return {
    median: times[Math.floor(times.length / 2)],
    engine: inside.length ? inside[Math.floor(inside.length / 2)] : null,
    objective: last?.maxLoad ?? null,
    proven,
    note: [
      !last ? `killed at ${LIMIT}s` : proven ? (engine === 'auto' ? `won by ${[...winners].join('/')}` : '') : `${last.status}${last.gap !== null ? ` gap ${last.gap}` : ''}: ${last.message ?? ''}`.slice(0, 60),
      first !== null && times.length > 1 ? `first run ${fmt(first)} s` : '',
    ]
      .filter(Boolean)
      .join('; '),
  };
}

async function seedProblems(): Promise<[string, OptProblem][]> {
  const plan = readWorkbook(workbookGrids(await loadWorkbook(readFileSync(path.join(ROOT, 'examples/ecommerce-2024.xlsx'))))).chosen!.plan;
  return [34, 28].map((cap) => [`seed plan, cap ${cap}${cap === 28 ? ' (elastic)' : ''}`, problemFromPlan(plan, { ...PRESETS.zhongzhi, weeklyCap: cap }, { cap }).problem]);
}

function bacpProblems(): [string, OptProblem][] {
  const dir = path.join(SHARED, 'benchmarks/bacp');
  if (!existsSync(dir)) {
    console.log('BACP skipped: ../shared/benchmarks/bacp not found');
    return [];
  }
  const optimum: Record<number, number> = { 8: 17, 10: 14, 12: 17 };
  return [8, 10, 12].map((n) => [`BACP ${n} (optimum ${optimum[n]})`, bacpProblem(parseBacp(readFileSync(path.join(dir, `bacp${n}.dat`), 'utf8')))]);
}

/** 30 programmes of one school: the seed plan with each course's hours and placements varied. */
async function schoolProblems(): Promise<OptProblem[]> {
  const plan = readWorkbook(workbookGrids(await loadWorkbook(readFileSync(path.join(ROOT, 'examples/ecommerce-2024.xlsx'))))).chosen!.plan;
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: 30 }, (_, k) => {
    const p = structuredClone(plan);
    for (const c of p.courses) {
      if (c.isInternship || !c.totalHours || c.placements.some((x) => x)) continue;
      c.totalHours.value = Math.max(18, c.totalHours.value + 18 * (Math.floor(rnd() * 3) - 1));
    }
    p.sheet = `programme ${k + 1}`;
    return problemFromPlan(p, { ...PRESETS.zhongzhi, weeklyCap: 34 }, { cap: 34 }).problem;
  });
}

async function school(engine: SolverChoice, problems: OptProblem[]): Promise<Cell> {
  // Independent programmes are solved separately, two at a time (two cores), never as one model.
  const t0 = performance.now();
  let next = 0;
  let proven = 0;
  let worst = 0;
  const lane = async () => {
    while (next < problems.length) {
      const r = await timeOne(problems[next++], engine);
      if (r.solution?.status === 'optimal') proven++;
      worst = Math.max(worst, r.solution?.maxLoad ?? 0);
    }
  };
  await Promise.all([lane(), lane()]);
  return { median: (performance.now() - t0) / 1000, engine: null, objective: worst, proven: proven === problems.length, note: `${proven}/${problems.length} proven` };
}

function fmt(n: number | null): string {
  return n === null ? '—' : n < 10 ? n.toFixed(3) : n.toFixed(1);
}

/** The pane: initial JavaScript gzipped (what loads before first render) and time to first render. */
async function paneNumbers(): Promise<void> {
  const { readdirSync, statSync } = await import('node:fs');
  const { gzipSync } = await import('node:zlib');
  if (!existsSync(path.join(DIST, 'index.html'))) {
    console.log('\npane: skipped (dist/ not built: npm run build)');
    return;
  }
  const files = readdirSync(DIST);
  const html = readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const initial = files.filter((f) => f.endsWith('.js') && html.includes(f));
  const gz = (f: string) => gzipSync(readFileSync(path.join(DIST, f))).length;
  const initialGz = initial.reduce((a, f) => a + gz(f), 0);
  const lazy = files.filter((f) => (f.endsWith('.js') || f.endsWith('.wasm')) && !initial.includes(f));
  console.log(`\npane bundle: initial JS ${(initialGz / 1024).toFixed(1)} KB gzipped (${initial.join(', ')}; goal < 400 KB)`);
  console.log(`  loaded on demand: ${lazy.map((f) => `${f} ${(gz(f) / 1024).toFixed(0)} KB gz (${(statSync(path.join(DIST, f)).size / 1024).toFixed(0)} KB)`).join('; ')}`);
  const { hasChromium, launch, serveDist } = await import('../tests/helpers/browser');
  if (!hasChromium) {
    console.log('  time to first render: skipped (no /usr/bin/chromium)');
    return;
  }
  const server = await serveDist();
  const browser = await launch();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const page = await browser.newPage();
    const t0 = Date.now();
    await page.goto(`${server.url}/index.html`);
    await page.getByRole('heading', { name: '教学计划平衡器' }).waitFor();
    times.push(Date.now() - t0);
    await page.close();
  }
  await browser.close();
  await server.close();
  times.sort((a, b) => a - b);
  console.log(`  time to first render (standalone page, local server, median of ${RUNS}): ${times[Math.floor(times.length / 2)]} ms (goal < 1000 ms)`);
}

/**
 * Where the time goes on a large plan (20,000 course rows, all placed, four semesters): reading,
 * building the model, solving, turning the answer into a plan, re-checking. In-process, HiGHS.
 */
async function largePlan(): Promise<void> {
  const { gridFromRows } = await import('../src/core/grid');
  const { interpret } = await import('../src/core/optimizer');
  const { solveProblem } = await import('../src/core/optimizer/optimize');
  const { highsBackend } = await import('../src/core/optimizer/backends/highs');
  const { check } = await import('../src/core/checker');
  const highs = highsBackend(await ((await import('highs')).default as unknown as () => Promise<import('../src/core/optimizer/backends/highs').HighsLike>)());
  const N = 20_000;
  const rows: (string | number | undefined)[][] = [['课程类别', '课程名称', '学时', '学分', '第一学期', '第二学期', '第三学期', '第四学期']];
  for (let i = 0; i < N; i++) rows.push(['公共基础课', `课程${i}`, `=SUM(E${i + 2}:H${i + 2})`, 2, ...[0, 1, 2, 3].map((s) => (i % 4 === s ? 36 : undefined))]);
  const t = () => performance.now() / 1000;
  const t0 = t();
  const plan = readWorkbook([gridFromRows('S', rows)]).chosen!.plan;
  const t1 = t();
  const rules = { ...PRESETS.zhongzhi, weeklyCap: 100_000 };
  const { problem, notes } = problemFromPlan(plan, rules, {});
  const t2 = t();
  const raw = solveProblem(problem, highs, LIMIT);
  const t3 = t();
  interpret(plan, rules, problem, raw, notes.map((n) => n.message));
  const t4 = t();
  check(plan, rules);
  const t5 = t();
  const outside = t4 - t3 + (t2 - t1);
  console.log(
    `\nlarge plan (${N} rows, uncached SUM totals): read ${(t1 - t0).toFixed(2)} s, model ${(t2 - t1).toFixed(2)} s, solve ${(t3 - t2).toFixed(2)} s, interpret ${(t4 - t3).toFixed(2)} s, check ${(t5 - t4).toFixed(2)} s; optimize outside the solver ${outside.toFixed(2)} s = ${((100 * outside) / (t4 - t1)).toFixed(0)} % of optimize`,
  );
}

async function main(): Promise<void> {
  const rows: string[][] = [];
  const engines = (values.engines?.split(',') ?? ['jslp', 'highs', 'auto']) as SolverChoice[];
  const add = (name: string, cells: Record<string, Cell>) => {
    const ref = cells.highs.median;
    for (const e of engines) {
      const c = cells[e];
      rows.push([name, e, fmt(c.median), fmt(c.engine), c.objective === null ? '—' : String(c.objective), c.proven ? 'yes' : 'no', ref && c.median ? `${(c.median / ref).toFixed(2)}×` : '—', c.note]);
    }
  };
  const only = values.only;
  const cases: [string, OptProblem][] = [...(only && only !== 'seed' ? [] : await seedProblems()), ...(only && only !== 'bacp' ? [] : bacpProblems())];
  if (only === 'pane') return paneNumbers();
  if (only === 'likeness') return likenessNumbers();
  if (only === 'audit') return auditNumbers();
  if (only === 'large') return largePlan();
  const bacpCells = new Map<string, Record<string, Cell>>();
  for (const [name, problem] of cases) {
    const cells: Record<string, Cell> = {};
    for (const e of engines) cells[e] = await measure(problem, e);
    add(name, cells);
    if (name.startsWith('BACP')) bacpCells.set(name, cells);
    process.stderr.write(`done: ${name}\n`);
  }
  if (!only || only === 'school') {
    const problems = await schoolProblems();
    const cells: Record<string, Cell> = {};
    for (const e of engines) cells[e] = await school(e, problems);
    add('school of 30 programmes (total)', cells);
  }
  const head = ['model', 'engine', `wall s (median of ${RUNS})`, 'in engine s', 'max weekly load', 'proven', 'vs HiGHS (wall)', 'note'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(`\nPlan Balancer bench — ${new Date().toISOString()} — time limit ${LIMIT}s per solve; wall = a solve on the thread's worker pool (the first run starts the worker and loads the engine cold; later runs reuse the warm worker, as a batch or the pane does); "in engine" = model building and staged solve inside the worker`);
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
  if (bacpCells.size) await binaryBacp(bacpCells);
  if (!only) await largePlan();
  if (!only || only === 'pane') await paneNumbers();
  if (!only) await likenessNumbers();
  if (!only) await auditNumbers();
}

/**
 * The audit on every real plan, in every mode, at 24, 28 and the plan's own largest load (HiGHS in this
 * process): binding norms broken by the change (must be 0), breaks the sheet already had and kept,
 * semesters raised above max(cap, their load before) and whether the optimizer proved each raise
 * needed, conflicts, seconds.
 */
async function auditNumbers(): Promise<void> {
  const dir = path.join(SHARED, 'data/real');
  if (!existsSync(dir)) return console.log('\naudit: skipped, ../shared/data/real is not beside this clone');
  const { optimizePlan } = await import('../src/core/optimizer');
  const { semesterLoads } = await import('../src/core/checker');
  const highs = highsBackend(await ((await import('highs')).default as unknown as () => Promise<HighsLike>)());
  const rows: string[][] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.xlsx')).sort()) {
    const { plan, rules } = await readRealPlan(path.join(dir, f));
    const own = Math.ceil(Math.max(...semesterLoads(plan, rules).filter((l) => !l.internship).map((l) => l.weeklyHours)) - 1e-9);
    for (const mode of ['keep', 'rebalance', 'plan'] as const)
      for (const cap of [...new Set([24, 28, own])]) {
        const t0 = performance.now();
        const r = optimizePlan(plan, { ...rules, weeklyCap: cap }, { cap, mode }, highs, LIMIT);
        const a = r.audit;
        rows.push([
          f.replace(/\.xlsx$/, ''),
          mode,
          `${cap}${cap === own ? ' (own)' : ''}`,
          a.ok ? 'yes' : 'NO',
          String(a.introduced.length),
          String(a.kept.length),
          a.raised.length ? `${a.raised.length} (${a.raised.filter((x) => x.needed).length} proven)` : '0',
          String(a.intoTakenWeeks.length),
          r.loads.map((l) => (l.teaching ? String(Math.round(l.weeklyHours * 10) / 10) : '·')).join('/'),
          String(r.conflicts.length),
          ((performance.now() - t0) / 1000).toFixed(1),
        ]);
      }
  }
  const head = ['plan', 'mode', 'cap', 'audit ok', 'norms broken by the change', 'kept as the sheet had them', 'raised above max(cap, before)', 'moved into taken weeks', 'loads after', 'conflicts', 's'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log('\naudit — every real plan, every mode, at 24, 28 and its own largest weekly load (符合国家规定)');
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}

/**
 * The plain binary model of each BACP instance (x[course][period], Σ x = 1, load and count windows,
 * prerequisites by period number, minimise the heaviest period) with the same HiGHS, in this process,
 * wasm load included — the reference the pattern model must beat.
 */
async function binaryBacp(ours: Map<string, Record<string, Cell>>): Promise<void> {
  const { emptyModel, addVar, addRow } = await import('../src/core/optimizer/model');
  const dir = path.join(SHARED, 'benchmarks/bacp');
  console.log(`\nBACP: the pattern model (above) against the plain binary model with HiGHS (in-process, wasm load included, median of ${RUNS})`);
  for (const [name, cells] of ours) {
    const n = Number(/BACP (\d+)/.exec(name)![1]);
    const b = parseBacp(readFileSync(path.join(dir, `bacp${n}.dat`), 'utf8'));
    const m = emptyModel();
    const L = addVar(m, 'L', 'continuous');
    const x = b.courses.map((c) => Array.from({ length: b.periods }, (_, p) => addVar(m, `x_${c.name}_${p + 1}`, 'binary')));
    x.forEach((row, i) => addRow(m, { name: `one_${i}`, terms: row.map((v) => ({ v, c: 1 })), op: '=', rhs: 1, rule: 'bacp', cells: [] }));
    for (let p = 0; p < b.periods; p++) {
      const load = b.courses.map((c, i) => ({ v: x[i][p], c: c.credits }));
      addRow(m, { name: `max_${p}`, terms: [...load, { v: L, c: -1 }], op: '<=', rhs: 0, rule: 'bacp', cells: [] });
      addRow(m, { name: `lo_${p}`, terms: load, op: '>=', rhs: b.minLoad, rule: 'bacp', cells: [] });
      addRow(m, { name: `hi_${p}`, terms: load, op: '<=', rhs: b.maxLoad, rule: 'bacp', cells: [] });
      const count = b.courses.map((_, i) => ({ v: x[i][p], c: 1 }));
      addRow(m, { name: `cmin_${p}`, terms: count, op: '>=', rhs: b.minCourses, rule: 'bacp', cells: [] });
      addRow(m, { name: `cmax_${p}`, terms: count, op: '<=', rhs: b.maxCourses, rule: 'bacp', cells: [] });
    }
    const at = new Map(b.courses.map((c, i) => [c.name, i]));
    b.prereq.forEach(([after, before], k) => {
      const ia = at.get(after)!;
      const ib = at.get(before)!;
      addRow(m, { name: `pre_${k}`, terms: [...x[ia].map((v, p) => ({ v, c: p + 1 })), ...x[ib].map((v, p) => ({ v, c: -(p + 1) }))], op: '>=', rhs: 1, rule: 'bacp', cells: [] });
    });
    m.objective = [{ v: L, c: 1 }];
    const times: number[] = [];
    let objective: number | null = null;
    let proven = false;
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now();
      const highs = highsBackend(await ((await import('highs')).default as unknown as () => Promise<HighsLike>)());
      const out = highs.solve(m, { timeLimitSec: LIMIT });
      times.push((performance.now() - t0) / 1000);
      objective = out.objective;
      proven = out.status === 'optimal';
    }
    times.sort((a, c) => a - c);
    const ref = times[Math.floor(times.length / 2)];
    const mine = cells.highs.engine ?? cells.highs.median;
    console.log(
      `  ${name}: binary model ${fmt(ref)} s (${proven ? 'proven' : 'not proven'}, ${objective === null ? '—' : Math.round(objective)}) · pattern model in engine ${fmt(mine)} s (${cells.highs.proven ? 'proven' : 'not proven'}, ${cells.highs.objective ?? '—'}), wall ${fmt(cells.highs.median)} s · ${mine && ref ? `${(ref / mine).toFixed(1)}× faster in engine` : ''}`,
    );
  }
}

/** Expert-likeness on every real plan (scripts/likeness.ts): HiGHS in this process. */
async function likenessNumbers(): Promise<void> {
  const dir = path.join(SHARED, 'data/real');
  if (!existsSync(dir)) return console.log('\nexpert-likeness: skipped, ../shared/data/real is not beside this clone');
  const highs = highsBackend(await ((await import('highs')).default as unknown as () => Promise<HighsLike>)());
  const rows: Likeness[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.xlsx')).sort()) {
    const { plan, rules } = await readRealPlan(path.join(dir, f));
    rows.push(likeness(f.replace(/\.xlsx$/, ''), plan, rules, highs, LIMIT));
  }
  console.log(`\nexpert-likeness — mode plan at the school's own largest weekly load (placements freed), compared with the school's; mode rebalance 2 h/week below it`);
  console.log(likenessTable(rows));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
