/**
 * Words for people in the pane, in every step of the flow and with every folded section open: no rule
 * ids, option names, engine names, raw floats or enum words, and Chinese punctuation in Chinese —
 * in the text, the tooltips and the labels a screen reader speaks.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIST, hasChromium, launch, serveDist } from '../helpers/browser';
import { EXAMPLE } from '../helpers/shared';
import { allWordProblems } from '../helpers/words';

const built = existsSync(path.join(DIST, 'index.html'));
const reason = !hasChromium ? 'skipped: no chromium at /usr/bin/chromium (apt-get install chromium)' : 'skipped: dist/ not built (npm run build)';

/** Everything a person reads or hears: the page's text, tooltips, labels, the charts' words. */
function pageTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out = [document.querySelector('main')?.innerText ?? ''];
    for (const el of document.querySelectorAll('[title], [aria-label], [placeholder]'))
      for (const a of ['title', 'aria-label', 'placeholder']) {
        const v = el.getAttribute(a);
        if (v) out.push(v);
      }
    for (const t of document.querySelectorAll('svg title, svg text')) out.push(t.textContent ?? '');
    return out;
  });
}

describe.skipIf(!hasChromium || !built)(`words in the pane, step by step (${hasChromium && built ? 'chromium' : reason})`, () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveDist>>;
  beforeAll(async () => {
    server = await serveDist();
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openAll(page: Page, names: string[]) {
    for (const name of names) {
      const header = page.getByRole('button', { name, exact: true });
      if ((await header.count()) && (await header.first().getAttribute('aria-expanded')) === 'false') await header.first().click();
    }
    for (const more of await page.getByRole('button', { name: /^(显示全部|Show all)/ }).all()) await more.click();
  }

  it('中文: every step, every section open', async () => {
    const page = await browser.newPage({ viewport: { width: 350, height: 900 } });
    const seen: { where: string; text: string }[] = [];
    const scan = async (step: string) => (await pageTexts(page)).forEach((text, i) => seen.push({ where: `${step} #${i}`, text }));
    await page.goto(`${server.url}/index.html`);
    await openAll(page, ['帮助', '检查其他工作簿']);
    await scan('empty page');
    await page.setInputFiles('[data-testid=file-input]', EXAMPLE);
    await page.getByRole('heading', { name: /^检查/ }).waitFor();
    await openAll(page, ['识别结果', '规则', '高级', '帮助', '检查其他工作簿']);
    await scan('check');
    await page.getByRole('button', { name: '开始优化' }).click();
    await page.getByRole('button', { name: '写入表格' }).waitFor({ timeout: 60_000 });
    await openAll(page, []);
    await scan('preview at 28 (conflicts)');
    await page.getByRole('button', { name: '比较情景' }).click();
    await page.getByRole('region', { name: '情景比较' }).waitFor({ timeout: 120_000 });
    await scan('what-if');
    await page.getByRole('button', { name: '选用周学时上限 34 的方案' }).click();
    await page.getByRole('button', { name: '写入表格' }).click();
    await page.getByRole('button', { name: '恢复原表' }).waitFor();
    await scan('applied');
    await page.getByRole('button', { name: '恢复原表' }).click();
    await page.getByText('已恢复写入前的全部数值').waitFor();
    await scan('restored');
    expect(seen.length).toBeGreaterThan(50);
    expect(allWordProblems(seen, true)).toEqual([]);
    await page.close();
  }, 300_000);

  it('English: check and preview, every section open', async () => {
    const page = await browser.newPage({ viewport: { width: 350, height: 900 } });
    const seen: { where: string; text: string }[] = [];
    const scan = async (step: string) => (await pageTexts(page)).forEach((text, i) => seen.push({ where: `${step} #${i}`, text }));
    await page.goto(`${server.url}/index.html?lang=en`);
    await page.setInputFiles('[data-testid=file-input]', EXAMPLE);
    await page.getByRole('heading', { name: /^Check/ }).waitFor();
    await openAll(page, ['Detected', 'Rules', 'Advanced', 'Help', 'Check other workbooks']);
    await scan('check');
    await page.getByRole('button', { name: 'Optimize', exact: true }).click();
    await page.getByRole('button', { name: 'Write to sheet' }).waitFor({ timeout: 60_000 });
    await scan('preview');
    // Course and sheet names are the school's Chinese: only the English words are held to English rules.
    expect(allWordProblems(seen, false)).toEqual([]);
    await page.close();
  }, 180_000);
});
