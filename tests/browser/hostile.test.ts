/**
 * The standalone page against hostile workbooks (zip bombs in the theme, the shared strings, the
 * styles, an unrelated part, a sheet stored under a leading "/", a 19,000 × 115 sheet, files larger
 * than any plan): each ends in its message, the tab stays alive and goes on to read a real plan, in
 * the single-file flow and in 检查其他工作簿. Reading happens in a worker the page can terminate.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bomb, denseSheet, exampleWith } from '../helpers/bombs';
import { DIST, hasChromium, launch, serveDist } from '../helpers/browser';
import { EXAMPLE } from '../helpers/shared';

const built = existsSync(path.join(DIST, 'index.html'));
const reason = !hasChromium ? 'skipped: no chromium at /usr/bin/chromium (apt-get install chromium)' : 'skipped: dist/ not built (npm run build)';

interface Case {
  name: string;
  buffer: Buffer;
  message: RegExp;
}

// Files on disk, not buffers: the browser reads local files directly (40 MB over the protocol is slow).
const dir = mkdtempSync(path.join(tmpdir(), 'pb-hostile-page-'));
const fileOf = (c: { name: string; buffer: Buffer }) => {
  const file = path.join(dir, c.name);
  if (!existsSync(file)) writeFileSync(file, c.buffer);
  return file;
};

describe.skipIf(!hasChromium || !built)(`hostile workbooks in the page (${hasChromium && built ? 'chromium' : reason})`, () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveDist>>;
  const cases: Case[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    server = await serveDist();
    browser = await launch();
    const dense = denseSheet(19_000, 115);
    cases.push(
      { name: 'theme.xlsx', buffer: await exampleWith(await bomb('xl/theme/theme1.xml', 1100)), message: /“theme\.xlsx”中的主题（xl\/theme\/theme1\.xml）解压后为 1\.1 GB，超过本工具对单个部件的上限 5 MB/ },
      { name: 'shared.xlsx', buffer: await exampleWith(await bomb('xl/sharedStrings.xml', 600, 4000)), message: /“shared\.xlsx”中的共享字符串表（xl\/sharedStrings\.xml）解压后超过 5 MB/ },
      { name: 'styles.xlsx', buffer: await exampleWith(await bomb('xl/styles.xml', 600)), message: /“styles\.xlsx”中的样式表（xl\/styles\.xml）解压后为 600 MB/ },
      { name: 'unrelated.xlsx', buffer: await exampleWith(await bomb('customXml/item1.bin', 1100, 100)), message: /“unrelated\.xlsx”中的部件 customXml\/item1\.bin 解压后超过 5 MB/ },
      {
        name: 'slash.xlsx',
        buffer: await exampleWith({ ...(await bomb('xl/worksheets/sheet1.xml', 300, 2000)), name: '/xl/worksheets/sheet1.xml' }),
        message: /“slash\.xlsx”中的工作表“教学进程安排表”（\/xl\/worksheets\/sheet1\.xml）解压后超过 5 MB/,
      },
      { name: 'dense.xlsx', buffer: await exampleWith({ name: 'xl/worksheets/sheet1.xml', data: dense.data, method: 8, size: dense.size }), message: /“dense\.xlsx”中的工作表“教学进程安排表”（xl\/worksheets\/sheet1\.xml）解压后为 56\.81 MB/ },
      { name: 'huge.xlsx', buffer: Buffer.concat([readFileSync(EXAMPLE), Buffer.alloc(16 * 1024 * 1024)]), message: /“huge\.xlsx”有 16\.01 MB，超过本工具的上限 15 MB/ },
    );
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 420, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('crash', () => errors.push('the tab crashed'));
    await page.goto(`${server.url}/index.html`);
    return page;
  }

  it('opening each: its message, and the tab stays alive and reads a real plan after them', async () => {
    const page = await open();
    for (const c of cases) {
      await page.setInputFiles('[data-testid=file-input]', fileOf(c));
      await expect.poll(() => page.getByRole('alert').first().innerText(), { timeout: 30_000 }).toMatch(c.message);
    }
    await page.setInputFiles('[data-testid=file-input]', EXAMPLE);
    await page.getByRole('heading', { name: /^检查/ }).waitFor({ timeout: 30_000 });
    expect(await page.locator('main').innerText()).toContain('教学进程安排表');
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);

  it('a reading worker that never answers is terminated at the time limit: its message, and the tab goes on', async () => {
    const page = await browser.newPage({ viewport: { width: 420, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
    // The first worker the page starts (the one reading the file) spins forever, as a file that found a
    // way past every limit would; the page's own timer must end it.
    await page.addInitScript(() => {
      const Real = window.Worker;
      let first = true;
      window.Worker = class extends Real {
        constructor(url: string | URL, options?: WorkerOptions) {
          if (first) {
            first = false;
            super(URL.createObjectURL(new Blob(['for (;;) {}'], { type: 'text/javascript' })));
          } else super(url, options);
        }
      } as typeof Worker;
    });
    await page.goto(`${server.url}/index.html`);
    await page.setInputFiles('[data-testid=file-input]', EXAMPLE);
    await expect.poll(() => page.getByRole('alert').first().innerText(), { timeout: 90_000, interval: 2000 }).toMatch(/读取“ecommerce-2024\.xlsx”超过 60 秒，已停止/);
    await page.setInputFiles('[data-testid=file-input]', EXAMPLE);
    await page.getByRole('heading', { name: /^检查/ }).waitFor({ timeout: 30_000 });
    expect(errors).toEqual([]);
    await page.close();
  }, 150_000);

  it('检查其他工作簿 with all of them at once: a row each with its message, the plan checked, the count done', async () => {
    const page = await open();
    await page.getByRole('button', { name: '检查其他工作簿' }).click();
    await page.setInputFiles('[data-testid=review-input]', [...cases.map(fileOf), fileOf({ name: 'ecommerce-2024.xlsx', buffer: readFileSync(EXAMPLE) }), fileOf({ name: 'notes.txt', buffer: Buffer.from('not a workbook') })]);
    const region = page.getByRole('region', { name: '检查其他工作簿' });
    await region.waitFor({ timeout: 120_000 });
    expect(await page.locator('tr[data-review]').count()).toBe(cases.length + 2);
    for (const c of cases) {
      const row = page.locator(`tr[data-review="${c.name}"]`);
      expect(await row.innerText()).toContain('无法读取');
      expect(await row.locator('td').first().getAttribute('title')).toMatch(c.message);
    }
    expect(await page.locator('tr[data-review="ecommerce-2024.xlsx"]').innerText()).toMatch(/✖ 29/);
    expect(await page.locator('tr[data-review="notes.txt"] td').first().getAttribute('title')).toContain('不是 .xlsx 工作簿');
    expect(await region.innerText()).toMatch(new RegExp(`${cases.length + 2} 个工作簿：1 个有错误，${cases.length + 1} 个无法读取`));
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);
});
