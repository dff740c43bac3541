/**
 * Before exceljs sees a workbook: bound what it would allocate. A merge or a style over the whole
 * sheet (A1:XFD1048576) or millions of empty, formatted rows make exceljs create a cell or row object
 * for each, and run out of memory. Sheets are scanned as text: rows and cells that hold nothing are
 * dropped, merges are clamped to the area that holds data, and a sheet whose data is larger than a
 * plan can be is refused with its name — all before any object is built.
 */

import JSZip from 'jszip';
import { columnIndex, columnLetter } from '../core/grid';
import { msg, type Message } from '../core/message';

/** A teaching plan never needs more: beyond these, a sheet is refused with a message. */
export const MAX_DATA_ROWS = 20_000;
export const MAX_DATA_COLS = 300;
/** Uncompressed size of one sheet's XML that we still read. */
export const MAX_SHEET_XML = 64 * 1024 * 1024;
/** How far a merge may reach past the data before it is cut to it. */
const MERGE_SLACK_ROWS = 200;
const MERGE_SLACK_COLS = 50;

export class SheetTooLarge extends Error {
  constructor(readonly info: Message) {
    super(info.en);
  }
}

/** 1-based column number and letters, as the XML writes them. */
const colIndex = (letters: string): number => columnIndex(letters) + 1;
const colLetters = (n: number): string => columnLetter(n - 1);

/** Sheet part path → sheet name, from workbook.xml and its relationships. */
async function sheetNames(zip: JSZip): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const wb = await zip.file('xl/workbook.xml')?.async('string');
  const rels = await zip.file('xl/_rels/workbook.xml.rels')?.async('string');
  if (!wb || !rels) return out;
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]+)"/.exec(m[0])?.[1];
    const target = /\bTarget="([^"]+)"/.exec(m[0])?.[1];
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  for (const m of wb.matchAll(/<sheet\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1];
    const id = /\br:id="([^"]+)"/.exec(m[0])?.[1];
    const part = id && targets.get(id);
    if (name !== undefined && part) out.set(part, name.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'"));
  }
  return out;
}

const EMPTY_ROW = /<row\b[^>]*\/>|<row\b[^>]*>\s*<\/row>/g;
const CELL = /<c\b[^>]*?\br="([A-Z]{1,3})(\d{1,7})"[^>]*?(\/>|>[\s\S]*?<\/c>)/g;

export interface Sanitized {
  data: Uint8Array;
  notes: Message[];
}

