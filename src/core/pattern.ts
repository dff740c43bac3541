/**
 * Course-name patterns from a rules file, matched in linear time. JavaScript's own RegExp backtracks:
 * `^(a+)+$` against "aaaa…a!" takes longer than the universe, and the optimizer would wait on it. Here
 * a pattern is compiled to a Thompson automaton and run over the name once, every state at a time
 * (Pike's method): time is at most the name's length × the pattern's size (≤ 2,000 states), whatever
 * the pattern; answers are cached per pattern and name, as the optimizer asks the same ones often. The
 * syntax is JavaScript's without the parts that need backtracking: back-references and look-arounds
 * are refused with a message, as is a pattern too long or too large once its counts are expanded.
 */

import { msg, type Message } from './message';

/** A pattern longer than this, or compiling to more states, is refused: no course name needs one. */
export const MAX_PATTERN_LENGTH = 300;
export const MAX_PATTERN_STATES = 2_000;

export class PatternError extends Error {
  constructor(readonly info: Message) {
    super(info.en);
  }
}

type CharTest = (c: number) => boolean;

type Inst =
  | { op: 'char'; test: CharTest; next: number }
  | { op: 'split'; a: number; b: number }
  | { op: 'jmp'; to: number }
  | { op: 'assert'; kind: '^' | '$' | 'b' | 'B'; next: number }
  | { op: 'match' };

/** The syntax tree. */
type Node =
  | { t: 'char'; test: CharTest }
  | { t: 'assert'; kind: '^' | '$' | 'b' | 'B' }
  | { t: 'cat'; items: Node[] }
  | { t: 'alt'; items: Node[] }
  | { t: 'repeat'; node: Node; min: number; max: number }; // max Infinity: unbounded

const isDigit: CharTest = (c) => c >= 48 && c <= 57;
const isWord: CharTest = (c) => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
// JavaScript's \s: ASCII and Unicode white space, line terminators, the BOM.
const SPACES = new Set([9, 10, 11, 12, 13, 32, 160, 5760, 8232, 8233, 8239, 8287, 12288, 65279]);
const isSpace: CharTest = (c) => SPACES.has(c) || (c >= 8192 && c <= 8202);
const isLineEnd: CharTest = (c) => c === 10 || c === 13 || c === 8232 || c === 8233;
const not =
  (t: CharTest): CharTest =>
  (c) =>
    !t(c);

const bad = (zh: string, en: string) => new PatternError(msg(zh, en));

class Parser {
  private i = 0;
  constructor(private readonly src: string) {}

  parse(): Node {
    const node = this.alternation();
    if (this.i < this.src.length) throw bad(`第 ${this.i + 1} 个字符处多了一个“)”`, `an unmatched ")" at character ${this.i + 1}`);
    return node;
  }

