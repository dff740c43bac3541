/**
 * The command line's grammar: each command declares its own options (with the words its help shows),
 * and a command line is read against that table only — an option another command takes, or none
 * does, is refused with what to write instead, never silently ignored. Also: the language (--lang,
 * else the locale: LC_ALL, LC_MESSAGES, LANG), typo suggestions, per-command help with examples.
 */
import { parseArgs } from 'node:util';
import { msg, pick, type Lang, type Message } from '../core/message';
import type { Io } from './input';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_UNREADABLE = 2;
export const EXIT_INTERNAL = 3;
export const EXIT_NO_ANSWER = 4;

export type Values = Record<string, string | boolean | string[] | undefined>;

export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  /** What the value is, as the help writes it (学时, FILE …). */
  value?: Message;
  help: Message;
}

export interface CommandSpec {
  name: string;
  /** One line: what the command does. */
  summary: Message;
  /** The forms it is written in, without the program's name ("check <文件.xlsx> [选项]"). */
  forms: Message[];
  /** More about it, a few lines. */
  about?: Message;
  options: Record<string, OptionSpec>;
  examples: { line: string; what: Message }[];
}

/** Options every command takes. */
export const COMMON: Record<string, OptionSpec> = {
  lang: { type: 'string', value: msg('zh|en', 'zh|en'), help: msg('输出语言（默认按系统语言 LANG）', 'language of the output (default: the locale, LANG)') },
  help: { type: 'boolean', short: 'h', help: msg('显示本命令的用法和示例', "show this command's usage and examples") },
  debug: { type: 'boolean', help: msg('内部错误时显示调用栈（给开发者）', 'print the stack of an internal error (for developers)') },
};

export class UsageError extends Error {
  constructor(
    readonly info: Message,
    /** The command whose help to show after the message (none: the program's). */
    readonly command?: string,
  ) {
    super(info.en);
  }
}

/** The language: --lang if given, else the locale's (en_* → English); Chinese otherwise (C, POSIX, unset, zh_*). */
export function langOf(argv: string[], env: NodeJS.ProcessEnv = process.env): Lang {
  const at = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const given = at < 0 ? undefined : argv[at].includes('=') ? argv[at].slice('--lang='.length) : argv[at + 1];
  if (given) return /^en/i.test(given) ? 'en' : 'zh';
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^en/i.test(locale) ? 'en' : 'zh';
}

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1), i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1] ? d[i - 2][j - 2] + 1 : Infinity);
  return d[a.length][b.length];
}

/** The closest of `candidates` to a mistyped word, if one is close enough (two edits, or one for short words). */
export function suggest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  const prefix = candidates.find((c) => word.length >= 3 && c.startsWith(word.toLowerCase()));
  return bestD <= (word.length <= 4 ? 1 : 2) ? best : prefix;
}

function allOptions(spec: CommandSpec): Record<string, OptionSpec> {
  return { ...spec.options, ...COMMON };
}

/**
 * The command line read against the command's own options. Every option it does not take is named
 * at once, with the command that takes it or the option meant; nothing runs.
 */
export function parseCommand(spec: CommandSpec, argv: string[], others: CommandSpec[]): { values: Values; positionals: string[] } {
  const options = allOptions(spec);
  const shorts = new Map(Object.entries(options).flatMap(([name, o]) => (o.short ? [[o.short, name] as const] : [])));
  const problems: Message[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--') break;
    if (!token.startsWith('-') || token === '-' || /^-\d/.test(token)) continue;
    const long = token.startsWith('--');
    const name = long ? token.slice(2).split('=')[0] : shorts.get(token.slice(1, 2));
    const known = name !== undefined ? options[name] : undefined;
    if (known) {
      // A string option's value is the next word unless written --name=value.
      if (known.type === 'string' && !token.includes('=') && (long || token.length === 2)) i++;
      continue;
    }
    problems.push(unknownOption(spec, token, long ? token.slice(2).split('=')[0] : token.slice(1), others));
  }
  if (problems.length) throw new UsageError(problems.length === 1 ? problems[0] : msg(problems.map((p) => p.zh).join('\n'), problems.map((p) => p.en).join('\n')), spec.name);
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: Object.fromEntries(Object.entries(options).map(([name, o]) => [name, { type: o.type, ...(o.multiple ? { multiple: true } : {}), ...(o.short ? { short: o.short } : {}) }])),
  });
  return { values: values as Values, positionals };
}

