/**
 * The built pane in a real browser (Debian chromium): standalone mode end to end — open, detect,
 * check, optimize, apply, download, re-check the download, restore — and the same with a mocked
 * Office host. Screenshots of every step land in test-results/screenshots/.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/core/checker';
import { a1, isErrorValue } from '../../src/core/grid';
import { readWorkbook } from '../../src/core/reader';
import { PRESETS } from '../../src/core/rules';
import { loadWorkbook, workbookGrids } from '../../src/xlsx/read';
import { ARTIFACTS, DIST, hasChromium, launch, serveDist } from '../helpers/browser';
import { EXAMPLE, hasShared, sharedPath, withShared } from '../helpers/shared';

const built = existsSync(path.join(DIST, 'index.html'));
const reason = !hasChromium ? 'skipped: no chromium at /usr/bin/chromium (apt-get install chromium)' : 'skipped: dist/ not built (npm run build)';
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

describe.skipIf(!hasChromium || !built)(`task pane in chromium (${hasChromium && built ? 'chromium' : reason})`, () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveDist>>;
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await serveDist();
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(query = '', init?: string, bypassCSP = false): Promise<Page> {
    // bypassCSP only for injecting axe-core: the pane's own CSP forbids inline scripts, as it should.
    const page = await browser.newPage({ viewport: { width: 420, height: 900 }, acceptDownloads: true, bypassCSP });
    page.on('pageerror', (e) => errors.push(e.message));
    // No request may leave the machine: everything is served from this origin.
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url) && !/^(data|blob):/.test(r.url())) errors.push(`external request: ${r.url()}`);
    });
    if (init) await page.addInitScript(init);
    await page.goto(`${server.url}/index.html${query}`);
    return page;
  }

  it('fits the width Excel gives a task pane: no sideways scrolling at 320, 350 and 450 px, before and after optimizing', async () => {
    for (const width of [320, 350, 450]) {
      const page = await open('', undefined, true);
      await page.setViewportSize({ width, height: 900 });
      await page.setInputFiles('[data-testid=file-input]', EXAMPLE);
      await page.getByRole('heading', { name: /^检查/ }).waitFor();
      const fits = () => page.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth);
      expect(await fits(), `${width} px after check`).toBe(true);
      // Results first: the summary (errors, plan, loads, shares) is on the first screen.
      const summary = await page.locator('section[aria-labelledby=check-title]').boundingBox();
      expect(summary!.y + summary!.height, `${width} px summary bottom`).toBeLessThanOrEqual(900);
      await page.getByRole('button', { name: '开始优化' }).click();
      await page.getByRole('button', { name: '写入表格' }).waitFor({ timeout: 60_000 });
      expect(await fits(), `${width} px with the preview`).toBe(true);
      if (width === 350) {
        // The example's 23 changed courses fit in one screen: a compact row each.
        const rows = await page.locator('tr[data-kind]').evaluateAll((trs) => trs.map((r) => r.getBoundingClientRect().height));
        expect(rows).toHaveLength(23);
        expect(Math.max(...rows)).toBeLessThanOrEqual(28);
        expect(rows.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(900);
      }
      // Everything open (detection, rules) and still within the width and WCAG 2.2 AA.
      await page.getByRole('button', { name: '识别结果' }).click();
      await page.getByRole('button', { name: '规则' }).click();
      expect(await fits(), `${width} px with everything open`).toBe(true);
      await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: (ctx: unknown, o: unknown) => Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe;
        const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
        return r.violations.map((v) => `${v.id} (${v.nodes.length})`);
      });
      expect(violations, `${width} px`).toEqual([]);
      if (width === 350) await shot(page, '11-preview-350');
      await page.close();
    }
    expect(errors).toEqual([]);
  }, 120_000);

  it('what-if: caps 28 / 30 / 34 side by side in one table; choosing one previews it and writing it writes exactly that plan', async () => {
    const page = await open();
    await page.setInputFiles('[data-testid=file-input]', EXAMPLE);
    await page.getByRole('heading', { name: /^检查/ }).waitFor();
    await page.getByRole('button', { name: '比较情景' }).click();
    const table = page.getByRole('region', { name: '情景比较' });
    await table.waitFor({ timeout: 90_000 });
    expect(await page.locator('[data-scenario]').count()).toBe(3);
    expect(await page.locator('[data-scenario="34"]').innerText()).toMatch(/34[\s\S]*✗ 1/);
    expect(await page.locator('[data-scenario="28"]').innerText()).toMatch(/✗ [2-9]/);
    await shot(page, '12-what-if');
    await page.getByRole('button', { name: '选用周学时上限 34 的方案' }).click();
    await page.getByRole('button', { name: '写入表格' }).waitFor();
    expect(await page.locator('main').innerText()).toContain('调整的课程（23 门）');
    await page.getByRole('button', { name: '写入表格' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载结果工作簿' }).click()]);
    const file = path.join(ARTIFACTS, '..', 'what-if-34.xlsx');
    await download.saveAs(file);
    const { result } = await checkDownloaded(file, 34);
    expect(result.findings.filter((f) => f.rule === 'weekly-load')).toEqual([]);
    expect(result.loads.filter((l) => !l.internship).map((l) => l.weeklyHours)).toEqual([34, 34, 34, 34, 34]);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('what-if along other axes: internship in semester 4 vs 5+6, and keep vs rebalance; the chosen one is what gets written', async () => {
    const page = await open();
    await page.setInputFiles('[data-testid=file-input]', EXAMPLE);
    await page.getByRole('heading', { name: /^检查/ }).waitFor();
    await page.getByLabel('比较').selectOption('internship');
    expect(await page.getByLabel('实习学期（如 4, 5+6）').inputValue()).toBe('4, 5+6');
    await page.getByRole('button', { name: '比较情景' }).click();
    await page.getByRole('region', { name: '情景比较' }).waitFor({ timeout: 90_000 });
    expect(await page.locator('[data-scenario]').evaluateAll((trs) => trs.map((t) => t.getAttribute('data-scenario')))).toEqual(['4', '5+6']);
    await page.getByRole('button', { name: '选用实习在第 4 学期的方案' }).click();
    await page.getByRole('button', { name: '写入表格' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载结果工作簿' }).click()]);
    const file = path.join(ARTIFACTS, '..', 'what-if-internship-4.xlsx');
    await download.saveAs(file);
    const { plan } = await checkDownloaded(file, 28);
    const internship = plan.courses.find((c) => c.name.includes('实习'))!;
    expect(internship.placements.map((p, i) => (p?.hours ? i + 1 : 0)).filter(Boolean)).toEqual([4]);
    // Modes: a list of two or three, checked by name.
    await page.getByRole('button', { name: '恢复原表' }).click();
    await expect.poll(() => page.locator('nav [aria-current=step]').innerText()).toContain('检查');
    await page.getByLabel('比较').selectOption('mode');
    await page.getByRole('checkbox', { name: '保留已有安排' }).waitFor();
    expect(await page.getByRole('checkbox', { name: '调整已有安排' }).isChecked()).toBe(true);
    await page.getByRole('checkbox', { name: '调整已有安排' }).uncheck();
    expect(await page.getByRole('button', { name: '比较情景' }).isDisabled()).toBe(true);
    await page.getByRole('checkbox', { name: '重新排课' }).check();
    await page.getByRole('button', { name: '比较情景' }).click();
    await page.getByRole('region', { name: '情景比较' }).waitFor({ timeout: 90_000 });
    expect(await page.locator('[data-scenario]').count()).toBe(2);
    await page.getByRole('button', { name: '选用“重新排课”的方案' }).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('checks other workbooks at once at 350 px: a row per plan, a corrupt file one row, and the same summary workbook as check --summary', async () => {
    const page = await open();
    await page.setViewportSize({ width: 350, height: 900 });
    // Available before any workbook is opened here.
    await page.getByRole('button', { name: '检查其他工作簿' }).click();
    const plans = [EXAMPLE, ...(hasShared ? [sharedPath('data/real/bigdata-2022-draft.xlsx'), sharedPath('data/real/marketing-2020-word-table.xlsx')] : [])];
    await page.setInputFiles('[data-testid=review-input]', [
      ...plans.map((p) => ({ name: path.basename(p), mimeType: 'application/octet-stream', buffer: readFileSync(p) })),
      { name: 'ecommerce-copy.xlsx', mimeType: 'application/octet-stream', buffer: readFileSync(EXAMPLE) },
      { name: 'broken.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('not a workbook') },
    ]);
    const region = page.getByRole('region', { name: '检查其他工作簿' });
    await region.waitFor({ timeout: 60_000 });
    expect(await page.locator('tr[data-review]').count()).toBe(plans.length + 2);
    expect(await page.locator('tr[data-review="broken.xlsx"]').innerText()).toContain('无法读取');
    // 29 errors: the 23 unplaced courses, five total-row semesters over the cap, the elective share (the
    // total rows' 16 differences from the placed courses are those courses' hours, said in notes).
    expect(await page.locator('tr[data-review="ecommerce-2024.xlsx"]').innerText()).toMatch(/✖ 29[\s\S]*选修课/);
    expect(await region.innerText()).toMatch(new RegExp(`${plans.length + 2} 个工作簿：\\d+ 个有错误，1 个无法读取`));
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth)).toBe(true);
    await shot(page, '13-other-workbooks-350');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载汇总表' }).click()]);
    const file = path.join(ARTIFACTS, '..', 'review-summary.xlsx');
    await download.saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.rowCount).toBe(plans.length + 3);
    expect(ws.getRow(2).getCell(1).value).toBe('ecommerce-2024.xlsx');
    expect(ws.getRow(2).getCell(11).value).toBe(29);
    // The two copies of the example share every course: the 共享课程 sheet counts them per semester.
    const shared = wb.getWorksheet('共享课程')!;
    let zt: ExcelJS.Row | undefined;
    shared.eachRow((row) => row.getCell(1).value === '中国特色社会主义' && (zt = row));
    expect(zt!.getCell(3).value).toBe(2);
    expect(String(zt!.getCell(shared.getRow(1).cellCount).value)).toContain('ecommerce-copy');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('boots with the real office.js (@microsoft/office-js) outside Office and falls back to the standalone page', async () => {
    // Excel's pane loads office.js from Microsoft's CDN; here the same files come from the npm package.
    const officeDir = path.resolve(__dirname, '../../node_modules/@microsoft/office-js/dist');
    const page = await browser.newPage({ viewport: { width: 350, height: 900 }, acceptDownloads: true });
    const pageErrors: string[] = [];
    const missing: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.route('https://appsforoffice.microsoft.com/**', (route) => {
      const rel = new URL(route.request().url()).pathname.replace(/^\/lib\/1\/hosted\//, '');
      const file = path.join(officeDir, rel);
      if (file.startsWith(officeDir) && existsSync(file)) return route.fulfill({ path: file, contentType: 'text/javascript' });
      missing.push(rel);
      return route.fulfill({ status: 404, body: '' });
    });
    await page.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => (route.request().url().startsWith('https://appsforoffice.microsoft.com/') ? route.fallback() : route.abort()));
    await page.goto(`${server.url}/taskpane.html`);
    expect(await page.evaluate(() => typeof (window as unknown as { Office?: { onReady?: unknown } }).Office?.onReady)).toBe('function');
    // Not inside Excel: Office.onReady reports no host, and the pane offers to open a file instead.
    await page.getByRole('button', { name: '打开工作簿…' }).waitFor({ timeout: 20_000 });
    await page.setInputFiles('[data-testid=file-input]', EXAMPLE);
    await page.getByRole('heading', { name: /^检查/ }).waitFor();
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 60_000);

  async function setCap(page: Page, label: string, value: string) {
    const field = page.getByLabel(label, { exact: true });
    // The rules fold away below the results; open them first.
    if (!(await field.isVisible())) await page.getByRole('button', { name: /^(规则|Rules)$/ }).click();
    await field.fill(value);
    await field.press('Enter');
  }

  async function checkDownloaded(file: string, cap: number) {
    const wb = await loadWorkbook(readFileSync(file));
    const plan = readWorkbook(workbookGrids(wb)).chosen!.plan;
    return { wb, plan, result: check(plan, { ...PRESETS.zhongzhi, weeklyCap: cap }) };
  }

  it('the example: detect, check, optimize at 34, apply, download, re-check, restore', async () => {
    const page = await open();
    await shot(page, '01-open');
    await page.setInputFiles('[data-testid=file-input]', EXAMPLE);
    await page.getByRole('heading', { name: /^检查/ }).waitFor();
    // Results first: the summary (sheet, level, errors, loads, shares) is in the first screen.
    const top = await page.getByRole('heading', { name: /^检查/ }).boundingBox();
    expect(top!.y + top!.height).toBeLessThan(900);
    const text = await page.locator('main').innerText();
    expect(text).toContain('教学进程安排表 · 按中职检查');
    expect(text).toContain('选修课 360 学时，占总学时 3660 的 9.84%');
    // How the sheet was read folds away below, one click open.
    await page.getByRole('button', { name: '识别结果' }).click();
    expect(await page.locator('main').innerText()).toMatch(/课程\s+32/);
    await shot(page, '02-detect-and-check');

    await setCap(page, '周学时上限', '34');
    await page.getByRole('button', { name: '开始优化' }).click();
    await page.getByRole('button', { name: '写入表格' }).waitFor({ timeout: 60_000 });
    const preview = await page.locator('main').innerText();
    expect(preview).toContain('调整的课程（23 门）');
    expect(preview).toMatch(/已找到最优方案|规则无法同时满足/);
    // The findings under the preview are the preview's: the unplaced courses it placed are gone.
    expect(preview).toContain('以下为预览结果的检查');
    expect(await page.locator('[data-rule=course-unplaced]').count()).toBe(0);
    // The 合计 rows that gave the unplaced courses their semesters ahead now say where they went: no sub-total is left wrong.
    expect(await page.locator('[data-rule=subtotal-mismatch]').count()).toBe(0);
    await shot(page, '03-preview');

    await page.getByRole('button', { name: '写入表格' }).click();
    await page.getByRole('button', { name: '下载结果工作簿' }).waitFor();
    await shot(page, '04-applied');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载结果工作簿' }).click()]);
    expect(download.suggestedFilename()).toBe('ecommerce-2024.optimized.xlsx');
    const file = path.join(ARTIFACTS, '..', 'ecommerce-2024.optimized.xlsx');
    await download.saveAs(file);

    const { wb, result } = await checkDownloaded(file, 34);
    expect(result.loads.filter((l) => !l.internship).map((l) => l.weeklyHours)).toEqual([34, 34, 34, 34, 34]);
    // The downloaded file checks to exactly what the preview said was left.
    const errorsAfter = result.findings.filter((f) => f.severity === 'error').map((f) => f.rule);
    expect(new Set(errorsAfter)).toEqual(new Set(['share-elective']));
    expect(wb.getWorksheet('优化报告')).toBeTruthy();
    // Which optimum the engines pick may differ; some course's semester cell carries the note.
    const ws = wb.getWorksheet('教学进程安排表')!;
    let noted = 0;
    ws.eachRow((row) => row.eachCell((cell) => void (cell.note && typeof cell.value === 'number' && noted++)));
    expect(noted).toBeGreaterThan(20);

    await page.getByRole('button', { name: '恢复原表' }).click();
    await page.getByText('已恢复写入前的全部数值').waitFor();
    await expect.poll(() => page.locator('[data-rule=course-unplaced]').count()).toBeGreaterThan(0);
    await shot(page, '05-restored');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('cap 28 shows the conflict report with each fix in one sentence', async () => {
    const page = await open('?lang=en');
    await page.setInputFiles('[data-testid=file-input]', EXAMPLE);
    await page.getByRole('heading', { name: /^Check/ }).waitFor();
    await page.getByRole('button', { name: 'Optimize', exact: true }).click();
    await page.getByRole('button', { name: 'Write to sheet' }).waitFor({ timeout: 60_000 });
    const text = await page.locator('main').innerText();
    expect(text).toContain('The rules cannot all hold');
    // The five semesters that need the same are one line.
    expect(text).toContain('Semesters 1, 2, 3, 5 and 6 each need 34 h/week, the cap is 28: 6 h/week over and no other semester has room');
    expect(text).toContain("raise each one's cap to 34, or cut 108 h from each");
    expect(text).toContain('either raise the cap to 34 or cut 540 hours');
    // The three modes, one sentence each, the one the plan calls for chosen.
    for (const name of ['keep what is placed', 'rebalance', 'plan from scratch']) await page.getByRole('radio', { name: new RegExp(`^${name}`) }).waitFor();
    expect(await page.getByRole('radio', { name: /^keep what is placed/ }).isChecked()).toBe(true);
    expect(text).toContain('Meet the rules (such as the weekly cap) first, moving as few courses and hours as possible');
    await shot(page, '06-conflicts-en');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('cancel stops the solve and leaves the sheet alone', async () => {
    const page = await open();
    await page.setInputFiles('[data-testid=file-input]', EXAMPLE);
    await page.getByRole('heading', { name: /^检查/ }).waitFor();
    await page.getByRole('button', { name: '开始优化' }).click();
    await page.getByRole('button', { name: '取消' }).click();
    await page.getByText('已取消优化，表格未被修改。').waitFor();
    expect(await page.getByRole('button', { name: '写入表格' }).count()).toBe(0);
    await page.close();
  });

  it.each([320, 350, 450])('at %i px the whole flow works from the keyboard alone (optimize, compare, choose, write, restore) and passes axe (WCAG 2.2 AA)', async (width) => {
    const page = await open('', undefined, true);
    await page.setViewportSize({ width, height: 900 });
    await page.setInputFiles('[data-testid=file-input]', EXAMPLE);
    await page.getByRole('heading', { name: /^检查/ }).waitFor();
    const step = () => page.locator('nav [aria-current=step]').innerText();
    expect(await step()).toContain('检查');
    const tabTo = async (label: string) => {
      for (let i = 0; i < 200; i++) {
        if (await page.evaluate((l) => document.activeElement?.textContent === l || document.activeElement?.getAttribute('aria-label') === l, label)) return true;
        await page.keyboard.press('Tab');
      }
      return false;
    };
    expect(await tabTo('开始优化')).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: '写入表格' }).waitFor({ timeout: 60_000 });
    expect(await step()).toContain('审阅');
    expect(await tabTo('比较情景')).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('region', { name: '情景比较' }).waitFor({ timeout: 90_000 });
    expect(await tabTo('选用周学时上限 34 的方案')).toBe(true);
    await page.keyboard.press('Enter');
    expect(await tabTo('写入表格')).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: '恢复原表' }).waitFor();
    await expect.poll(step).toContain('写入');
    expect(await tabTo('恢复原表')).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(step).toContain('检查');
    await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (ctx: unknown, o: unknown) => Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe;
      const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
      return r.violations.map((v) => `${v.id} (${v.nodes.length})`);
    });
    expect(violations).toEqual([]);
    await page.close();
  });

  it('says clearly when a file is not a workbook', async () => {
    const page = await open();
    await page.setInputFiles('[data-testid=file-input]', { name: 'notes.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('hello') });
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('不是 .xlsx 工作簿');
    await page.close();
  });

  it('a workbook with a merge over the whole sheet, or too much data, ends in a plan or a message — the tab never dies', async () => {
    const JSZip = (await import('jszip')).default;
    const zip = await JSZip.loadAsync(readFileSync(EXAMPLE));
    const xml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    zip.file('xl/worksheets/sheet1.xml', xml.replace(/<mergeCells count="(\d+)">/, (_, n) => `<mergeCells count="${Number(n) + 1}"><mergeCell ref="A60:XFD1048576"/>`));
    const merged = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    const page = await open();
    await page.setInputFiles('[data-testid=file-input]', { name: 'merge.xlsx', mimeType: 'application/octet-stream', buffer: merged });
    await page.getByRole('heading', { name: /^检查/ }).waitFor({ timeout: 20_000 });
    expect(await page.locator('main').innerText()).toContain('教学进程安排表');
    zip.file('xl/worksheets/sheet1.xml', xml.replace('</sheetData>', '<row r="40000"><c r="B40000"><v>1</v></c></row></sheetData>'));
    const big = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    await page.setInputFiles('[data-testid=file-input]', { name: 'big.xlsx', mimeType: 'application/octet-stream', buffer: big });
    await expect.poll(() => page.getByRole('alert').first().innerText(), { timeout: 20_000 }).toContain('超过本工具的上限');
    expect(errors).toEqual([]);
    await page.close();
  });

  it.skipIf(!hasShared)(withShared('the real draft workbook: detect, check, optimize, apply, download, re-check'), async () => {
    const page = await open();
    await page.setInputFiles('[data-testid=file-input]', sharedPath('data/real/bigdata-2022-draft.xlsx'));
    await page.getByRole('heading', { name: /^检查/ }).waitFor();
    const text = await page.locator('main').innerText();
    expect(text).toContain('教学进程表1');
    await shot(page, '07-real-check');
    // A placed plan is rebalanced by default: few moves, "X or Y" columns resolved, moved courses first.
    expect(await page.getByRole('radio', { name: /^调整已有安排/ }).isChecked()).toBe(true);
    await page.getByRole('button', { name: '开始优化' }).click();
    await page.getByRole('button', { name: '写入表格' }).waitFor({ timeout: 60_000 });
    const preview = await page.locator('main').innerText();
    expect(preview).toMatch(/↔ 移动 \d+ 门 · ◐ 二选一取定 \d+ 门/);
    expect(await page.locator('tr[data-kind=chosen] th').first().getAttribute('title')).toMatch(/表中写在第\d、\d学期（二选一），取第\d学期/);
    expect(await page.getByRole('list', { name: '移动的课程及原因' }).innerText()).toMatch(/移出第\d学期：该学期原为 [\d.]+ 学时\/周，超过上限 28/);
    const kinds = await page.locator('tr[data-kind]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')));
    const rank = kinds.map((k) => ['moved', 'chosen', 'placed'].indexOf(k ?? ''));
    expect(rank).toEqual([...rank].sort((a, b) => a - b));
    expect(rank[0]).toBe(0);
    await shot(page, '08-real-preview');
    await page.getByRole('button', { name: '写入表格' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载结果工作簿' }).click()]);
    const file = path.join(ARTIFACTS, '..', 'bigdata-2022-draft.optimized.xlsx');
    await download.saveAs(file);
    const { wb } = await checkDownloaded(file, 28);
    // Every sheet the user had is still there, and formulas stay formulas.
    expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['教学进程表1', '教学进程表2', '实践教学', '课时学分统计']));
    expect(wb.getWorksheet('教学进程表1')!.getCell('I24').formula).toBe('SUM(I9:I23)');
    expect(errors).toEqual([]);
    await page.close();
  });

  it.skipIf(!hasShared)(withShared('the real workbook: the pane lists the sheets it combined, and one can be left out'), async () => {
    const page = await open();
    await page.setInputFiles('[data-testid=file-input]', sharedPath('data/real/bigdata-2022-draft.xlsx'));
    await page.getByRole('heading', { name: /^检查/ }).waitFor();
    await page.getByRole('button', { name: '识别结果' }).click();
    const list = page.getByRole('region', { name: '方案由哪些工作表组成' }).or(page.locator('section[aria-labelledby=sheets-title]'));
    const text = await list.innerText();
    for (const [sheet, role] of [['教学进程表2', '课程表'], ['实践教学', '实践教学表'], ['课时学分统计', '汇总表'], ['附表1.专业群任选模块课程', '目录（不计入）']]) expect(text).toContain(`${sheet} — ${role}`);
    expect(await page.locator('main').innerText()).toContain('按高职检查');
    const checkHeading = page.getByRole('heading', { name: /^检查/ });
    const before = await checkHeading.innerText();
    await page.getByRole('checkbox', { name: '计入方案：教学进程表2' }).scrollIntoViewIfNeeded();
    await shot(page, '09-real-sheets');
    await page.getByRole('checkbox', { name: '计入方案：教学进程表2' }).click();
    await expect.poll(() => list.innerText()).toContain('教学进程表2 — 已排除');
    // Without the module sheet the plan loses its electives: the check says so.
    await expect.poll(() => checkHeading.innerText()).not.toBe(before);
    expect(await page.locator('main').innerText()).toMatch(/选修课 0 学时|Electives: 0 h/);
    await page.getByRole('checkbox', { name: '计入方案：教学进程表2' }).click();
    await expect.poll(() => checkHeading.innerText()).toBe(before);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('inside a (mocked) Excel host: reads the active sheet, applies to it, restores it', async () => {
    const grid = workbookGrids(await loadWorkbook(readFileSync(EXAMPLE)))[0];
    const cells: Record<string, { value: unknown; formula?: string }> = {};
    grid.cells.forEach((row, r) =>
      row.forEach((c, col) => {
        if (c) cells[a1(r, col)] = { value: c.v === null ? '' : isErrorValue(c.v) ? c.v.error : c.v, ...(c.f ? { formula: c.f } : {}) };
      }),
    );
    const sheets = { [grid.sheet]: { cells, merges: grid.merges.map((m) => `${a1(m.r0, m.c0)}:${a1(m.r1, m.c1)}`) } };
    const fakeSource = readFileSync(path.join(__dirname, '../helpers/fake-excel.js'), 'utf8');
    const init = `${fakeSource}\n;(() => { const f = globalThis.createFakeExcel(${JSON.stringify(sheets)}, { displayLanguage: 'zh-CN' }); window.Office = f.Office; window.Excel = f.Excel; window.__fake = f; })();`;
    const page = await open('', init);
    await page.getByRole('heading', { name: /^检查/ }).waitFor();
    expect(await page.getByRole('button', { name: '打开工作簿…' }).count()).toBe(0); // Excel mode: no file picker
    await setCap(page, '周学时上限', '34');
    await page.getByRole('button', { name: '开始优化' }).click();
    await page.getByRole('button', { name: '写入表格' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: '写入表格' }).click();
    await page.getByRole('button', { name: '恢复原表' }).waitFor();
    await shot(page, '09-excel-host-applied');
    const after = await page.evaluate(() => {
      const f = (window as unknown as { __fake: { sheets: Record<string, { cells: Record<string, { value: unknown; fill?: string; note?: string }> }>; log: { runs: { mergeUndoGroup: boolean }[] } } }).__fake;
      const s = f.sheets['教学进程安排表'].cells;
      // A semester cell that the add-in wrote and marked.
      const address = Object.keys(s).find((k) => /^[FHJLNP]([4-9]|[1-3]\d)$/.test(k) && typeof s[k].value === 'number' && s[k].fill === '#FFF4CE');
      const c = address ? s[address] : undefined;
      return { address, value: c?.value, fill: c?.fill, note: c?.note, report: !!f.sheets['优化报告'], undo: f.log.runs.some((r) => r.mergeUndoGroup) };
    });
    expect(after.address).toBeTruthy();
    expect(after.value).toBeGreaterThan(0);
    expect(after.note).toContain('教学计划平衡器');
    expect(after.report).toBe(true);
    expect(after.undo).toBe(true);
    await page.getByRole('button', { name: '恢复原表' }).click();
    await page.getByText('已恢复写入前的全部数值').waitFor();
    const restored = await page.evaluate((address) => {
      const f = (window as unknown as { __fake: { sheets: Record<string, { cells: Record<string, { value: unknown; fill?: string; note?: string }> }> } }).__fake;
      const c = f.sheets['教学进程安排表'].cells[address];
      return { value: c?.value ?? '', fill: c?.fill ?? null, note: c?.note ?? null };
    }, after.address!);
    expect(restored).toEqual({ value: cells[after.address!]?.value ?? '', fill: null, note: null });
    await shot(page, '10-excel-host-restored');
    expect(errors).toEqual([]);
    await page.close();
  });
});
