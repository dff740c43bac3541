/** "Check other workbooks…" in the pane: .xlsx files read in the browser (each in a worker of its own), each reviewed by the core. */

import type { Lang } from '../../core/message';
import { reviewWorkbook, unreadableRow, type SummaryRow } from '../../core/review';
import { sharedCourses, type ProgrammeCourses } from '../../core/shared';
import type { PresetId, Rules } from '../../core/rules';
import { summaryWorkbook } from '../summary';
import { bytesOf, type FileLike, ReadRefused, readInWorker } from './readInWorker';

export type ReviewFile = FileLike;

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
      // Read in a worker of its own (limits first); a file that goes over one is its row, and the rest go on.
      const { grids } = await readInWorker(f.name, await bytesOf(f));
      const { row, courses } = reviewWorkbook(f.name, grids, rulesFor, lang);
      rows.push(row);
      if (courses) programmes.push(courses);
    } catch (e) {
      rows.push(unreadableRow(f.name, e instanceof ReadRefused ? e.info[lang] : String(e)));
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
