/** The built pane in a real browser (Debian chromium), standalone mode: open a workbook, detect, check. */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, DIST, hasChromium, launch, serveDist } from '../helpers/browser';
import { EXAMPLE, hasShared, sharedPath } from '../helpers/shared';

const built = existsSync(path.join(DIST, 'index.html'));
const reason = !hasChromium ? 'skipped: no chromium at /usr/bin/chromium (apt-get install chromium)' : 'skipped: dist/ not built (npm run build)';

describe.skipIf(!hasChromium || !built)(`task pane, standalone (${hasChromium && built ? 'chromium' : reason})`, () => {
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

  async function open(query = ''): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 420, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
    // No request may leave the machine: everything is served from this origin.
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) errors.push(`external request: ${r.url()}`);
    });
    await page.goto(`${server.url}/index.html${query}`);
    return page;
  }

  it('opens the example, detects the table and shows the check in Chinese', async () => {
    const page = await open();
    await page.setInputFiles('[data-testid=file-input]', EXAMPLE);
    await page.getByRole('heading', { name: /检查/ }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, '01-standalone-check-zh.png'), fullPage: true });
    const text = await page.locator('main').innerText();
    expect(text).toContain('教学进程安排表');
    expect(text).toMatch(/课程\s+32/);
    expect(text).toContain('选修课 360 学时，占总学时 3660 的 9.84%');
    expect(await page.locator('[data-rule=share-elective]').count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('switches to English and re-checks when a rule changes', async () => {
    const page = await open('?lang=en');
    await page.setInputFiles('[data-testid=file-input]', EXAMPLE);
    await page.getByRole('heading', { name: /^Check/ }).waitFor();
    expect(await page.locator('[data-rule=share-elective]').count()).toBe(1);
    const field = page.getByLabel('Elective share at least %');
    await field.fill('5');
    await field.press('Enter');
    await expect.poll(() => page.locator('[data-rule=share-elective]').count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, '02-standalone-rules-en.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says clearly when a file is not a workbook', async () => {
    const page = await open();
    await page.setInputFiles('[data-testid=file-input]', { name: 'notes.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('hello') });
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('不是 .xlsx 工作簿');
    await page.close();
  });

  it.skipIf(!hasShared)('reads the real draft workbook without errors in the page', async () => {
    const page = await open();
    await page.setInputFiles('[data-testid=file-input]', sharedPath('data/real/bigdata-2022-draft.xlsx'));
    await page.getByRole('heading', { name: /检查/ }).waitFor();
    const text = await page.locator('main').innerText();
    expect(text).toContain('教学进程表1');
    expect(text).toContain('I38');
    await page.screenshot({ path: path.join(ARTIFACTS, '03-standalone-real-workbook.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
