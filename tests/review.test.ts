/**
 * The pane's "check other workbooks" builds each plan's review line in the core from the grids; the
 * CLI batch builds it from `check --json`. The two must give the same figures for every workbook.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { summaryRow } from '../src/cli/batch';
import { main } from '../src/cli/main';
import { reviewGrids, reviewWorkbook } from '../src/core/review';
import { sharedCourses } from '../src/core/shared';
import { coursesOfCheck } from '../src/cli/sharedBatch';
import { resolveRules } from '../src/core/rules';
import { loadWorkbook, workbookGrids } from '../src/xlsx/read';
import { EXAMPLE, hasShared, sharedPath } from './helpers/shared';

const files = [EXAMPLE, ...(hasShared ? readdirSync(sharedPath('data/real')).filter((f) => f.endsWith('.xlsx')).map((f) => sharedPath('data/real', f)) : [])];

describe('review line: the pane (core, from grids) and the CLI batch (from check --json) agree', () => {
  it.each(files.map((f) => [path.basename(f), f]))('%s', async (_name, file) => {
    const out: string[] = [];
    const code = await main(['check', file, '--json'], { out: (s) => out.push(s), err: () => undefined });
    const fromCli = summaryRow({ file, code, json: JSON.parse(out.join('\n')) }, 'zh');
    const grids = workbookGrids(await loadWorkbook(readFileSync(file), path.basename(file)));
    const fromPane = reviewGrids(path.basename(file), grids, (level) => resolveRules(level ?? 'zhongzhi', {}).rules, 'zh');
    expect(fromPane).toEqual(fromCli);
    expect(fromPane.totalHours).toBeGreaterThan(0);
  }, 60_000);
});

it('the shared-course counts agree too: the pane from its own read, the CLI from check --json', async () => {
  const pane = [];
  const cli = [];
  for (const file of [EXAMPLE, ...files]) {
    const out: string[] = [];
    await main(['check', file, '--json'], { out: (s) => out.push(s), err: () => undefined });
    cli.push(coursesOfCheck(file, JSON.parse(out.join('\n'))));
    const grids = workbookGrids(await loadWorkbook(readFileSync(file), path.basename(file)));
    pane.push(reviewWorkbook(path.basename(file), grids, (level) => resolveRules(level ?? 'zhongzhi', {}).rules, 'zh').courses!);
  }
  // The example twice (under one name) and every real plan: its courses are shared with itself.
  expect(sharedCourses(pane)).toEqual(sharedCourses(cli));
  expect(sharedCourses(pane).length).toBeGreaterThan(10);
}, 120_000);
