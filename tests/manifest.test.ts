import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasShared, sharedPath, SKIP_REASON } from './helpers/shared';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { residProblems } = require('../scripts/validate-manifest.js') as { residProblems: (xml: string) => string[] };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const webpackConfig = require('../webpack.config.js') as (env: Record<string, string>, argv: Record<string, string>) => Promise<{ name: string; plugins: unknown[] }[]>;

/** dist/manifest.xml as `npm run build -- --env url=…` writes it: the build's own copy step, run on manifest.xml. */
async function builtManifest(url: string): Promise<string> {
  const configs = await webpackConfig({ url }, { mode: 'production' });
  const pane = configs.find((c) => c.name === 'pane')!;
  const copy = pane.plugins.find((p) => p?.constructor?.name === 'CopyPlugin') as { patterns: { to: string; transform?: (c: Buffer) => Buffer | string }[] };
  const step = copy.patterns.find((p) => p.to === 'manifest.xml')!;
  return String(step.transform!(Buffer.from(xml)));
}
const MANIFEST = path.resolve(__dirname, '../manifest.xml');
const xml = readFileSync(MANIFEST, 'utf8');

function xmllint(file: string): { ok: boolean; out: string } {
  try {
    execFileSync('xmllint', ['--nonet', '--noout', '--schema', sharedPath('schemas/office-manifest/OfficeAppManifestV1_1.xsd'), file], { stdio: 'pipe' });
    return { ok: true, out: '' };
  } catch (e) {
    return { ok: false, out: String((e as { stderr?: Buffer }).stderr ?? e) };
  }
}

describe('manifest.xml', () => {
  it('every resid points at a resource of the right kind, and every resource is used', () => {
    expect(residProblems(xml)).toEqual([]);
    expect(residProblems(xml.replace('resid="Group.Label"', 'resid="Group.Lable"'))).toContain('<Label resid="Group.Lable"> points at no resource');
  });

  it('is a Workbook task pane with ReadWriteDocument, zh-CN default, en-US overrides and ExcelApi 1.7', () => {
    expect(xml).toContain('xsi:type="TaskPaneApp"');
    expect(xml).toContain('<Host Name="Workbook"/>');
    expect(xml).toContain('<Permissions>ReadWriteDocument</Permissions>');
    expect(xml).toContain('<DefaultLocale>zh-CN</DefaultLocale>');
    expect(xml).toMatch(/<Set Name="ExcelApi" MinVersion="1.7"\/>/);
    expect(xml).toContain('<OfficeTab id="TabHome">');
    expect((xml.match(/Locale="en-US"/g) ?? []).length).toBeGreaterThanOrEqual(7);
  });

  it('the deployment build names the school’s address everywhere, its origin as the app domain, and refuses an address Office cannot load', async () => {
    const built = await builtManifest('https://plans.school.example/pb');
    expect(built).not.toContain('localhost');
    expect(built).toContain('<SourceLocation DefaultValue="https://plans.school.example/pb/taskpane.html"/>');
    expect(built).toContain('<bt:Url id="Taskpane.Url" DefaultValue="https://plans.school.example/pb/taskpane.html"/>');
    expect(built).toContain('<AppDomain>https://plans.school.example</AppDomain>');
    expect(built).toContain('<IconUrl DefaultValue="https://plans.school.example/pb/assets/icon-32.png"/>');
    expect(built).toContain('<SupportUrl DefaultValue="https://plans.school.example/pb/index.html?help"/>');
    expect(residProblems(built)).toEqual([]);
    for (const bad of ['http://plans.school.example/pb/', 'https://plans.school.example/pb/?x=1', 'plans.school.example', 'https://a--b.example/'])
      await expect(builtManifest(bad), bad).rejects.toThrow(/--env url=/);
  });

  it.skipIf(!hasShared)(`the deployment build's manifest validates against the official schema (${hasShared ? 'xmllint' : SKIP_REASON})`, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pb-manifest-'));
    const file = path.join(dir, 'manifest.xml');
    writeFileSync(file, await builtManifest('https://intranet.school.example:8443/apps/plan-balancer/'));
    const r = xmllint(file);
    expect(r.out).toBe('');
    expect(r.ok).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain('https://intranet.school.example:8443/apps/plan-balancer/taskpane.html');
  });

  it.skipIf(!hasShared)(`validates against the official schema offline (${hasShared ? 'xmllint' : SKIP_REASON})`, () => {
    const r = xmllint(MANIFEST);
    expect(r.out).toBe('');
    expect(r.ok).toBe(true);
    const dir = mkdtempSync(path.join(tmpdir(), 'pb-manifest-'));
    const broken = path.join(dir, 'broken.xml');
    writeFileSync(broken, xml.replace('<Permissions>ReadWriteDocument</Permissions>', '<Permissions>Everything</Permissions>'));
    expect(xmllint(broken).ok).toBe(false);
  });
});
