/** "Check other workbooks…" in the pane: .xlsx files read in the browser with exceljs, each reviewed by the core. */

import type { Lang } from '../../core/message';
import { reviewWorkbook, unreadableRow, type SummaryRow } from '../../core/review';
import { sharedCourses, type ProgrammeCourses } from '../../core/shared';
import type { PresetId, Rules } from '../../core/rules';
import { loadWorkbook, WorkbookError, workbookGrids } from '../read';
import { summaryWorkbook } from '../summary';

export interface ReviewFile {
  name: string;
  bytes: () => Promise<ArrayBuffer>;
}

/** Reviews the files one after another, yielding to the page between them so progress shows and the pane stays responsive. */
export interface Reviewed {
  rows: SummaryRow[];
  /** Each readable plan's courses, for the summary's shared-course sheet. */
  programmes: ProgrammeCourses[];
}

export async function reviewFiles(files: ReviewFile[], rulesFor: (level?: PresetId) => Rules, lang: Lang, onProgress: (done: number) => void, signal?: AbortSignal): Promise<Reviewed> {
  const rows: SummaryRow[] = [];
  const programmes: ProgrammeCourses[] = [];
  for (const f of files) {
    if (signal?.aborted) break;
    try {
      const workbook = await loadWorkbook(new Uint8Array(await f.bytes()), f.name);
      const { row, courses } = reviewWorkbook(f.name, workbookGrids(workbook), rulesFor, lang);
      rows.push(row);
      if (courses) programmes.push(courses);
    } catch (e) {
      rows.push(unreadableRow(f.name, e instanceof WorkbookError ? e.info[lang] : String(e)));
    }
    onProgress(rows.length);
    await new Promise((r) => setTimeout(r, 0));
  }
  return { rows, programmes };
}

/** The same summary workbook `check --summary` writes (shared courses included), offered as a download. */
export async function downloadSummary(reviewed: Reviewed, lang: Lang, fileName: string): Promise<void> {
  const data = await summaryWorkbook(reviewed.rows, lang, sharedCourses(reviewed.programmes));
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
