/** Production dependencies are few, pinned by the lockfile, and permissively licensed (no GPL/AGPL). */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');
const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; devOptional?: boolean; license?: string; version?: string }> };
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

const PERMISSIVE = /^(MIT|MIT\/X11|ISC|BSD-2-Clause|BSD-3-Clause|Apache-2\.0|0BSD|Unlicense|BlueOak-1\.0\.0|Zlib|CC0-1\.0|Python-2\.0)$/;
/** Reviewed by hand: packages that declare no licence. */
const REVIEWED: Record<string, string> = {
  buffers: 'no licence field; MIT/X11 like its author’s other packages; used only by exceljs’s Node reader (unzipper), never bundled into the pane',
};

/** An SPDX expression is acceptable when some way of satisfying it uses only permissive licences. */
export function acceptable(expr: string): boolean {
  const e = expr.replace(/[()]/g, ' ').trim();
  if (/ OR /.test(e)) return e.split(/ OR /).some((part) => acceptable(part));
  return e.split(/ AND /).every((part) => PERMISSIVE.test(part.trim()));
}

describe('licences of production dependencies', () => {
  const prod = Object.entries(lock.packages).filter(([k, v]) => k && !v.dev && !v.devOptional);

  it('every production package is permissively licensed (GPL/AGPL fail)', () => {
    const bad: string[] = [];
    for (const [k, v] of prod) {
      const name = k.replace(/^.*node_modules\//, '');
      if (!v.license) {
        if (!REVIEWED[name]) bad.push(`${name}: no licence`);
        continue;
      }
      if (!acceptable(v.license)) bad.push(`${name}: ${v.license}`);
    }
    expect(bad).toEqual([]);
  });

  it('the check itself rejects copyleft', () => {
    expect(acceptable('GPL-3.0')).toBe(false);
    expect(acceptable('AGPL-3.0-only')).toBe(false);
    expect(acceptable('(MIT OR GPL-3.0-or-later)')).toBe(true);
    expect(acceptable('(MIT AND Zlib)')).toBe(true);
    expect(acceptable('MIT AND GPL-2.0')).toBe(false);
  });

  it('direct dependencies are the few the README lists, each pinned in the lockfile', () => {
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['@fluentui/react-components', 'exceljs', 'highs', 'javascript-lp-solver', 'jszip', 'pako', 'react', 'react-dom']);
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const d of Object.keys(pkg.dependencies)) {
      expect(readme, d).toContain(`\`${d}\``);
      expect(lock.packages[`node_modules/${d}`]?.version, d).toBeTruthy();
      expect(existsSync(path.join(ROOT, 'node_modules', d))).toBe(true);
    }
  });
});
