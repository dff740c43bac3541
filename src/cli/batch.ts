/**
 * Batch work: many workbooks checked (or optimized) on all cores (one worker thread per core, one workbook at a
 * time each), a bad workbook reported and never stopping the rest, progress on a terminal.
 */
import { readdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { summaryRowOf, unreadableRow, type SummaryRow } from '../core/review';
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

/** Files as given, folders searched (recursively) for .xlsx; Excel's lock files (~$…) and hidden ones skipped. */
export async function listWorkbooks(paths: string[]): Promise<{ files: string[]; missing: string[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name.startsWith('.') || e.name.startsWith('~$')) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else if (e.isFile() && /\.xlsx$/i.test(e.name)) files.push(full);
    }
  };
  for (const p of paths) {
    const s = await stat(p).catch(() => null);
    if (!s) missing.push(p);
    else if (s.isDirectory()) await walk(p);
    else files.push(p);
  }
  return { files: [...new Set(files)], missing };
}

export async function isFolder(p: string): Promise<boolean> {
  return (await stat(p).catch(() => null))?.isDirectory() ?? false;
}

/** Checks every file; `onDone` is called as each finishes (for progress). Results keep the files' order. */
export function checkMany(files: string[], args: string[], onDone: (item: BatchItem, done: number) => void, workers?: number): Promise<BatchItem[]> {
  return runMany<CheckJson>(files, (file) => ['check', file, '--json', ...args], onDone, workers);
}

/**
 * Runs the command line `argvFor(file)` (with --json) for every file on worker threads; `onDone` is
 * called as each finishes. Results keep the files' order; a crashed worker is one item, and replaced.
 */
export async function runMany<J>(files: string[], argvFor: (file: string) => string[], onDone: (item: BatchItem<J>, done: number) => void, workers = Math.max(1, Math.min(files.length, os.availableParallelism?.() ?? os.cpus().length))): Promise<BatchItem<J>[]> {
  const results: BatchItem<J>[] = new Array(files.length);
  let next = 0;
  let done = 0;
  const ts = __filename.endsWith('.ts');
  const entry = path.join(__dirname, `batchWorker.${ts ? 'ts' : 'js'}`);
  const runOne = (w: Worker, i: number) =>
    new Promise<BatchItem<J>>((resolve) => {
      const onMessage = (m: { file: string; code: number; out: string; err: string }) => {
        w.off('error', onError);
        const json = jsonOutput<J>(m);
        resolve({ file: files[i], code: m.code, ...(json ? { json } : { error: errorLine(m) }) });
      };
      const onError = (e: Error) => {
        w.off('message', onMessage);
        resolve({ file: files[i], code: 3, error: e.message });
      };
      w.once('message', onMessage);
      w.once('error', onError);
      w.postMessage({ file: files[i], argv: argvFor(files[i]) });
    });
  const spawn = () => (ts ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(entry)});`, { eval: true }) : new Worker(entry));
  await Promise.all(
    Array.from({ length: workers }, async () => {
      let w = spawn();
      while (next < files.length) {
        const i = next++;
        const item = await runOne(w, i);
        results[i] = item;
        done++;
        onDone(item, done);
        // A worker that died (out of memory on a monstrous file) is replaced; the rest go on.
        if (item.code === 3) {
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
