/**
 * Summary sheets (课时学分统计表): no course rows, but totals and shares computed with formulas over the
 * course sheets (`=教学进程表1!I24+教学进程表2!J26+…`). Each figure is tied to what it claims by the
 * labels beside and above it, so the checker can compare it with the combined plan.
 */

import type { Grid } from '../grid';
import type { Category, StatedFigure } from '../plan';
import { qualify } from '../plan';
import { references } from '../formula';
import { clean, normLabel } from '../text';
import { categoryOf, semesterOf } from './labels';
import type { SheetView } from './sheet';

/** True when the sheet computes from other sheets (a formula names one). */
export function refersToOtherSheets(grid: Grid): boolean {
  for (const row of grid.cells) for (const c of row ?? []) if (c?.f && /!/.test(c.f)) return true;
  return false;
}

function leftLabel(view: SheetView, r: number, c: number): string {
  for (let x = c - 1; x >= 0; x--) {
    const [mr, mc] = view.masterOf(r, x);
    if (mr === r && mc === c) continue;
    const p = view.number(mr, mc);
    if (p.kind === 'number') continue;
    const t = view.label(r, x);
    if (t) return t;
  }
  return '';
}

function aboveLabel(view: SheetView, r: number, c: number): string {
  for (let y = r - 1; y >= 0; y--) {
    const p = view.number(y, c);
    if (p.kind === 'number') continue;
    const t = view.label(y, c);
    if (t) return t;
  }
  return '';
}

function classify(row: string, col: string, value: number): Pick<StatedFigure, 'measure' | 'semester'> | null {
  const both = `${row}|${col}`;
  if (/学分/.test(row) || /学分/.test(col) && !/课时|学时/.test(row)) return null;
  if (/比例|占比/.test(row) && value <= 1.0001) {
    if (/公共(基础)?课/.test(row)) return { measure: 'public-share' };
    if (/实践/.test(row) && !/理论/.test(row)) return { measure: 'practice-share' };
    return null;
  }
  if (/理论/.test(row)) return null;
  if (/总(课|学)时/.test(row)) return { measure: 'total-hours' };
  if (/^(课时|学时)(数)?$/.test(row) && /^(合计|总计)$/.test(col)) return { measure: 'total-hours' };
  if (/公共(基础)?课(程)?(课时|学时)/.test(row)) return { measure: 'public-hours' };
  if (/实践(课时|学时)/.test(row)) return { measure: 'practice-hours' };
  if (/选修课?(课时|学时)/.test(row)) return { measure: 'elective-hours' };
  const s = semesterOf(col);
  if (s?.number && /课时|学时/.test(row)) return { measure: 'semester-hours', semester: s.number };
  void both;
  return null;
}

/** The figures a summary sheet states, each with its (sheet-qualified) cell. */
export function statedFigures(view: SheetView): StatedFigure[] {
  const out: StatedFigure[] = [];
  for (let r = 0; r < view.rows; r++) {
    for (let c = 0; c < view.cols; c++) {
      const [mr, mc] = view.masterOf(r, c);
      if (mr !== r || mc !== c) continue;
      const p = view.number(r, c);
      if (p.kind !== 'number') continue;
      const kind = classify(leftLabel(view, r, c), aboveLabel(view, r, c), p.value);
      if (!kind) continue;
      const figure: StatedFigure = { ...kind, label: leftLabel(view, r, c), value: p.value, cell: qualify(view.grid.sheet, view.address(r, c)), ...(p.formula ? { formula: p.formula } : {}) };
      const links = p.formula ? references(p.formula).filter((x) => x.external) : [];
      if (links.length) {
        const inside = view.withoutExternal(r, c);
        if (inside !== null) figure.external = { value: clean(p.value - inside), refs: links.map((x) => x.text) };
      }
      out.push(figure);
    }
  }
  return out;
}

const CATEGORY_WORD = '(公共基础课?|公共必修课?|专业基础课?|专业核心课?|专业选修课?|专业拓展课?|选修课|公共选修课?|实践教学|岗位实习)';
/** 专业基础课+专业核心课共41学分, 总学时2560, 共3660学时、200学分. */
const CATEGORY_SUM = new RegExp(`${CATEGORY_WORD}((?:[+＋、和与及]${CATEGORY_WORD})*)(?:课程)?(?:共|合计|总计|共计)(?:为)?(\\d+(?:\\.\\d+)?)(学分|学时)`, 'g');
const TOTAL = /(?:总学时|总课时|总学分)(?:数)?(?:为|是|:|：|共|合计)?约?(\d+(?:\.\d+)?)(?:学时|课时|学分)?/g;
const BOTH = /共(?:计)?(\d{3,5})(?:学时|课时)[,，、/](\d{2,3}(?:\.\d+)?)学分/g;
/** A requirement (不少于 2500), not a figure the plan has. */
const BOUND = /不少于|不低于|不超过|不多于|至少|至多|以上|以下|以内|≥|≤|>|<|建议|应|须|要求|一般为|原则上/;

/** The figures a sheet's sentences state about the whole plan, each at its cell. */
export function textFigures(view: SheetView): StatedFigure[] {
  const out: StatedFigure[] = [];
  for (let r = 0; r < view.rows; r++)
    for (let c = 0; c < view.cols; c++) {
      const cell = view.cell(r, c);
      if (!cell || typeof cell.v !== 'string' || cell.f) continue;
      const text = normLabel(cell.v);
      if (text.length < 6) continue;
      const at = qualify(view.grid.sheet, view.address(r, c));
      // Each clause on its own, so a requirement in one does not silence a figure in the next.
      for (const clause of text.split(/[;；。\n]|[①②③④⑤⑥⑦⑧⑨⑩]|\d[、.．](?=\D)/)) {
        const add = (f: Omit<StatedFigure, 'cell' | 'inText'>, index: number, match: string) => {
          if (BOUND.test(clause.slice(Math.max(0, index - 6), index + match.length))) return;
          out.push({ ...f, cell: at, inText: true });
        };
        for (const m of clause.matchAll(BOTH)) {
          add({ measure: 'total-hours', label: m[0], value: Number(m[1]) }, m.index!, m[0]);
          add({ measure: 'total-credits', label: m[0], value: Number(m[2]) }, m.index!, m[0]);
        }
        for (const m of clause.matchAll(TOTAL)) {
          if (!m[1]) continue;
          add({ measure: /学分/.test(m[0]) ? 'total-credits' : 'total-hours', label: m[0], value: Number(m[1]) }, m.index!, m[0]);
        }
        for (const m of clause.matchAll(CATEGORY_SUM)) {
          const words = [m[1], ...m[2].split(/[+＋、和与及]/).filter(Boolean)];
          const categories = [...new Set(words.map((w) => categoryOf(w)).filter((x): x is Category => x !== null))];
          if (categories.length !== words.length) continue;
          add({ measure: m[5] === '学分' ? 'category-credits' : 'category-hours', categories, label: m[0], value: Number(m[4]) }, m.index!, m[0]);
        }
      }
    }
  return out;
}
