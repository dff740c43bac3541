/** The single-workbook optimize command, bounded as a whole by its --time-limit (see node/deadline.ts). */
import { armDeadline, READ_WRITE_MARGIN_SEC } from '../node/deadline';
import { langOf } from './args';

const EXIT_NO_ANSWER = 4;

/** Arms the deadline for `optimize <file> -o <out> [--time-limit S]`; a batch (--out-dir) bounds each workbook instead. */
export function armCommandDeadline(argv: string[]): () => void {
  if (argv.some((a) => a === '--out-dir' || a.startsWith('--out-dir=') || a === '--help' || a === '-h')) return () => undefined;
  const at = argv.findIndex((a) => a === '--time-limit' || a.startsWith('--time-limit='));
  const raw = at < 0 ? '30' : argv[at].includes('=') ? argv[at].split('=')[1] : argv[at + 1];
  const seconds = Number(raw);
  // A bad value is refused by the command itself, in the user's language, before anything runs.
  if (!Number.isFinite(seconds) || seconds < 1 || seconds > 3600) return () => undefined;
  const en = langOf(argv) === 'en';
  const message = en
    ? `The command did not finish within --time-limit (${seconds} s, plus ${READ_WRITE_MARGIN_SEC} s for reading and writing) and was stopped; the output file was either left as it was or written whole.`
    : `命令没有在 --time-limit 规定的时间（${seconds} 秒，另加读写的 ${READ_WRITE_MARGIN_SEC} 秒）内完成，已停止；输出文件要么保持原样，要么已完整写出。`;
  return armDeadline(seconds, message, EXIT_NO_ANSWER);
}
