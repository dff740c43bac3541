/**
 * What a person must not read in the pane, the report sheet or a note (GUIDE: "no rule ids, option
 * names, engine names or raw floats; Chinese punctuation"): the checker's rule ids, command-line
 * options, solver engines, numbers with more than two decimals, enum words, and half-width ":" "(" ")"
 * beside Chinese text. Each problem comes back with the text around it.
 */

const RULE_IDS =
  /\b(share-(elective|public-basic|practice)|weekly-load(-stated)?|weekly-cap|course-(un|under|over)placed|course-credits-placement|course-count|credits-(hours|missing)|(sub)?total-mismatch|sum-range|internship-(length|placement|exclusive)|block-weeks|duplicate-course|summary-(mismatch|agrees)|weeks-as-weekly-hours|total-hours-min|min-load|norm-[a-z-]+)\b/;
const OPTION = /(^|[\s(（“"])--[a-z][a-z-]*/;
const ENGINE = /\b(highs|jslp|javascript-lp-solver|glpk|cbc)\b/i;
const RAW_FLOAT = /\d\.\d{3,}/;
/** Words the code uses for its own states, never for a person. */
const ENUM = /\b(relaxed|zhongzhi|gaozhi|publicBasic|undefined|NaN|null|\[object Object\])\b/;
const CJK = '[\\u3400-\\u9fff]';
/** A half-width colon or parenthesis touching Chinese (one space allowed between). */
const HALF_WIDTH = new RegExp(`${CJK} ?[:()]|[:()] ?${CJK}`);

export interface WordProblem {
  kind: 'rule id' | 'option' | 'engine' | 'raw float' | 'enum word' | 'half-width punctuation';
  at: string;
}

function around(text: string, index: number): string {
  return text.slice(Math.max(0, index - 30), index + 30).replace(/\s+/g, ' ');
}

/** Problems in one text; `zh`: the text is Chinese (its punctuation is checked too). */
export function wordProblems(text: string, zh: boolean): WordProblem[] {
  const out: WordProblem[] = [];
  const checks: [WordProblem['kind'], RegExp][] = [
    ['rule id', RULE_IDS],
    ['option', OPTION],
    ['engine', ENGINE],
    ['raw float', RAW_FLOAT],
    ['enum word', ENUM],
  ];
  if (zh) checks.push(['half-width punctuation', HALF_WIDTH]);
  for (const [kind, re] of checks) {
    const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
    for (const m of text.matchAll(g)) out.push({ kind, at: around(text, m.index ?? 0) });
  }
  return out;
}

/** Every problem in a list of texts, each named by where it was found. */
export function allWordProblems(texts: { where: string; text: string }[], zh: boolean): string[] {
  return texts.flatMap(({ where, text }) => wordProblems(text, zh).map((p) => `${where}: ${p.kind}: …${p.at}…`));
}
