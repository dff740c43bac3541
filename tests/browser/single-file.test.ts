/**
 * plan-balancer.html as a clerk gets it: one file, copied alone into a folder and opened from disk
 * (file://, origin "null"), with every network request refused. Check → optimize → what-if → write →
 * download, on Web Workers started from the page itself; and the page-thread fallback where no worker
 * may start at all (dist/index.html opened from disk used to spin for ever on 开始优化).
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/core/checker';
import { readWorkbook } from '../../src/core/reader';
import { PRESETS } from '../../src/core/rules';
import { loadWorkbook, workbookGrids } from '../../src/xlsx/read';
import { ARTIFACTS, DIST, hasChromium, launch } from '../helpers/browser';
import { EXAMPLE } from '../helpers/shared';

const SINGLE = path.join(DIST, 'plan-balancer.html');
const built = existsSync(SINGLE);
const reason = !hasChromium ? 'skipped: no chromium at /usr/bin/chromium (apt-get install chromium)' : 'skipped: dist/plan-balancer.html not built (npm run build)';

describe.skipIf(!hasChromium || !built)(`the single offline file from file:// (${hasChromium && built ? 'chromium' : reason})`, () => {
  let browser: Browser;
  let folder: string;
  beforeAll(async () => {
    // Alone in a folder: nothing beside it to load.
    folder = mkdtempSync(path.join(tmpdir(), 'pb-single-'));
    copyFileSync(SINGLE, path.join(folder, 'plan-balancer.html'));
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** A page with the network refused: anything but the file itself, data: and blob: is recorded and aborted. */
  async function openFile(file: string, init?: string, besideIt = false): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ viewport: { width: 350, height: 900 }, acceptDownloads: true });
    await context.setOffline(true);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await context.route('**/*', (route) => {
      const url = route.request().url();
      const ok = url === pathToFileURL(file).href || /^(data|blob):/.test(url) || (besideIt && url.startsWith(pathToFileURL(path.dirname(file)).href + '/'));
      if (ok) return route.continue();
      problems.push(`request: ${url}`);
      return route.abort();
    });
    if (init) await page.addInitScript(init);
    await page.goto(pathToFileURL(file).href);
    return { page, problems };
  }

  async function checkDownloaded(file: string, cap: number) {
    const plan = readWorkbook(workbookGrids(await loadWorkbook(readFileSync(file)))).chosen!.plan;
    return check(plan, { ...PRESETS.zhongzhi, weeklyCap: cap });
  }

  it('check → optimize → what-if → write → download, offline, on workers started from the page', async () => {
    const { page, problems } = await openFile(path.join(folder, 'plan-balancer.html'));
    expect(await page.evaluate(() => self.origin)).toBe('null');
    await page.setInputFiles('[data-testid=file-input]', EXAMPLE);
    await page.getByRole('heading', { name: /^检查/ }).waitFor({ timeout: 30_000 });
    expect(await page.locator('main').innerText()).toContain('教学进程安排表');

    await page.getByRole('button', { name: '开始优化' }).click();
    await page.getByRole('button', { name: '写入表格' }).waitFor({ timeout: 90_000 });
    // Workers ran it: the page never had to fall back to solving on itself.
    expect(await page.getByText('不能使用后台计算').count()).toBe(0);
    expect(await page.locator('main').innerText()).toContain('调整的课程（23 门）');

    // What-if: two caps side by side; the 34 one is written.
    await page.getByLabel('上限（2–4 个，逗号分隔）').fill('30, 34');
    await page.getByRole('button', { name: '比较情景' }).click();
    await page.getByRole('region', { name: '情景比较' }).waitFor({ timeout: 120_000 });
    expect(await page.locator('[data-scenario]').count()).toBe(2);
    await page.getByRole('button', { name: '选用周学时上限 34 的方案' }).click();
    await page.getByRole('button', { name: '写入表格' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载结果工作簿' }).click()]);
    expect(download.suggestedFilename()).toBe('ecommerce-2024.optimized.xlsx');
    const file = path.join(ARTIFACTS, '..', 'single-file.optimized.xlsx');
    await download.saveAs(file);
    const result = await checkDownloaded(file, 34);
    expect(result.loads.filter((l) => !l.internship).map((l) => l.weeklyHours)).toEqual([34, 34, 34, 34, 34]);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 300_000);

  it('where no worker may start, the solve runs on the page itself and says so first', async () => {
    // A browser that refuses every worker: the constructor throws, as Chrome's does for a file:// worker script.
    const noWorkers = `window.Worker = function () { throw new DOMException("Failed to construct 'Worker'", 'SecurityError'); };`;
    const { page, problems } = await openFile(path.join(folder, 'plan-balancer.html'), noWorkers);
    await page.setInputFiles('[data-testid=file-input]', EXAMPLE);
    await page.getByRole('heading', { name: /^检查/ }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: '开始优化' }).click();
    await page.getByText('不能使用后台计算').waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: '写入表格' }).waitFor({ timeout: 90_000 });
    expect(await page.locator('main').innerText()).toContain('调整的课程（23 门）');
    expect(problems).toEqual([]);
    await page.context().close();
  }, 180_000);

  it.skipIf(!existsSync(path.join(DIST, 'index.html')))(`dist/index.html opened from disk no longer hangs: its workers cannot start, so the page solves${existsSync(path.join(DIST, 'index.html')) ? '' : ' (skipped: dist/index.html not built)'}`, async () => {
    // The files beside it may load here (that page is not the single file); the network may not.
    const { page, problems } = await openFile(path.join(DIST, 'index.html'), undefined, true);
    await page.setInputFiles('[data-testid=file-input]', EXAMPLE);
    await page.getByRole('heading', { name: /^检查/ }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: '开始优化' }).click();
    await page.getByRole('button', { name: '写入表格' }).waitFor({ timeout: 120_000 });
    expect(await page.locator('main').innerText()).toMatch(/规则无法同时满足|已找到/);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 180_000);
});
