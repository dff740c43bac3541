/** The built pane: no eval or new Function, a CSP that allows only what it must, lazy engines. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const DIST = path.resolve(__dirname, '../dist');
const built = existsSync(path.join(DIST, 'index.html'));

/**
 * Reviewed third-party code in exceljs's browser build that contains the pattern but cannot run in a
 * browser, and that the pane's CSP (no 'unsafe-eval') would refuse anyway:
 * - its setImmediate polyfill turns a *string* callback into a function; nothing passes it a string;
 * - lodash's global-object detection falls back to Function("return this") only when neither
 *   `global` nor `self` exists, and `self` always exists in a browser or worker.
 */
const REVIEWED = ['"function"!=typeof e&&(e=new Function(""+e))', /\|\|Function\("return this"\)\(\)/g];

describe.skipIf(!built)(`built bundle (${built ? 'dist/' : 'skipped: dist/ not built (npm run build)'})`, () => {
  const js = readdirSync(DIST).filter((f) => f.endsWith('.js'));

  it('contains no eval and no new Function', () => {
    const hits: string[] = [];
    for (const f of js) {
      let text = readFileSync(path.join(DIST, f), 'utf8');
      for (const r of REVIEWED) text = typeof r === 'string' ? text.split(r).join('') : text.replace(r, '||');
      for (const m of text.matchAll(/(?<![\w.$])eval\s*\(|new\s+Function\s*\(|(?<![\w.$])Function\s*\(\s*["'`]/g)) hits.push(`${f}: …${text.slice(Math.max(0, m.index! - 40), m.index! + 40)}…`);
    }
    expect(hits).toEqual([]);
  });

  it('has a Content-Security-Policy: own origin, the office.js CDN in Excel, WebAssembly for HiGHS', () => {
    const taskpane = readFileSync(path.join(DIST, 'taskpane.html'), 'utf8');
    const standalone = readFileSync(path.join(DIST, 'index.html'), 'utf8');
    const csp = (html: string) => /http-equiv="?Content-Security-Policy"? content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(csp(taskpane)).toContain("script-src 'self' https://appsforoffice.microsoft.com 'wasm-unsafe-eval'");
    expect(csp(standalone)).toContain("script-src 'self' 'wasm-unsafe-eval'");
    for (const html of [taskpane, standalone]) {
      expect(csp(html)).toContain("default-src 'self'");
      expect(csp(html)).not.toContain("'unsafe-eval'");
    }
    expect(taskpane).toContain('https://appsforoffice.microsoft.com/lib/1/hosted/office.js');
    expect(standalone).not.toContain('office.js');
  });

  it('loads exceljs and HiGHS only on demand', () => {
    const index = readFileSync(path.join(DIST, 'index.html'), 'utf8');
    const initial = js.filter((f) => index.includes(f));
    expect(initial).toHaveLength(1);
    const main = readFileSync(path.join(DIST, initial[0]), 'utf8');
    expect(main).not.toContain('exceljs');
    expect(readdirSync(DIST).some((f) => f.endsWith('.wasm'))).toBe(true);
    expect(main).not.toMatch(/HiGHS|highs\.wasm/);
  });
});
