/** "Check other workbooks…" in the pane: .xlsx files read in the browser with exceljs, each reviewed by the core. */

import type { Lang } from '../../core/message';
import { reviewGrids, unreadableRow, type SummaryRow } from '../../core/review';
import type { PresetId, Rules } from '../../core/rules';
import { loadWorkbook, WorkbookError, workbookGrids } from '../read';
import { summaryWorkbook } from '../summary';

export interface ReviewFile {
  name: string;
  bytes: () => Promise<ArrayBuffer>;
}

/** Reviews the files one after another, yielding to the page between them so progress shows and the pane stays responsive. */
export async function reviewFiles(files: ReviewFile[], rulesFor: (level?: PresetId) => Rules, lang: Lang, onProgress: (done: number) => void, signal?: AbortSignal): Promise<SummaryRow[]> {
  const rows: SummaryRow[] = [];
  for (const f of files) {
    if (signal?.aborted) break;
    try {
      const workbook = await loadWorkbook(new Uint8Array(await f.bytes()), f.name);
      rows.push(reviewGrids(f.name, workbookGrids(workbook), rulesFor, lang));
    } catch (e) {
      rows.push(unreadableRow(f.name, e instanceof WorkbookError ? e.info[lang] : String(e)));
    }
    onProgress(rows.length);
    await new Promise((r) => setTimeout(r, 0));
  }
  return rows;
}

/** The same summary workbook `check --summary` writes, offered as a download. */
export async function downloadSummary(rows: SummaryRow[], lang: Lang, fileName: string): Promise<void> {
  const data = await summaryWorkbook(rows, lang);
  const blob = new Blob([data as BlobPart], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
