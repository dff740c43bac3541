import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasShared, sharedPath, SKIP_REASON } from './helpers/shared';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { residProblems } = require('../scripts/validate-manifest.js') as { residProblems: (xml: string) => string[] };
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
