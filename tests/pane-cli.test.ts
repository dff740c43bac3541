/**
 * The pane and the CLI give the same workbook: the same input and settings, through the pane's file
 * host (its reading, its settings, its apply and download bytes) and through `optimize`, equal cell by
 * cell on every sheet, the report sheet included. Both use HiGHS alone, so the same optimum is chosen.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main';
import { optimizeRequest } from '../src/core/pipeline';
import { readWorkbook } from '../src/core/reader';
import { readOptionsOf } from '../src/core/rules';
import { nodeEngine } from '../src/node/solver';
import { DEFAULT_SETTINGS, paneSettings, rulesOf } from '../src/taskpane/settings';
import { openFileHost } from '../src/xlsx/browser/fileHost';
import { loadWorkbook } from '../src/xlsx/read';
import { workbookSnapshot } from '../src/xlsx/snapshot';
import { EXAMPLE, hasShared, sharedPath } from './helpers/shared';

const REAL = hasShared ? readdirSync(sharedPath('data', 'real')).filter((f) => f.endsWith('.xlsx')).map((f) => sharedPath('data', 'real', f)) : [];

async function snapshot(bytes: Uint8Array) {
  return workbookSnapshot(await loadWorkbook(bytes)).map((s) => ({ sheet: s.sheet, cells: Object.fromEntries(s.cells) }));
}

describe.each([EXAMPLE, ...REAL])('%s', (file) => {
  it.each(['keep', 'rebalance', 'plan'] as const)('%s at 28 h/week: the pane writes exactly what the CLI writes', async (mode) => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'pb-pane-cli-')), 'cli.xlsx');
    const code = await main(['optimize', file, '-o', out, '--mode', mode, '--cap', '28', '--solver', 'highs', '--time-limit', '30'], { out: () => undefined, err: () => undefined });
    expect([0, 1]).toContain(code);

    // The pane, as it runs in the standalone page: open the file, read it with its settings, optimize, apply, download.
    const bytes = readFileSync(file);
    const host = await openFileHost({ name: path.basename(file), size: bytes.length, arrayBuffer: async () => new Uint8Array(bytes).buffer });
    const grids = await host.readGrids();
    const read = readOptionsOf(rulesOf(DEFAULT_SETTINGS));
    const plan = readWorkbook(grids, read).chosen!.plan;
    const rules = rulesOf(DEFAULT_SETTINGS, plan.level?.level);
    const outcome = await optimizeRequest({ plan, grids, read, rules, settings: paneSettings({ mode, timeLimitSec: 30, maxSpan: 4, totalSlack: 0, cap: 28 }), timeLimitSec: 30 }, nodeEngine('highs'));
    expect(outcome.kind).toBe('done');
    if (outcome.kind !== 'done') return;
    await host.applyPatch(outcome.optimized.patch);
    expect(await snapshot(await host.bytes())).toEqual(await snapshot(readFileSync(out)));
  }, 120_000);
});