  private alternation(): Node {
    const items = [this.sequence()];
    while (this.src[this.i] === '|') {
      this.i++;
      items.push(this.sequence());
    }
    return items.length === 1 ? items[0] : { t: 'alt', items };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const atom = this.atom();
      items.push(this.quantified(atom));
    }
    return items.length === 1 ? items[0] : { t: 'cat', items };
  }

  /** `{n}`, `{n,}`, `{n,m}` at the cursor, or null (then `{` is an ordinary character, as in JavaScript). */
  private count(): { min: number; max: number; length: number } | null {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
    if (!m) return null;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    if (max < min) throw bad(`次数范围 ${m[0]} 的上限小于下限`, `the count ${m[0]} has its maximum below its minimum`);
    return { min, max, length: m[0].length };
  }

  private quantified(atom: Node): Node {
    let node = atom;
    for (;;) {
      const ch = this.src[this.i];
      let min: number;
      let max: number;
      if (ch === '*' || ch === '+' || ch === '?') {
        this.i++;
        [min, max] = ch === '*' ? [0, Infinity] : ch === '+' ? [1, Infinity] : [0, 1];
      } else if (ch === '{' && this.count()) {
        const q = this.count()!;
        this.i += q.length;
        ({ min, max } = q);
      } else return node;
      if (node.t === 'assert') throw bad('位置符号（^、$、\\b）后不能跟次数', 'an anchor (^, $, \\b) cannot be repeated');
      if (this.src[this.i] === '?') this.i++; // lazy: the same answer to "does it match?"
      if (this.src[this.i] === '*' || this.src[this.i] === '+' || this.src[this.i] === '?' || (this.src[this.i] === '{' && this.count())) throw bad('次数符号连用（如 a**），没有可重复的内容', 'a count follows a count (as in a**): nothing to repeat');
      node = { t: 'repeat', node, min, max };
    }
  }

  private atom(): Node {
    const ch = this.src[this.i];
    switch (ch) {
      case '(': {
        this.i++;
        if (this.src.startsWith('?:', this.i)) this.i += 2;
        else if (/^\?<[A-Za-z_$][\w$]*>/.test(this.src.slice(this.i))) this.i = this.src.indexOf('>', this.i) + 1;
        else if (this.src[this.i] === '?') throw bad('使用了前瞻或后顾（如 (?=…)、(?!…)），本工具不支持', 'it uses a look-ahead or look-behind ((?=…), (?!…)), which this tool does not support');
        const inner = this.alternation();
        if (this.src[this.i] !== ')') throw bad('括号没有闭合', 'a "(" is never closed');
        this.i++;
        return { t: 'cat', items: [inner] }; // a group may be repeated even when it holds only ^ or $
      }
      case '[':
        return this.charClass();
      case '.':
        this.i++;
        return { t: 'char', test: not(isLineEnd) };
      case '^':
        this.i++;
        return { t: 'assert', kind: '^' };
      case '$':
        this.i++;
        return { t: 'assert', kind: '$' };
      case '*':
      case '+':
      case '?':
        throw bad(`第 ${this.i + 1} 个字符“${ch}”前没有可重复的内容`, `nothing to repeat before "${ch}" at character ${this.i + 1}`);
      case '{':
        if (this.count()) throw bad(`第 ${this.i + 1} 个字符处的次数前没有可重复的内容`, `nothing to repeat before the count at character ${this.i + 1}`);
        break;
      case '\\': {
        const e = this.escape(false);
        if (typeof e !== 'number') return e;
        return { t: 'char', test: (c) => c === e };
      }
    }
    const code = this.src.charCodeAt(this.i++);
    return { t: 'char', test: (c) => c === code };
  }

  /** After a backslash: a class (\d), an assertion (\b, outside classes), or one character's code. */
  private escape(inClass: boolean): Node | number {
    this.i++; // the backslash
    const ch = this.src[this.i];
    if (ch === undefined) throw bad('以反斜杠“\\”结尾', 'it ends with a backslash');
    this.i++;
    switch (ch) {
      case 'd':
        return { t: 'char', test: isDigit };
      case 'D':
        return { t: 'char', test: not(isDigit) };
      case 'w':
        return { t: 'char', test: isWord };
      case 'W':
        return { t: 'char', test: not(isWord) };
      case 's':
        return { t: 'char', test: isSpace };
      case 'S':
        return { t: 'char', test: not(isSpace) };
      case 'b':
        return inClass ? 8 : { t: 'assert', kind: 'b' };
      case 'B':
        if (!inClass) return { t: 'assert', kind: 'B' };
        break;
      case 't':
        return 9;
      case 'n':
        return 10;
      case 'v':
        return 11;
      case 'f':
        return 12;
      case 'r':
        return 13;
      case '0':
        if (!/[0-9]/.test(this.src[this.i] ?? '')) return 0;
        break;
      case 'x': {
        const m = /^[0-9A-Fa-f]{2}/.exec(this.src.slice(this.i));
        if (m) return (this.i += 2), parseInt(m[0], 16);
        return 120;
      }
      case 'u': {
        const m = /^[0-9A-Fa-f]{4}/.exec(this.src.slice(this.i));
        if (m) return (this.i += 4), parseInt(m[0], 16);
        return 117;
      }
      case 'c': {
        const m = /^[A-Za-z]/.exec(this.src.slice(this.i));
        if (m) return (this.i += 1), m[0].charCodeAt(0) % 32;
        this.i--; // "\c" without a letter is a backslash and a "c"
        return 92;
      }
      case 'k':
        if (this.src[this.i] === '<') throw bad('使用了反向引用（\\k<名称>），本工具不支持', 'it uses a back-reference (\\k<name>), which this tool does not support');
        break;
    }
    if (/[1-9]/.test(ch)) {
      if (inClass) return ch.charCodeAt(0); // an octal escape there; no name has control characters
      throw bad(`使用了反向引用（\\${ch}），本工具不支持`, `it uses a back-reference (\\${ch}), which this tool does not support`);
    }
    return ch.charCodeAt(0);
  }

  private charClass(): Node {
    this.i++; // [
    let negate = false;
    if (this.src[this.i] === '^') {
      negate = true;
      this.i++;
    }
    const tests: CharTest[] = [];
    const item = (): CharTest | number => {
      if (this.src[this.i] === '\\') {
        const e = this.escape(true);
        return typeof e === 'number' ? e : (e as { test: CharTest }).test;
      }
      return this.src.charCodeAt(this.i++);
    };
    while (this.src[this.i] !== ']') {
      if (this.i >= this.src.length) throw bad('方括号没有闭合', 'a "[" is never closed');
      const a = item();
      if (this.src[this.i] === '-' && this.src[this.i + 1] !== ']' && this.i + 1 < this.src.length) {
        this.i++;
        const b = item();
        if (typeof a === 'number' && typeof b === 'number') {
          if (b < a) throw bad('字符范围的顺序颠倒（如 [z-a]）', 'a character range is out of order (as in [z-a])');
          tests.push((c) => c >= a && c <= b);
          continue;
        }
        // A class in a range ([\d-x]) is the class, "-" and the other end, as in JavaScript.
        tests.push(typeof a === 'number' ? (c) => c === a : a, (c) => c === 45, typeof b === 'number' ? (c) => c === b : b);
        continue;
      }
      tests.push(typeof a === 'number' ? (c) => c === a : a);
    }
    this.i++; // ]
    const any: CharTest = (c) => tests.some((t) => t(c));
    return { t: 'char', test: negate ? not(any) : any };
  }
}

