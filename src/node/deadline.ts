/**
 * `--time-limit` bounds the whole command, not only each solve: every solve gets what is left of it
 * (scenarios share it), and the command ends with a message at the limit plus a margin for reading and
 * writing. Two guards: a timer on the main thread (exit 4, the usual message), and, should the main
 * thread ever be stuck in a computation that never yields, a watchdog on a thread of its own that
 * writes the message straight to stderr and ends the process. Armed only by the real process entry,
 * never inside tests or batch workers (they bound each workbook by terminating its worker).
 */
import { Worker } from 'node:worker_threads';

/** Reading, re-checking and writing a plan within the limits (5,600 courses: about 20 s) is allowed this much on top. */
export const READ_WRITE_MARGIN_SEC = 30;

let solveDeadline: number | null = null;

/** Seconds a solve may still take (Infinity when no deadline is armed). */
export function remainingSeconds(now = Date.now()): number {
  return solveDeadline === null ? Infinity : Math.max(0, (solveDeadline - now) / 1000);
}

/** The watchdog thread: its own event loop, so a busy main thread cannot hold its timer back. */
const WATCHDOG = `
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
setTimeout(() => {
  try { fs.writeSync(2, workerData.message + '\\n'); } catch {}
  process.kill(process.pid, 'SIGTERM');
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 1000);
}, workerData.ms);
`;

/**
 * Arms the deadline: solves end by `seconds`, the command by `seconds` + the margin (exit `code`
 * with `message`), the process by a further 10 s whatever the main thread is doing. Returns disarm.
 */
export function armDeadline(seconds: number, message: string, code: number, marginSec = READ_WRITE_MARGIN_SEC, hardMs = 10_000): () => void {
  const start = Date.now();
  solveDeadline = start + seconds * 1000;
  const endMs = (seconds + marginSec) * 1000;
  const soft = setTimeout(() => {
    process.stderr.write(message + '\n');
    process.exit(code);
  }, endMs);
  soft.unref();
  const watchdog = new Worker(WATCHDOG, { eval: true, workerData: { ms: endMs + hardMs, message } });
  watchdog.unref();
  return () => {
    clearTimeout(soft);
    void watchdog.terminate();
    solveDeadline = null;
  };
}
