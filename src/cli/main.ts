/**
 * plan-balancer — the command line. Each command is a module with its own options, help and
 * examples (commands/check.ts, optimize.ts, diff.ts); this file finds the command (suggesting one for
 * a typo), reads the command line against that command's options only, and turns every expected
 * problem into one sentence in the user's language (--lang, else the locale) and an exit code.
 *   plan-balancer check <file.xlsx>…     plan-balancer optimize <in.xlsx> [-o out.xlsx]…
 *   plan-balancer diff <a.xlsx> <b.xlsx>  plan-balancer <command> --help   plan-balancer --version
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { msg, pick, type Lang } from '../core/message';
import { FileError } from '../node/files';
import { WorkbookError } from '../xlsx/read';
import { type CommandSpec, commandHelp, displayWidth, EXIT_INTERNAL, EXIT_OK, EXIT_UNREADABLE, langOf, parseCommand, refuse, suggest, UsageError } from './args';
import { CHECK, runCheckCommand } from './commands/check';
import { DIFF, runDiffCommand } from './commands/diff';
import { OPTIMIZE, runOptimizeCommand } from './commands/optimize';
import { armCommandDeadline } from './deadline';
import { type Io, SettingsError } from './input';
import type { RunCommand } from './sharedBatch';

export { EXIT_FINDINGS, EXIT_INTERNAL, EXIT_NO_ANSWER, EXIT_OK, EXIT_UNREADABLE } from './args';
export { outputNames } from './commands/optimize';

const COMMANDS: CommandSpec[] = [CHECK, OPTIMIZE, DIFF];

const defaultIo: Io = { out: (s) => process.stdout.write(s + '\n'), err: (s) => process.stderr.write(s + '\n') };

/** The version in package.json (beside src/ and lib/ alike). */
export function version(): string {
  try {
    return JSON.parse(readFileSync(path.join(__dirname, '../../package.json'), 'utf8')).version as string;
  } catch {
    return 'unknown';
  }
}

/** The program's own help: the commands, one line each, and where each one's options are. */
function programHelp(lang: Lang): string {
  const L = (zh: string, en: string) => (lang === 'zh' ? zh : en);
  const width = Math.max(...COMMANDS.map((c) => displayWidth(pick(c.forms[0], lang))));
  return [
    L('教学计划平衡器（Plan Balancer）：检查并平衡教学进程安排表。', 'Plan Balancer (教学计划平衡器): check and balance teaching-schedule sheets.'),
    '',
    L('用法：', 'Usage:'),
    ...COMMANDS.map((c) => `  plan-balancer ${pick(c.forms[0], lang)}${' '.repeat(width - displayWidth(pick(c.forms[0], lang)) + 2)}${pick(c.summary, lang).split(/[：:]/)[0]}`),
    '',
    L('每个命令的选项和示例：plan-balancer <命令> --help（如 plan-balancer optimize --help）', "Each command's options and examples: plan-balancer <command> --help (e.g. plan-balancer optimize --help)"),
    L('版本：plan-balancer --version；输出语言：--lang zh|en，默认按系统语言（LANG）。', 'Version: plan-balancer --version; language: --lang zh|en, by default the locale (LANG).'),
  ].join('\n');
}