/** Returns the workbook bytes to give exceljs (the same bytes when nothing needed bounding). */
export async function sanitizeXlsx(data: Uint8Array): Promise<Sanitized> {
  const zip = await JSZip.loadAsync(data);
  const names = await sheetNames(zip);
  const notes: Message[] = [];
  let changed = false;
  for (const part of Object.keys(zip.files).filter((p) => /^xl\/worksheets\/[^/]+\.xml$/.test(p))) {
    const file = zip.file(part)!;
    const size = (file as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;
    const sheet = names.get(part) ?? part;
    if (size > MAX_SHEET_XML)
      throw new SheetTooLarge(msg(`工作表“${sheet}”的内容超过 ${MAX_SHEET_XML / 1024 / 1024} MB，不像一张教学计划表，无法读取。`, `Sheet "${sheet}" holds more than ${MAX_SHEET_XML / 1024 / 1024} MB of data; that is no teaching plan, and it cannot be read.`));
    let xml = await file.async('string');
    // The data area: cells holding a value, a formula or inline text.
    let maxRow = 0;
    let maxCol = 0;
    let kept = 0;
    for (const m of xml.matchAll(CELL)) {
      if (m[3] === '/>' || !/<(v|f|is)\b/.test(m[3])) continue;
      const r = Number(m[2]);
      const c = colIndex(m[1]);
      if (r > maxRow) maxRow = r;
      if (c > maxCol) maxCol = c;
      kept++;
    }
    if (maxRow > MAX_DATA_ROWS || maxCol > MAX_DATA_COLS)
      throw new SheetTooLarge(
        msg(
          `工作表“${sheet}”有数据的区域达 ${maxRow} 行 × ${maxCol} 列（${kept} 个单元格），超过本工具的上限（${MAX_DATA_ROWS} 行、${MAX_DATA_COLS} 列）。请把教学计划表单独另存为一个工作簿再试。`,
          `Sheet "${sheet}" has data up to row ${maxRow} and column ${maxCol} (${kept} cells), beyond this tool's limit (${MAX_DATA_ROWS} rows, ${MAX_DATA_COLS} columns). Save the teaching plan in a workbook of its own and try again.`,
        ),
      );
    const before = xml.length;
    // Style-only cells outside the data area, then rows left with nothing.
    xml = xml.replace(CELL, (whole, letters: string, row: string, body: string) => (body === '/>' && (Number(row) > maxRow || colIndex(letters) > maxCol) ? '' : whole));
    xml = xml.replace(EMPTY_ROW, '');
    // Merges clamped to the data area (a merge over the whole sheet becomes the table's width).
    let clamped = 0;
    xml = xml.replace(/<mergeCell\b[^>]*\bref="([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})"[^>]*\/>/g, (whole, c0: string, r0: string, c1: string, r1: string) => {
      const a = { c: colIndex(c0), r: Number(r0) };
      // A merge that hangs a little past the data (a note block under the table) is left as it is.
      if (Number(r1) <= maxRow + MERGE_SLACK_ROWS && colIndex(c1) <= maxCol + MERGE_SLACK_COLS) return whole;
      const b = { c: Math.min(colIndex(c1), Math.max(maxCol, a.c)), r: Math.min(Number(r1), Math.max(maxRow, a.r)) };
      if (a.r > maxRow || a.c > maxCol) return clampedNote();
      if (b.c === colIndex(c1) && b.r === Number(r1)) return whole;
      clamped++;
      return a.c === b.c && a.r === b.r ? '' : `<mergeCell ref="${c0}${r0}:${colLetters(b.c)}${b.r}"/>`;
    });
    function clampedNote(): string {
      clamped++;
      return '';
    }
    xml = xml.replace(/<mergeCells\b[^>]*\bcount="\d+"([^>]*)>\s*<\/mergeCells>/g, '').replace(/<mergeCells\b[^>]*\/>/g, '');
    if (maxRow > 0) xml = xml.replace(/<dimension\b[^>]*\/>/, `<dimension ref="A1:${colLetters(Math.max(1, maxCol))}${maxRow}"/>`);
    if (xml.length !== before || clamped > 0) {
      changed = true;
      zip.file(part, xml);
      if (clamped > 0 || before - xml.length > 1_000_000)
        notes.push(
          msg(
            `工作表“${sheet}”的格式或合并单元格远超出有数据的区域（到第 ${maxRow} 行、第 ${colLetters(Math.max(1, maxCol))} 列）：只读取有数据的区域${clamped ? `，${clamped} 个合并区域按此截取` : ''}。`,
            `Sheet "${sheet}" has formatting or merged cells far beyond its data (row ${maxRow}, column ${colLetters(Math.max(1, maxCol))}): only the data area is read${clamped ? `, ${clamped} merged area(s) cut to it` : ''}.`,
          ),
        );
    }
  }
  if (await normalizePartNames(zip)) changed = true;
  // Drawings written with a default namespace (openpyxl) are the same XML with the usual prefix.
  for (const part of Object.keys(zip.files).filter((p) => /^xl\/drawings\/[^/]+\.xml$/.test(p))) {
    const xml = await zip.file(part)!.async('string');
    const fixed = prefixDrawing(xml);
    if (fixed !== xml) {
      zip.file(part, fixed);
      changed = true;
    }
  }
  if (!changed) return { data, notes };
  return { data: await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }), notes };
}

/**
 * exceljs finds comments and their VML only at Excel's own part names (xl/comments1.xml,
 * xl/drawings/vmlDrawing1.vml) and relative targets; openpyxl writes xl/comments/comment1.xml and
 * absolute targets. Renames such parts and rewrites the sheets' relationships and content types.
 */
