/** The built pane: no eval or new Function, a CSP that allows only what it must, lazy engines, one offline file. */
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

/** Read only inside the tests: without dist/ the suite is skipped, and collecting it must not fail. */
const distFiles = () => readdirSync(DIST);
const csp = (html: string) => /http-equiv="?Content-Security-Policy"? content=("[^"]+"|[^\s>]+)/.exec(html)?.[1].replace(/^"|"$/g, '') ?? '';

function evalHits(name: string, text: string): string[] {
  const hits: string[] = [];
  for (const r of REVIEWED) text = typeof r === 'string' ? text.split(r).join('') : text.replace(r, '||');
  for (const m of text.matchAll(/(?<![\w.$])eval\s*\(|new\s+Function\s*\(|(?<![\w.$])Function\s*\(\s*["'`]/g)) hits.push(`${name}: …${text.slice(Math.max(0, m.index! - 40), m.index! + 40)}…`);
  return hits;
}

describe.skipIf(!built)(`built bundle (${built ? 'dist/' : 'skipped: dist/ not built (npm run build)'})`, () => {
  it('contains no eval and no new Function', () => {
    const hits = distFiles()
      .filter((f) => f.endsWith('.js') || f === 'plan-balancer.html')
      .flatMap((f) => evalHits(f, readFileSync(path.join(DIST, f), 'utf8')));
    expect(hits).toEqual([]);
  });

  it('has a Content-Security-Policy: own origin, the office.js CDN in Excel, WebAssembly for HiGHS', () => {
    const taskpane = readFileSync(path.join(DIST, 'taskpane.html'), 'utf8');
    const standalone = readFileSync(path.join(DIST, 'index.html'), 'utf8');
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
    const js = distFiles().filter((f) => f.endsWith('.js'));
    const index = readFileSync(path.join(DIST, 'index.html'), 'utf8');
    const initial = js.filter((f) => index.includes(f));
    expect(initial).toHaveLength(1);
    const main = readFileSync(path.join(DIST, initial[0]), 'utf8');
    expect(main).not.toContain('exceljs');
    expect(distFiles().some((f) => f.endsWith('.wasm'))).toBe(true);
    // Its file name may be there (the page fetches it for the workers); the engine's code is not.
    expect(main).not.toMatch(/HiGHS/);
  });

  it('plan-balancer.html is one file: nothing loaded from beside it or from the network, workers and HiGHS inside, licences kept', () => {
    const html = readFileSync(path.join(DIST, 'plan-balancer.html'), 'utf8');
    const policy = csp(html);
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("connect-src 'none'");
    expect(policy).toContain('worker-src blob:');
    expect(policy).not.toContain("'unsafe-eval'");
    // No src= or href= outside the inlined scripts but data: URLs.
    const outside = html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '');
    expect(outside.match(/\b(?:src|href)=(?!"?data:)[^\s>]*/g) ?? []).toEqual([]);
    expect(html).toMatch(/<script type="text\/plain" id="pb-worker-solver">/);
    const wasm = /<script type="text\/plain" id="pb-highs-wasm">([^<]+)<\/script>/.exec(html)?.[1] ?? '';
    expect(Buffer.from(wasm, 'base64').subarray(0, 4)).toEqual(Buffer.from([0, 0x61, 0x73, 0x6d]));
    expect(html).toContain('Third-party licences of the code inlined below');
    expect(html).toContain('@license React');
  });
});
