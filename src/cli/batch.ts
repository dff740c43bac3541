/**
 * Batch work: many workbooks checked (or optimized) on all cores (one worker thread per core, one workbook at a
 * time each), a bad workbook reported and never stopping the rest, progress on a terminal.
 */
import { lstatSync } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { msg, pick, type Lang, type Message } from '../core/message';
import { summaryRowOf, unreadableRow, type SummaryRow } from '../core/review';
import { explainFsError } from '../node/files';
import type { Io } from './input';
import type { checkJson } from './report';

export type CheckJson = ReturnType<typeof checkJson>;

export interface BatchItem<J = CheckJson> {
  file: string;
  /** The single-workbook exit code: 0 clean, 1 errors found, 2 unreadable, 3 internal error. */
  code: number;
  json?: J;
  /** Why the workbook could not be checked (code 2 or 3), in the language asked for. */
  error?: string;
}

/** A single command's --json answer (exit 0 or 1), or undefined when it gave none. */
export function jsonOutput<J>(r: { code: number; out: string }): J | undefined {
  try {
    return r.code <= 1 && r.out ? (JSON.parse(r.out) as J) : undefined;
  } catch {
    return undefined;
  }
}

/** Why a single command gave no answer: its first three lines. */
export function errorLine(r: { out: string; err: string }): string {
  return (r.err || r.out || 'no output').split('\n').filter(Boolean).slice(0, 3).join(' ');
}

/** A path a batch did not check, and why (named in the report all the same). */
export interface SkippedPath {
  path: string;
  why: Message;
  /** A folder that could not be searched: something the user asked for was not checked. */
  problem?: boolean;
}

/** Names a batch takes as workbooks: .xlsx and .xlsm (an old .xls is taken too, to be told so). */
export const WORKBOOK_NAME = /\.(xlsx|xlsm|xls)$/i;

/**
 * Files as given, folders searched (recursively, through symbolic links, each folder once) for
 * workbooks. Whatever a folder holds is accounted for: a workbook-named entry is a file to check
 * whatever it is — a link loop, a dangling link, a FIFO each gets its own reason from the reader —
 * and everything else is a skipped path with why (hidden, Excel's lock file, not a workbook, a folder
 * already searched or that cannot be read).
 */
export async function listWorkbooks(paths: string[]): Promise<{ files: string[]; missing: string[]; skipped: SkippedPath[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  const skipped: SkippedPath[] = [];
  const searched = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    const real = await realpath(dir).catch(() => dir);
    if (searched.has(real)) {
      skipped.push({ path: dir, why: msg('已经查找过的文件夹（链接回到上层或别处的同一个文件夹）', 'a folder already searched (a link back to a folder above or elsewhere)') });
      return;
    }
    searched.add(real);
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      skipped.push({ path: dir, why: explainFsError(e, dir, 'read').info, problem: true });
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, e.name);
      if (e.name.startsWith('~$')) {
        skipped.push({ path: full, why: msg(`Excel 的锁定文件：“${e.name.slice(2)}”正在 Excel 中打开`, `Excel's lock file: "${e.name.slice(2)}" is open in Excel`) });
        continue;
      }
      if (e.name.startsWith('.')) {
        skipped.push({ path: full, why: /\.plan-balancer\.tmp$/.test(e.name) ? msg('本工具写文件时的临时文件', "this tool's temporary file from a write") : msg('隐藏的文件或文件夹', 'a hidden file or folder') });
        continue;
      }
      // A link is followed: to a folder it is searched, to anything else it is a file like any other.
      const isDir = e.isDirectory() || (e.isSymbolicLink() && (await stat(full).catch(() => null))?.isDirectory());
      if (isDir) await walk(full);
      else if (WORKBOOK_NAME.test(e.name)) files.push(full);
      else skipped.push({ path: full, why: msg('不是 .xlsx 或 .xlsm 工作簿', 'not an .xlsx or .xlsm workbook') });
    }
  };
  for (const p of paths) {
    const s = await stat(p).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' && !(lstatSync(p, { throwIfNoEntry: false }))) ? null : e);
    if (s === null) missing.push(p);
    else if (s instanceof Error) files.push(p); // a link loop, no permission…: the reader says which
    else if (s.isDirectory()) await walk(p);
    else files.push(p);
  }
  return { files: [...new Set(files)], missing, skipped };
}

/**
 * A batch's exit code: 2 when no workbook could be read at all, 1 when any has findings, could not be
 * read or a folder could not be searched, 0 when every one is clean.
 */
export function batchExitCode(items: { code: number; json?: unknown; optimize?: unknown }[], skipped: SkippedPath[]): number {
  const read = items.filter((i) => i.json !== undefined || i.optimize !== undefined);
  if (items.length > 0 && read.length === 0) return 2;
  return items.some((i) => i.code !== 0) || skipped.some((x) => x.problem) ? 1 : 0;
}

/** The skipped paths, one line each, for the text report. */
export function skippedLines(skipped: SkippedPath[], lang: Lang): string[] {
  if (!skipped.length) return [];
  return [pick(msg(`未检查的路径（${skipped.length} 个）：`, `Paths not checked (${skipped.length}):`), lang), ...skipped.map((x) => `  – ${x.path}: ${pick(x.why, lang)}`)];
}