/** Thompson construction; every count is expanded, so the program's size is bounded here. */
function compileProgram(root: Node): Inst[] {
  const prog: Inst[] = [];
  const emit = (inst: Inst): number => {
    if (prog.length >= MAX_PATTERN_STATES) throw new PatternError(msg(`展开后过大（超过 ${MAX_PATTERN_STATES} 个状态，如 {1000} 这样的大次数）`, `it is too large once expanded (more than ${MAX_PATTERN_STATES} states, as with a count like {1000})`));
    prog.push(inst);
    return prog.length - 1;
  };
  // Each node is emitted at the end of the program; `next` fields pointing past it are patched later.
  const gen = (n: Node): void => {
    switch (n.t) {
      case 'char':
        emit({ op: 'char', test: n.test, next: prog.length + 1 });
        return;
      case 'assert':
        emit({ op: 'assert', kind: n.kind, next: prog.length + 1 });
        return;
      case 'cat':
        for (const x of n.items) gen(x);
        return;
      case 'alt': {
        // split L1, next; L1: a; jmp end; next: split …
        const jumps: number[] = [];
        n.items.forEach((x, k) => {
          if (k < n.items.length - 1) {
            const split = emit({ op: 'split', a: prog.length + 1, b: -1 });
            gen(x);
            jumps.push(emit({ op: 'jmp', to: -1 }));
            (prog[split] as { b: number }).b = prog.length;
          } else gen(x);
        });
        for (const j of jumps) (prog[j] as { to: number }).to = prog.length;
        return;
      }
      case 'repeat': {
        for (let k = 0; k < n.min; k++) gen(n.node);
        if (n.max === Infinity) {
          // L: split body, end; body; jmp L
          const loop = emit({ op: 'split', a: prog.length + 1, b: -1 });
          gen(n.node);
          emit({ op: 'jmp', to: loop });
          (prog[loop] as { b: number }).b = prog.length;
        } else {
          const splits: number[] = [];
          for (let k = n.min; k < n.max; k++) {
            splits.push(emit({ op: 'split', a: prog.length + 1, b: -1 }));
            gen(n.node);
          }
          for (const s of splits) (prog[s] as { b: number }).b = prog.length;
        }
        return;
      }
    }
  };
  gen(root);
  emit({ op: 'match' });
  return prog;
}

