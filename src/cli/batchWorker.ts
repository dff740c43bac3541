/**
 * worker_threads entry for batch review: checks one workbook at a time, exactly as `plan-balancer check
 * <file> --json` would (the same code path), and posts back its exit code and output.
 */
import { parentPort } from 'node:worker_threads';
import { main } from './main';

interface Job {
  file: string;
  args: string[];
}

parentPort!.on('message', async (job: Job) => {
  const out: string[] = [];
  const err: string[] = [];
  let code: number;
  try {
    code = await main(['check', job.file, '--json', ...job.args], { out: (s) => out.push(s), err: (s) => err.push(s) });
  } catch (e) {
    code = 3;
    err.push(e instanceof Error ? e.message : String(e));
  }
  parentPort!.postMessage({ file: job.file, code, out: out.join('\n'), err: err.join('\n') });
});