function unknownOption(spec: CommandSpec, token: string, name: string, others: CommandSpec[]): Message {
  const owner = others.find((o) => o !== spec && Object.prototype.hasOwnProperty.call(o.options, name));
  if (owner)
    return msg(
      `${spec.name} 不接受 ${token}：这是 ${owner.name} 的选项（见 plan-balancer ${owner.name} --help）。`,
      `${spec.name} does not take ${token}: it is an option of ${owner.name} (see plan-balancer ${owner.name} --help).`,
    );
  const near = suggest(name, Object.keys(allOptions(spec)));
  return near
    ? msg(`${spec.name} 没有选项 ${token}。是不是 --${near}？`, `${spec.name} has no option ${token}. Did you mean --${near}?`)
    : msg(`${spec.name} 没有选项 ${token}。`, `${spec.name} has no option ${token}.`);
}

/** A command's help: its forms, what it does, every option it takes, examples. */
export function commandHelp(spec: CommandSpec, lang: Lang): string {
  const L = (zh: string, en: string) => (lang === 'zh' ? zh : en);
  const out: string[] = [];
  const head = L('用法：', 'Usage: ');
  out.push(spec.forms.map((f, i) => `${i ? ' '.repeat(displayWidth(head)) : head}plan-balancer ${pick(f, lang)}`).join('\n'));
  out.push('');
  out.push(pick(spec.summary, lang));
  if (spec.about) out.push(pick(spec.about, lang));
  out.push('');
  out.push(L('选项：', 'Options:'));
  const rows = Object.entries(allOptions(spec)).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${o.value ? ` ${pick(o.value, lang)}` : ''}${o.multiple ? ' …' : ''}`;
    return [flag, pick(o.help, lang)];
  });
  const width = Math.min(34, Math.max(...rows.map(([f]) => displayWidth(f))));
  for (const [flag, help] of rows) out.push(`  ${flag}${' '.repeat(Math.max(2, width - displayWidth(flag) + 2))}${help}`);
  out.push('');
  out.push(L('示例：', 'Examples:'));
  for (const e of spec.examples) {
    out.push(`  ${e.line}`);
    out.push(`      ${pick(e.what, lang)}`);
  }
  return out.join('\n');
}

export function displayWidth(s: string): number {
  let width = 0;
  for (const ch of s) width += /[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]/.test(ch) ? 2 : 1;
  return width;
}

export function refuse(problems: Message[], io: Io, lang: Lang): number {
  io.err(pick(msg(`有 ${problems.length} 处设置需要修正，未做任何处理：`, `${problems.length} setting(s) need fixing; nothing was done:`), lang));
  for (const p of problems) io.err(`  • ${pick(p, lang)}`);
  return EXIT_UNREADABLE;
}

/** A number option within [min, max] (integers where asked); a problem, not an exception, when not. */
export function numberOption(values: Values, flag: string, min: number, max: number, problems: Message[], integer = false, list = false): number | number[] | undefined {
  const raw = values[flag];
  if (raw === undefined || typeof raw !== 'string') return undefined;
  const parts = raw.split(/[,，\s]+/).filter(Boolean);
  const nums = parts.map((x) => Number(x.replace(/^＋|^\+/, '')));
  const ok = parts.length > 0 && (list || parts.length === 1) && nums.every((x) => Number.isFinite(x) && x >= min && x <= max && (!integer || Number.isInteger(x)));
  if (!ok) {
    problems.push(
      msg(
        `--${flag} 应为 ${min}–${max} 之间的${integer ? '整' : ''}数${list ? '（一个，或每学期一个，用逗号分隔）' : ''}：现为“${raw}”。`,
        `--${flag} takes ${list ? 'one number or one per semester (comma-separated), each' : 'a number'} from ${min} to ${max}${integer ? ', whole' : ''}: got "${raw}".`,
      ),
    );
    return undefined;
  }
  return list && nums.length > 1 ? nums : nums[0];
}

/** A preset the options name, or a problem: undefined is "as the workbook's level says". */
export function presetOption(values: Values, problems: Message[]): 'zhongzhi' | 'gaozhi' | undefined {
  const preset = values.preset === undefined || values.preset === 'auto' ? undefined : String(values.preset);
  if (preset !== undefined && preset !== 'zhongzhi' && preset !== 'gaozhi') {
    problems.push(msg(`未知预设“${preset}”：可用 zhongzhi（中职）、gaozhi（高职）或 auto（按工作簿判断）。`, `Unknown preset "${preset}": use zhongzhi, gaozhi or auto.`));
    return undefined;
  }
  return preset;
}

/** What every command that reads a plan takes. */
export const READ_OPTIONS: Record<string, OptionSpec> = {
  sheet: { type: 'string', value: msg('工作表', 'SHEET'), help: msg('只读这一张工作表', 'read this sheet only') },
  exclude: { type: 'string', multiple: true, value: msg('工作表', 'SHEET'), help: msg('不计入这张工作表（可重复）', 'leave this sheet out (repeatable)') },
  rules: { type: 'string', value: msg('规则.json', 'RULES.json'), help: msg('用 JSON 文件改写任何规则数值', 'override any rule value from a JSON file') },
};