export interface CompiledPattern {
  source: string;
  /** Does the pattern occur in the text (as RegExp.prototype.test would say)? Linear time. */
  test(text: string): boolean;
}

/** Compiles a pattern, or throws PatternError saying why it is refused. */
export function compilePattern(source: string): CompiledPattern {
  if (source.length > MAX_PATTERN_LENGTH) throw new PatternError(msg(`长度超过 ${MAX_PATTERN_LENGTH} 个字符`, `it is longer than ${MAX_PATTERN_LENGTH} characters`));
  const prog = compileProgram(new Parser(source).parse());
  const size = prog.length;
  // The optimizer asks about the same few course names again and again: each answer is kept.
  const answers = new Map<string, boolean>();
  const run = (s: string): boolean => {
    let current: number[] = [];
    let next: number[] = [];
    // Which step a state was last added in: each state at most once per position.
    const seen = new Int32Array(size).fill(-1);
    const stack: number[] = [];
    let step = 0;
    const add = (list: number[], pc0: number, at: number): boolean => {
      stack.push(pc0);
      while (stack.length) {
        const pc = stack.pop()!;
        if (seen[pc] === step) continue;
        seen[pc] = step;
        const inst = prog[pc];
        switch (inst.op) {
          case 'match':
            stack.length = 0;
            return true;
          case 'jmp':
            stack.push(inst.to);
            break;
          case 'split':
            stack.push(inst.b, inst.a);
            break;
          case 'assert': {
            const before = at > 0 && isWord(s.charCodeAt(at - 1));
            const after = at < s.length && isWord(s.charCodeAt(at));
            const ok = inst.kind === '^' ? at === 0 : inst.kind === '$' ? at === s.length : inst.kind === 'b' ? before !== after : before === after;
            if (ok) stack.push(inst.next);
            break;
          }
          case 'char':
            list.push(pc);
            break;
        }
      }
      return false;
    };
    for (let at = 0; ; at++) {
      // Unanchored search: a fresh start at every position, like RegExp.test.
      if (add(current, 0, at)) return true;
      if (at >= s.length) return false;
      const c = s.charCodeAt(at);
      step++;
      next.length = 0;
      for (const pc of current) {
        const inst = prog[pc] as { op: 'char'; test: CharTest; next: number };
        if (inst.test(c) && add(next, inst.next, at + 1)) return true;
      }
      [current, next] = [next, current];
    }
  };
  return {
    source,
    test(text: string): boolean {
      let answer = answers.get(text);
      if (answer === undefined) {
        answer = run(text);
        if (answers.size > 10_000) answers.clear();
        answers.set(text, answer);
      }
      return answer;
    },
  };
}

const cache = new Map<string, CompiledPattern | null>();

/** A compiled pattern, cached; null when it is refused (the rules check has said so with its path). */
export function patternOf(source: string): CompiledPattern | null {
  let p = cache.get(source);
  if (p === undefined) {
    try {
      p = compilePattern(source);
    } catch {
      p = null;
    }
    if (cache.size > 500) cache.clear();
    cache.set(source, p);
  }
  return p;
}

/** Why a pattern is refused, or null when it compiles. */
export function patternProblem(source: unknown): Message | null {
  if (typeof source !== 'string') return msg('应为文字（正则表达式）', 'must be text (a regular expression)');
  try {
    compilePattern(source);
    return null;
  } catch (e) {
    if (e instanceof PatternError) return e.info;
    return msg('无法解析', 'cannot be parsed');
  }
}