async function normalizePartNames(zip: JSZip): Promise<boolean> {
  const parts = Object.keys(zip.files).filter((p) => !zip.files[p].dir);
  const renames = new Map<string, string>();
  const used = new Set(parts);
  const fresh = (make: (k: number) => string) => {
    for (let k = 1; ; k++) if (!used.has(make(k))) return used.add(make(k)), make(k);
  };
  for (const p of parts) {
    if (/^xl\/.*comments?[^/]*\.xml$/i.test(p) && !/^xl\/comments\d+\.xml$/.test(p) && !/threadedComment|persons/i.test(p)) renames.set(p, fresh((k) => `xl/comments${k}.xml`));
    else if (/^xl\/.*\.vml$/i.test(p) && !/^xl\/drawings\/vmlDrawing\d+\.vml$/.test(p)) renames.set(p, fresh((k) => `xl/drawings/vmlDrawing${k}.vml`));
  }
  let changed = false;
  for (const rels of parts.filter((p) => /^xl\/worksheets\/_rels\/[^/]+\.rels$/.test(p))) {
    const xml = await zip.file(rels)!.async('string');
    const fixed = xml.replace(/(<Relationship\b[^>]*\bTarget=")([^"]+)(")/g, (whole, a: string, target: string, b: string) => {
      if (/^[a-z]+:/i.test(target)) return whole; // external (http:, file:)
      const abs = target.startsWith('/') ? target.slice(1) : resolve('xl/worksheets', target);
      const to = renames.get(abs) ?? abs;
      const rel = relative('xl/worksheets', to);
      return rel === target ? whole : `${a}${rel}${b}`;
    });
    if (fixed !== xml) {
      zip.file(rels, fixed);
      changed = true;
    }
  }
  if (renames.size === 0) return changed;
  for (const [from, to] of renames) {
    zip.file(to, await zip.file(from)!.async('uint8array'));
    zip.remove(from);
  }
  const types = await zip.file('[Content_Types].xml')?.async('string');
  if (types) {
    let t = types;
    for (const [from, to] of renames) t = t.split(`PartName="/${from}"`).join(`PartName="/${to}"`);
    if (!/Extension="vml"/.test(t)) t = t.replace('<Types', '<Types').replace(/(<Types\b[^>]*>)/, '$1<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>');
    zip.file('[Content_Types].xml', t);
  }
  return true;
}

function resolve(base: string, target: string): string {
  const out = base.split('/');
  for (const seg of target.split('/')) {
    if (seg === '..') out.pop();
    else if (seg !== '.') out.push(seg);
  }
  return out.join('/');
}

function relative(base: string, to: string): string {
  const a = base.split('/');
  const b = to.split('/');
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
}

const XDR = 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing';

/** `<wsDr xmlns="…spreadsheetDrawing">` → `<xdr:wsDr xmlns:xdr="…">`, every unprefixed element with it. */
export function prefixDrawing(xml: string): string {
  const root = new RegExp(`<wsDr\\b([^>]*)\\sxmlns="${XDR.replace(/[.]/g, '\\.')}"`);
  if (!root.test(xml)) return xml;
  return xml.replace(root, `<wsDr$1 xmlns:xdr="${XDR}"`).replace(/<(\/?)([A-Za-z_][\w.-]*)(?=[\s/>])/g, (whole, slash: string, name: string) => `<${slash}xdr:${name}`);
}

/**
 * The workbook without the charts exceljs cannot parse (a drawing anchor holding a graphic frame, as
 * openpyxl and WPS write them); pictures and everything else stay. How many charts went.
 */
export async function withoutDrawings(data: Uint8Array): Promise<{ data: Uint8Array; drawings: number } | null> {
  const zip = await JSZip.loadAsync(data);
  let drawings = 0;
  for (const part of Object.keys(zip.files).filter((p) => /^xl\/drawings\/[^/]+\.xml$/.test(p))) {
    const xml = await zip.file(part)!.async('string');
    const stripped = xml.replace(/<(xdr:)?(twoCellAnchor|oneCellAnchor|absoluteAnchor)\b[\s\S]*?<\/\1\2>/g, (anchor) => {
      if (!/graphicFrame/.test(anchor)) return anchor;
      drawings++;
      return '';
    });
    if (stripped !== xml) zip.file(part, stripped);
  }
  if (drawings === 0) return null;
  return { data: await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }), drawings };
}
