/**
 * Web Worker: a workbook read off the page's thread — the package budget, the sheets' limits, exceljs
 * and the grids — so a hostile file can cost the page nothing: what goes over a limit comes back as a
 * message, and a worker that takes too long is terminated by the page (readInWorker).
 */
import type { Grid } from '../../core/grid';
import type { Message } from '../../core/message';
import { loadWorkbook, notesOfLoad, WorkbookError, workbookGrids } from '../read';

export interface LoadJob {
  fileName: string;
  bytes: ArrayBuffer;
}

export type LoadAnswer = { grids: Grid[]; notes: Message[] } | { error: Message };

self.onmessage = async (e: MessageEvent<LoadJob>) => {
  const { fileName, bytes } = e.data;
  let answer: LoadAnswer;
  try {
    const wb = await loadWorkbook(new Uint8Array(bytes), fileName);
    answer = { grids: workbookGrids(wb), notes: notesOfLoad(wb) };
  } catch (err) {
    answer = { error: err instanceof WorkbookError ? err.info : { zh: `无法读取“${fileName}”：${String(err)}`, en: `Could not read "${fileName}": ${String(err)}` } };
  }
  self.postMessage(answer);
};

// Started: a worker whose script could not load never says this, and the page reads the file itself.
self.postMessage({ ready: true });
