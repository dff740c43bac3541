/**
 * The page's way to read a workbook: its size checked before a byte is read, then everything else in
 * a Web Worker of its own, which is terminated when it answers, or when it has not answered in time —
 * the page shows the message and stays alive whatever the file holds.
 */
import type { Grid } from '../../core/grid';
import { msg, type Message } from '../../core/message';
import { MAX_PACKAGE_BYTES } from '../limits';
import { fileTooLarge } from '../budget';
import { startWorker } from '../../taskpane/workers';
import type { LoadAnswer } from './load.worker';

/** A workbook within the limits is read in a few seconds; one that takes this long is stopped. */
export const READ_TIME_LIMIT_MS = 60_000;

export class ReadRefused extends Error {
  constructor(readonly info: Message) {
    super(info.en);
  }
}

export interface FileLike {
  name: string;
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** The file's bytes, refused before they are read when the file is larger than any plan. */
export async function bytesOf(file: FileLike): Promise<Uint8Array> {
  if (file.size > MAX_PACKAGE_BYTES) throw new ReadRefused(fileTooLarge(file.name, file.size));
  return new Uint8Array(await file.arrayBuffer());
}

/** Grids of every visible sheet, read in a worker (the bytes are copied to it, never detached here). */
export function readInWorker(fileName: string, bytes: Uint8Array, timeLimitMs = READ_TIME_LIMIT_MS): Promise<{ grids: Grid[]; notes: Message[] }> {
  // Where there are no Web Workers (Node, running the pane's host in tests), the same reading in-thread.
  if (typeof Worker === 'undefined') return readHere(fileName, bytes);
  let worker: Worker;
  try {
    worker = startWorker('load');
  } catch {
    // A page that may start no worker (dist/index.html opened from disk): read here.
    return readHere(fileName, bytes);
  }
  return new Promise((resolve, reject) => {
    let started = false;
    const copy = bytes.slice().buffer;
    const finish = (f: () => void) => {
      clearTimeout(timer);
      worker.terminate();
      f();
    };
    const timer = setTimeout(
      () => finish(() => reject(new ReadRefused(msg(`读取“${fileName}”超过 ${timeLimitMs / 1000} 秒，已停止：文件可能过大或异常。`, `Reading "${fileName}" took longer than ${timeLimitMs / 1000} s and was stopped: the file may be too large or malformed.`)))),
      timeLimitMs,
    );
    worker.onmessage = (e: MessageEvent<LoadAnswer | { ready: true }>) => {
      if ('ready' in e.data) {
        started = true;
        return;
      }
      const answer = e.data;
      finish(() => ('error' in answer ? reject(new ReadRefused(answer.error)) : resolve(answer)));
    };
    worker.onerror = (e) =>
      finish(() =>
        // It never started (its script could not load): read here. It failed while reading (out of memory): one sentence, the page goes on.
        started ? reject(new ReadRefused(msg(`无法读取“${fileName}”：${e.message || '读取进程意外终止'}。`, `Could not read "${fileName}": ${e.message || 'the reading worker stopped unexpectedly'}.`))) : readHere(fileName, bytes).then(resolve, reject),
      );
    worker.postMessage({ fileName, bytes: copy }, [copy]);
  });
}

async function readHere(fileName: string, bytes: Uint8Array): Promise<{ grids: Grid[]; notes: Message[] }> {
  const { loadWorkbook, notesOfLoad, WorkbookError, workbookGrids } = await import(/* webpackChunkName: "xlsx" */ '../read');
  try {
    const wb = await loadWorkbook(bytes, fileName);
    return { grids: workbookGrids(wb), notes: notesOfLoad(wb) };
  } catch (e) {
    throw new ReadRefused(e instanceof WorkbookError ? e.info : msg(`无法读取“${fileName}”：${String(e)}`, `Could not read "${fileName}": ${String(e)}`));
  }
}
