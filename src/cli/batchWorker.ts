/**
 * worker_threads entry for batch work: runs one workbook at a time exactly as the single command would
 * (`check <file> --json`, `optimize <file> -o <out> --json`: the same code path), and posts back its
 * exit code and output.
 */
import { parentPort } from 'node:worker_threads';
import { main } from './main';

interface Job {
  file: string;
  /** The whole command line for this workbook. */
  argv: string[];
}

parentPort!.on('message', async (job: Job) => {
  const out: string[] = [];
  const err: string[] = [];
  let code: number;
  try {
    code = await main(job.argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  } catch (e) {
    code = 3;
    err.push(e instanceof Error ? e.message : String(e));
  }
  parentPort!.postMessage({ file: job.file, code, out: out.join('\n'), err: err.join('\n') });
});