export async function main(argv: string[], io: Io = defaultIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  // The language first, so that even a command line that does not parse is answered in it.
  const lang = langOf(argv, env);
  let command: CommandSpec | undefined;
  try {
    const [first, ...rest] = argv;
    if (first === '--version' || first === '-v' || first === 'version') {
      io.out(`plan-balancer ${version()}`);
      return EXIT_OK;
    }
    if (first === undefined || first === '--help' || first === '-h' || (first === 'help' && rest.length === 0)) {
      (first === undefined ? io.err : io.out)(programHelp(lang));
      return first === undefined ? EXIT_UNREADABLE : EXIT_OK;
    }
    // "help optimize" is "optimize --help".
    const name = first === 'help' ? rest[0] : first;
    command = COMMANDS.find((c) => c.name === name);
    if (!command) {
      const near = name.startsWith('-') ? undefined : suggest(name, COMMANDS.map((c) => c.name));
      throw new UsageError(
        name.startsWith('-')
          ? msg(`请先写命令（check、optimize 或 diff），再写选项：现为“${name}”。`, `Write the command first (check, optimize or diff), then its options: got "${name}".`)
          : near
            ? msg(`未知命令“${name}”。是不是 ${near}？`, `Unknown command "${name}". Did you mean ${near}?`)
            : msg(`未知命令“${name}”：可用 check、optimize 或 diff。`, `Unknown command "${name}": use check, optimize or diff.`),
      );
    }
    if (first === 'help') {
      io.out(commandHelp(command, lang));
      return EXIT_OK;
    }
    const { values, positionals } = parseCommand(command, rest, COMMANDS);
    if (values.help) {
      io.out(commandHelp(command, lang));
      return EXIT_OK;
    }
    if (positionals.length === 0) throw new UsageError(msg('请给出要处理的 .xlsx 文件。', 'Name the .xlsx file.'), command.name);
    if (command === CHECK) return await runCheckCommand(values, positionals, lang, io);
    if (command === OPTIMIZE) return await runOptimizeCommand(values, positionals, lang, io, inProcess);
    return await runDiffCommand(values, positionals, lang, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(pick(e.info, lang));
      const about = COMMANDS.find((c) => c.name === e.command);
      io.err(about ? pick(msg(`用法见 plan-balancer ${about.name} --help`, `See plan-balancer ${about.name} --help`), lang) : programHelp(lang));
      return EXIT_UNREADABLE;
    }
    if (e instanceof SettingsError) return refuse(e.problems, io, lang);
    if (e instanceof WorkbookError || e instanceof FileError) {
      io.err(pick(e.info, lang));
      return EXIT_UNREADABLE;
    }
    const code = (e as NodeJS.ErrnoException)?.code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      // e.g. "--cap -5" or "--cap" with nothing after it: say how to write it (Node's own sentence is English only).
      const option = /'(-{1,2}[\w-]+)/.exec((e as Error).message)?.[1] ?? '';
      io.err(
        pick(
          msg(`选项 ${option} 后面缺少值，或值以“-”开头：请写成 ${option}=值。`, `The option ${option} has no value, or its value starts with "-": write it as ${option}=VALUE.`),
          lang,
        ),
      );
      if (command) io.err(pick(msg(`用法见 plan-balancer ${command.name} --help`, `See plan-balancer ${command.name} --help`), lang));
      return EXIT_UNREADABLE;
    }
    throw e;
  }
}

/** A command run in this process with its output captured (a batch optimizing programmes together). */
const inProcess: RunCommand = async (argv) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (x) => out.push(x), err: (x) => err.push(x) });
  return { code, out: out.join('\n'), err: err.join('\n') };
};

/** The process entry: an unexpected error is one sentence (its stack only with --debug), exit 3. */
export function runMain(argv: string[]): void {
  const disarm = argv[0] === 'optimize' ? armCommandDeadline(argv) : () => undefined;
  main(argv).finally(disarm).then(
    (code) => (process.exitCode = code),
    (e) => {
      const detail = argv.includes('--debug') && e instanceof Error ? `\n${e.stack}` : '';
      const lang = langOf(argv);
      process.stderr.write(
        `${pick(msg('内部错误，请把命令和文件发给开发者', 'Internal error: please send the command and the file to the developers'), lang)}${lang === 'zh' ? '：' : ': '}${e instanceof Error ? e.message : String(e)}${detail}\n`,
      );
      process.exitCode = EXIT_INTERNAL;
    },
  );
}

if (require.main === module) runMain(process.argv.slice(2));
