/** Screenshots for the README (docs/*.png), taken from the built standalone pane in Debian chromium. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { launch, serveDist } from '../tests/helpers/browser';

async function main(): Promise<void> {
  const server = await serveDist();
  const browser = await launch();
  // Excel opens a task pane about 350 px wide: the pictures are taken at that width.
  const page = await browser.newPage({ viewport: { width: 350, height: 820 } });
  await page.goto(`${server.url}/index.html`);
  await page.setInputFiles('[data-testid=file-input]', path.join(__dirname, '../examples/ecommerce-2024.xlsx'));
  await page.getByRole('heading', { name: /^检查/ }).waitFor();
  await page.locator('#check-title').scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(__dirname, '../docs/pane-check.png') });
  await page.getByRole('button', { name: '开始优化' }).click();
  await page.getByRole('button', { name: '写入表格' }).waitFor({ timeout: 60_000 });
  await page.evaluate(() => document.getElementById('optimize-title')!.scrollIntoView());
  await page.screenshot({ path: path.join(__dirname, '../docs/pane-preview.png') });
  await page.getByRole('button', { name: '比较情景' }).click();
  await page.getByRole('region', { name: '情景比较' }).waitFor({ timeout: 90_000 });
  await page.getByRole('button', { name: '比较情景' }).isEnabled();
  await page.mouse.move(0, 0);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.waitForTimeout(500);
  await page.evaluate(() => document.getElementById('optimize-title')!.scrollIntoView());
  await page.screenshot({ path: path.join(__dirname, '../docs/pane-what-if.png') });
  // Checking other workbooks at once: the bundled example, the real ones beside it if present, a corrupt file.
  const fresh = await browser.newPage({ viewport: { width: 350, height: 560 } });
  await fresh.goto(`${server.url}/index.html`);
  await fresh.getByRole('button', { name: '检查其他工作簿' }).click();
  const real = path.join(__dirname, '../../shared/data/real');
  const plans = [path.join(__dirname, '../examples/ecommerce-2024.xlsx'), ...(existsSync(real) ? readdirSync(real).filter((f) => f.endsWith('.xlsx')).map((f) => path.join(real, f)) : [])];
  await fresh.setInputFiles('[data-testid=review-input]', [
    ...plans.map((p) => ({ name: path.basename(p), mimeType: 'application/octet-stream', buffer: readFileSync(p) })),
    { name: 'broken.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('not a workbook') },
  ]);
  await fresh.getByRole('region', { name: '检查其他工作簿' }).waitFor({ timeout: 60_000 });
  await fresh.evaluate(() => document.querySelector('[data-testid=review-input]')!.parentElement!.scrollIntoView());
  await fresh.screenshot({ path: path.join(__dirname, '../docs/pane-other-workbooks.png') });
  await browser.close();
  await server.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