export async function isFolder(p: string): Promise<boolean> {
  return (await stat(p).catch(() => null))?.isDirectory() ?? false;
}

/** Checks every file; `onDone` is called as each finishes (for progress). Results keep the files' order. */
export function checkMany(files: string[], args: string[], onDone: (item: BatchItem, done: number) => void, workers?: number): Promise<BatchItem[]> {
  return runMany<CheckJson>(files, (file) => ['check', file, '--json', ...args], onDone, workers);
}

/** A workbook within the limits is checked in seconds: one still running after this is stopped. */
export const ITEM_TIME_LIMIT_SEC = 120;
/** Heap each batch worker may use: a runaway workbook ends its worker (replaced), never the batch. */
export const ITEM_MEMORY_MB = 1024;

/**
 * Runs the command line `argvFor(file)` (with --json) for every file on worker threads; `onDone` is
 * called as each finishes. Results keep the files' order; a crashed worker, or one still busy after
 * `timeLimitSec`, is one item (terminated and replaced), and the rest go on.
 */
export async function runMany<J>(
  files: string[],
  argvFor: (file: string) => string[],
  onDone: (item: BatchItem<J>, done: number) => void,
  workers = Math.max(1, Math.min(files.length, os.availableParallelism?.() ?? os.cpus().length)),
  timeLimitSec = ITEM_TIME_LIMIT_SEC,
): Promise<BatchItem<J>[]> {
  const results: BatchItem<J>[] = new Array(files.length);
  let next = 0;
  let done = 0;
  const ts = __filename.endsWith('.ts');
  const entry = path.join(__dirname, `batchWorker.${ts ? 'ts' : 'js'}`);
  const runOne = (w: Worker, i: number) =>
    new Promise<BatchItem<J> & { replace?: boolean }>((resolve) => {
      const finish = (item: BatchItem<J> & { replace?: boolean }) => {
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
        resolve(item);
      };
      const onMessage = (m: { file: string; code: number; out: string; err: string }) => {
        const json = jsonOutput<J>(m);
        finish({ file: files[i], code: m.code, ...(json ? { json } : { error: errorLine(m) }) });
      };
      const onError = (e: Error) => finish({ file: files[i], code: 3, error: e.message, replace: true });
      const argv = argvFor(files[i]);
      const en = argv.some((a, k) => a.startsWith('--lang=en') || (a === '--lang' && argv[k + 1]?.startsWith('en')));
      const slow = msg(`“${files[i]}”处理超过 ${timeLimitSec} 秒，已停止。`, `"${files[i]}" took longer than ${timeLimitSec} s and was stopped.`);
      const timer = setTimeout(() => finish({ file: files[i], code: 2, replace: true, error: en ? slow.en : slow.zh }), timeLimitSec * 1000);
      w.once('message', onMessage);
      w.once('error', onError);
      w.postMessage({ file: files[i], argv });
    });
  const options = { resourceLimits: { maxOldGenerationSizeMb: ITEM_MEMORY_MB } };
  const spawn = () => (ts ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(entry)});`, { eval: true, ...options }) : new Worker(entry, options));
  await Promise.all(
    Array.from({ length: workers }, async () => {
      let w = spawn();
      while (next < files.length) {
        const i = next++;
        const { replace, ...item } = await runOne(w, i);
        results[i] = item;
        done++;
        onDone(item, done);
        // A worker that died (out of memory on a monstrous file) or is stuck is replaced; the rest go on.
        if (replace || item.code === 3) {
          await w.terminate();
          w = spawn();
        }
      }
      await w.terminate();
    }),
  );
  return results;
}

/** One summary row from a check's JSON (the same figures `check --json` prints for that workbook). */
export function summaryRow(item: BatchItem, lang: 'zh' | 'en'): SummaryRow {
  const file = path.basename(item.file);
  const j = item.json;
  if (!j) return unreadableRow(file, item.error ?? 'unreadable');
  return summaryRowOf(file, { sheet: j.sheet, level: j.preset ?? j.level?.guessed ?? null, sheets: j.sheets, totalHours: j.totals.hours, loads: j.loads, shares: j.shares, findings: j.findings }, lang);
}

/** A batch's progress: a bar on a terminal, a line per workbook when piped, nothing with --json. */
export function progressOf(total: number, json: boolean, io: Io): (done: number, name: string, state?: string) => void {
  const tty = !json && process.stderr.isTTY === true;
  return (done, name, state) => {
    if (tty) {
      const width = 24;
      const filled = Math.round((done / total) * width);
      process.stderr.write(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total} ${name.slice(0, 40).padEnd(40)}`);
      if (done === total) process.stderr.write('\n');
    } else if (!json) io.err(`${done}/${total} ${name}${state ? `: ${state}` : ''}`);
  };
}

/** "No workbook found", with every path that was looked at and why it was not one. */
export function noWorkbook(skipped: SkippedPath[]): Message {
  return msg(
    `没有找到 .xlsx 工作簿${skipped.length ? `：${skipped.map((x) => `${x.path}（${x.why.zh}）`).join('；')}` : ''}。`,
    `No .xlsx workbook found${skipped.length ? `: ${skipped.map((x) => `${x.path} (${x.why.en})`).join('; ')}` : ''}.`,
  );
}
