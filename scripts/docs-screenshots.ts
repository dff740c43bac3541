/**
 * Screenshots for the README (docs/*.png) and the pane at every width it is used at (docs/screens/):
 * 320, 350, 450 and 1280 px, light and dark, Chinese and English, for the bundled example and for a
 * ten-semester 3+2 plan (../shared/data/real/fashion-3plus2-2020-word-table.xlsx, when ../shared is
 * beside this clone). Taken from the built standalone page in Debian chromium after optimizing: the
 * check's charts, the preview's before/after chart and the changes grid are all on the page.
 *   npm run build && npx tsx scripts/docs-screenshots.ts
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launch, serveDist } from '../tests/helpers/browser';

const DOCS = path.join(__dirname, '../docs');
const SCREENS = path.join(DOCS, 'screens');
const EXAMPLE = path.join(__dirname, '../examples/ecommerce-2024.xlsx');
const LONG = path.join(__dirname, '../../shared/data/real/fashion-3plus2-2020-word-table.xlsx');

async function readmePictures(browser: Browser, url: string): Promise<void> {
  // Excel opens a task pane about 350 px wide: the README's pictures are taken at that width.
  const page = await browser.newPage({ viewport: { width: 350, height: 820 } });
  await page.goto(`${url}/index.html`);
  await page.screenshot({ path: path.join(DOCS, 'pane-first-run.png') });
  await page.evaluate(() => localStorage.setItem('planBalancer.firstRun', 'done'));
  await page.setInputFiles('[data-testid=file-input]', EXAMPLE);
  await page.getByRole('heading', { name: /^检查/ }).waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(DOCS, 'pane-check.png') });
  await page.getByRole('button', { name: '开始优化' }).click();
  await page.getByRole('button', { name: '写入表格' }).waitFor({ timeout: 60_000 });
  await page.evaluate(() => document.getElementById('optimize-title')!.scrollIntoView());
  await page.screenshot({ path: path.join(DOCS, 'pane-optimize.png') });
  await page.getByText('预览（尚未写入表格）').scrollIntoViewIfNeeded();
  await page.evaluate(() => [...document.querySelectorAll('div')].find((d) => d.getAttribute('aria-label') === '预览（尚未写入表格）')!.scrollIntoView());
  await page.screenshot({ path: path.join(DOCS, 'pane-preview.png') });
  await page.getByRole('button', { name: '比较情景' }).click();
  await page.getByRole('region', { name: '情景比较' }).waitFor({ timeout: 120_000 });
  await page.mouse.move(0, 0);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.waitForTimeout(500);
  await page.getByRole('region', { name: '情景比较' }).scrollIntoViewIfNeeded();
  await page.evaluate(() => document.querySelector('[aria-label="情景比较"]')!.scrollIntoView());
  await page.screenshot({ path: path.join(DOCS, 'pane-what-if.png') });
  // Checking other workbooks at once: the bundled example, the real ones beside it if present, a corrupt file.
  const fresh = await browser.newPage({ viewport: { width: 350, height: 560 } });
  await fresh.goto(`${url}/index.html`);
  await fresh.evaluate(() => localStorage.setItem('planBalancer.firstRun', 'done'));
  await fresh.reload();
  await fresh.getByRole('button', { name: '检查其他工作簿' }).click();
  const real = path.join(__dirname, '../../shared/data/real');
  const plans = [EXAMPLE, ...(existsSync(real) ? readdirSync(real).filter((f) => f.endsWith('.xlsx')).map((f) => path.join(real, f)) : [])];
  await fresh.setInputFiles('[data-testid=review-input]', [
    ...plans.map((p) => ({ name: path.basename(p), mimeType: 'application/octet-stream', buffer: readFileSync(p) })),
    { name: 'broken.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('not a workbook') },
  ]);
  await fresh.getByRole('region', { name: '检查其他工作簿' }).waitFor({ timeout: 60_000 });
  await fresh.evaluate(() => document.querySelector('[data-testid=review-input]')!.parentElement!.scrollIntoView());
  await fresh.screenshot({ path: path.join(DOCS, 'pane-other-workbooks.png') });
  await page.close();
  await fresh.close();
}

/** The pane after optimizing, the whole page: one picture per width, theme, language and plan. */
async function matrix(browser: Browser, url: string): Promise<string[]> {
  const plans = [{ name: 'example', file: EXAMPLE }, ...(existsSync(LONG) ? [{ name: '10-semesters', file: LONG }] : [])];
  if (!existsSync(LONG)) console.warn(`skipped the 10-semester plan: ${LONG} is not beside this clone`);
  const written: string[] = [];
  for (const plan of plans)
    for (const width of [320, 350, 450, 1280])
      for (const theme of ['light', 'dark'] as const)
        for (const lang of ['zh', 'en'] as const) {
          const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: theme });
          await context.addInitScript(() => localStorage.setItem('planBalancer.firstRun', 'done'));
          const page = await context.newPage();
          await page.goto(`${url}/index.html${lang === 'en' ? '?lang=en' : ''}`);
          await page.setInputFiles('[data-testid=file-input]', plan.file);
          await page.getByRole('heading', { name: lang === 'zh' ? /^检查/ : /^Check/ }).waitFor();
          await page.getByRole('button', { name: lang === 'zh' ? '开始优化' : 'Optimize', exact: true }).click();
          await page.getByRole('button', { name: lang === 'zh' ? '写入表格' : 'Write to sheet' }).waitFor({ timeout: 90_000 });
          await page.mouse.move(0, 0);
          await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
          const file = path.join(SCREENS, `${plan.name}-${width}-${theme}-${lang}.png`);
          await page.screenshot({ path: file, fullPage: true });
          written.push(path.relative(DOCS, file));
          await context.close();
        }
  return written;
}

async function main(): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  const server = await serveDist();
  const browser = await launch();
  try {
    await readmePictures(browser, server.url);
    const shots = await matrix(browser, server.url);
    console.log(`${shots.length} screenshots in docs/screens/`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
