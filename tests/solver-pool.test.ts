/**
 * The CLI's solving workers are kept warm between solves (HiGHS's WebAssembly tiers up in V8 only in a
 * worker that lives on): answers stay the same, a killed worker is never reused, and an idle pool never
 * keeps the process from exiting.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { problemFromPlan, type OptProblem } from '../src/core/optimizer';
import { readWorkbook } from '../src/core/reader';
import { PRESETS } from '../src/core/rules';
import { solve, solveInWorker } from '../src/node/solver';
import { loadWorkbook, workbookGrids } from '../src/xlsx/read';
import { EXAMPLE } from './helpers/shared';

let problem: OptProblem;
beforeAll(async () => {
  const plan = readWorkbook(workbookGrids(await loadWorkbook(readFileSync(EXAMPLE)))).chosen!.plan;
  problem = problemFromPlan(plan, { ...PRESETS.zhongzhi, weeklyCap: 34 }, { cap: 34 }).problem;
});

describe('solver worker pool', () => {
  it('solves again and again on the pool with the same answer; auto is proven like HiGHS alone', async () => {
    const a = await solve(problem, 'highs', 30);
    const b = await solve(problem, 'highs', 30);
    const c = await solve(problem, 'auto', 30);
    for (const r of [a, b, c]) expect(r.solution?.status).toBe('optimal');
    expect(b.solution!.maxLoad).toBe(a.solution!.maxLoad);
    expect(c.solution!.maxLoad).toBe(a.solution!.maxLoad);
    expect(b.solution!.courses).toEqual(a.solution!.courses);
  }, 120_000);

  it('a solve stopped midway is killed, and the next one still answers', async () => {
    const ac = new AbortController();
    const stopped = solveInWorker(problem, 'jslp', 30, ac.signal);
    setTimeout(() => ac.abort(), 50);
    expect((await stopped).killed).toBe(true);
    const next = await solveInWorker(problem, 'highs', 30);
    expect(next.solution?.status).toBe('optimal');
  }, 120_000);

  it('warm idle workers never keep the process alive', () => {
    const script = `
      require('tsx/cjs');
      const { readFileSync } = require('node:fs');
      const { solve } = require(${JSON.stringify(path.resolve(__dirname, '../src/node/solver.ts'))});
      const problem = JSON.parse(readFileSync(0, 'utf8'));
      solve(problem, 'highs', 30).then((r) => console.log(r.solution.status));
    `;
    const r = spawnSync(process.execPath, ['-e', script], { input: JSON.stringify(problem), encoding: 'utf8', timeout: 60_000 });
    expect(r.error).toBeUndefined();
    expect(r.stdout.trim()).toBe('optimal');
    expect(r.status).toBe(0);
  }, 90_000);

  it('a worker started ahead (the CLI starts one while it reads the workbook) answers the solve, and left unused it does not hold the process', () => {
    const solver = JSON.stringify(path.resolve(__dirname, '../src/node/solver.ts'));
    const used = `
      require('tsx/cjs');
      const { readFileSync } = require('node:fs');
      const { prewarm, solve } = require(${solver});
      prewarm('highs');
      const problem = JSON.parse(readFileSync(0, 'utf8'));
      solve(problem, 'highs', 30).then((r) => console.log(r.solution.status, r.attempts.length));
    `;
    const a = spawnSync(process.execPath, ['-e', used], { input: JSON.stringify(problem), encoding: 'utf8', timeout: 60_000 });
    expect(a.stdout.trim()).toBe('optimal 1');
    expect(a.status).toBe(0);
    const unused = `require('tsx/cjs'); require(${solver}).prewarm('highs'); console.log('done');`;
    const b = spawnSync(process.execPath, ['-e', unused], { encoding: 'utf8', timeout: 30_000 });
    expect(b.error).toBeUndefined();
    expect(b.stdout.trim()).toBe('done');
    expect(b.status).toBe(0);
  }, 90_000);
});
