import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// `npm run lint` carries the Office add-in rules (eslint-plugin-office-addins) on the Office.js adapter:
// the mistakes they catch are the ones the adapter's design avoids, so a relapse fails here.
describe('Office add-in lint rules', () => {
  const eslint = new ESLint({ cwd: process.cwd() });
  const rulesAt = async (code: string, filePath: string) => (await eslint.lintText(code, { filePath }))[0].messages.map((m) => m.ruleId);

  it('flag a sync in a loop and a read before load in src/excel', async () => {
    const code = `export async function f(context: Excel.RequestContext, names: string[]) {
  for (const n of names) {
    const r = context.workbook.worksheets.getItem(n).getRange('A1');
    r.load('values');
    await context.sync();
  }
  const used = context.workbook.worksheets.getActiveWorksheet().getUsedRange();
  return used.values;
}
`;
    const rules = await rulesAt(code, 'src/excel/example.ts');
    expect(rules).toContain('office-addins/no-context-sync-in-loop');
    expect(rules).toContain('office-addins/load-object-before-read');
  });

  it('leave exceljs code alone (its .value is no Excel proxy)', async () => {
    const code = `import type { Worksheet } from 'exceljs';
export const first = (ws: Worksheet) => ws.getCell('A1').value;
`;
    expect(await rulesAt(code, 'src/xlsx/example.ts')).toEqual([]);
  });
});
