/**
 * The written workbook is the school's own, changed only where the report says: every real plan and
 * the example, in every mode, at 24, 28 and the plan's own largest weekly load, through the CLI —
 * reviewed cell by cell (tests/helpers/written.ts).
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli';
import { check } from '../src/core/checker';
import { EXAMPLE, hasShared, SKIP_REASON, sharedPath } from './helpers/shared';
import { readBook, reviewWritten } from './helpers/written';


const REAL = hasShared ? readdirSync(sharedPath('data', 'real')).filter((f) => f.endsWith('.xlsx')).map((f) => sharedPath('data', 'real', f)) : [];
const MODES = ['keep', 'rebalance', 'plan'] as const;

describe.each([EXAMPLE, ...REAL])('%s', (file) => {
  it('every mode at 24, 28 and its own largest load: nothing outside the plan changed, read back as optimized, no finding the report did not name', async () => {
    const input = await readBook(file);
    const largest = Math.ceil(Math.max(...check(input.plan, input.rules).loads.filter((l) => !l.internship).map((l) => l.weeklyHours)) - 1e-9);
    const dir = mkdtempSync(path.join(tmpdir(), 'pb-written-'));
    const problems: string[] = [];
    for (const mode of MODES)
      for (const cap of [...new Set([24, 28, largest])]) {
        const out = path.join(dir, `${mode}-${cap}.xlsx`);
        const r = await cli(['optimize', file, '-o', out, '--mode', mode, '--cap', String(cap), '--solver', 'highs', '--json']);
        expect([0, 1], `${mode} ${cap}: ${r.err}`).toContain(r.code);
        const json = JSON.parse(r.out);
        const output = await readBook(out);
        for (const p of await reviewWritten(input, output, json, cap)) problems.push(`${mode} at ${cap}: ${p}`);
      }
    expect(problems).toEqual([]);
  }, 600_000);
});

if (!hasShared) it.skip(`real plans: ${SKIP_REASON}`, () => undefined);
