/** Screenshots for the README (docs/*.png), taken from the built standalone pane in Debian chromium. */
import path from 'node:path';
import { launch, serveDist } from '../tests/helpers/browser';

async function main(): Promise<void> {
  const server = await serveDist();
  const browser = await launch();
  const page = await browser.newPage({ viewport: { width: 400, height: 820 } });
  await page.goto(`${server.url}/index.html`);
  await page.setInputFiles('[data-testid=file-input]', path.join(__dirname, '../examples/ecommerce-2024.xlsx'));
  await page.getByRole('heading', { name: /^检查/ }).waitFor();
  await page.locator('#check-title').scrollIntoViewIfNeeded();
  await page.evaluate(() => document.getElementById('check-title')!.scrollIntoView());
  await page.screenshot({ path: path.join(__dirname, '../docs/pane-check.png') });
  await page.getByRole('button', { name: '开始优化' }).click();
  await page.getByRole('button', { name: '写入表格' }).waitFor({ timeout: 60_000 });
  await page.evaluate(() => document.getElementById('optimize-title')!.scrollIntoView());
  await page.screenshot({ path: path.join(__dirname, '../docs/pane-preview.png') });
  await browser.close();
  await server.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
