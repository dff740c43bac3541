/**
 * patch → the school's own .xlsx, edited in place. Only what the patch names changes: the values of
 * the cells it writes, the cached results of formulas they feed, a style of its own for each marked
 * cell, notes, the report sheet and the workbook's "recalculate on opening" flag. Every other part of
 * the package — styles of other cells, comments, data validation, custom properties, pictures,
 * charts, pivot tables, macros — is carried over as it was, because nothing rewrites it.
 */

import JSZip from 'jszip';
import { columnLetter, parseA1 } from '../core/grid';
import { FILL, type MarkKind, noteText, ownSheets, type Patch, reportSheetName, reportSheetOf } from '../core/patch';
import { attribute, type Element, elements, escapeXml, section, unescapeXml, withAttributes } from './xml';

const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const REL_COMMENTS = `${NS_REL}/comments`;
const REL_VML = `${NS_REL}/vmlDrawing`;
const REL_SHEET = `${NS_REL}/worksheet`;
const REL_STYLES = `${NS_REL}/styles`;
const REL_OFFICE = `${NS_REL}/officeDocument`;
const CT_SHEET = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';
const CT_COMMENTS = 'application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml';
const CT_VML = 'application/vnd.openxmlformats-officedocument.vmlDrawing';

/** One cell's change: a value, a formula's cached result, a mark. */
interface CellEdit {
  value?: { v: number | string | null };
  result?: { v: number | null };
  mark?: MarkKind;
}

interface Relationship {
  id: string;
  type: string;
  target: string;
  external: boolean;
}

/** The package: its parts by name (case-insensitive, as OPC says), read and written as text. */
class Package {
  private readonly names = new Map<string, string>();
  private readonly texts = new Map<string, string>();

  constructor(readonly zip: JSZip) {
    for (const name of Object.keys(zip.files)) if (!zip.files[name].dir) this.names.set(name.replace(/^\/+/, '').toLowerCase(), name);
  }

  has(part: string): boolean {
    return this.names.has(part.replace(/^\/+/, '').toLowerCase());
  }

  async text(part: string): Promise<string> {
    const key = part.replace(/^\/+/, '').toLowerCase();
    const cached = this.texts.get(key);
    if (cached !== undefined) return cached;
    const name = this.names.get(key);
    if (!name) throw new Error(`part ${part} missing`);
    const t = await this.zip.file(name)!.async('string');
    this.texts.set(key, t);
    return t;
  }

  put(part: string, text: string): void {
    const clean = part.replace(/^\/+/, '');
    const key = clean.toLowerCase();
    const name = this.names.get(key) ?? clean;
    this.names.set(key, name);
    this.texts.set(key, text);
    this.zip.file(name, text);
  }

  /** A part name not yet used: `xl/comments{n}.xml`. */
  free(make: (n: number) => string): string {
    for (let n = 1; ; n++) if (!this.has(make(n))) return make(n);
  }

  parts(): string[] {
    return [...this.names.values()];
  }
}

const dirOf = (part: string) => (part.includes('/') ? part.slice(0, part.lastIndexOf('/') + 1) : '');
const relsOf = (part: string) => `${dirOf(part)}_rels/${part.slice(part.lastIndexOf('/') + 1)}.rels`;

/** A relationship's target as a part name. */
function resolvePart(from: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = (dirOf(from) + target).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

/** `to` relative to the folder of `from`, as a relationship target. */
function relativeTarget(from: string, to: string): string {
  const a = dirOf(from).split('/').filter(Boolean);
  const b = to.split('/');
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
}

async function relationships(pkg: Package, part: string): Promise<Relationship[]> {
  const rels = relsOf(part);
  if (!pkg.has(rels)) return [];
  const xml = await pkg.text(rels);
  return elements(xml, 'Relationship').map((e) => ({
    id: attribute(e.attrs, 'Id') ?? '',
    type: attribute(e.attrs, 'Type') ?? '',
    target: attribute(e.attrs, 'Target') ?? '',
    external: attribute(e.attrs, 'TargetMode') === 'External',
  }));
}

async function addRelationship(pkg: Package, part: string, type: string, target: string): Promise<string> {
  const rels = relsOf(part);
  const xml = pkg.has(rels) ? await pkg.text(rels) : `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>`;
  const used = new Set(elements(xml, 'Relationship').map((e) => attribute(e.attrs, 'Id')));
  let n = 1;
  while (used.has(`rIdPB${n}`)) n++;
  const id = `rIdPB${n}`;
  const tag = `<Relationship Id="${id}" Type="${type}" Target="${escapeXml(target)}"/>`;
  pkg.put(rels, xml.includes('</Relationships>') ? xml.replace('</Relationships>', `${tag}</Relationships>`) : xml.replace(/<Relationships([^>]*)\/>/, `<Relationships$1>${tag}</Relationships>`));
  return id;
}

async function addContentType(pkg: Package, xmlTag: string, test: RegExp): Promise<void> {
  const xml = await pkg.text('[Content_Types].xml');
  if (test.test(xml)) return;
  pkg.put('[Content_Types].xml', xml.replace('</Types>', `${xmlTag}</Types>`));
}

/** The workbook part, its sheets by name (with their parts) and the namespace prefix of relationship ids. */
async function workbookOf(pkg: Package) {
  const root = await relationships(pkg, '');
  const target = root.find((r) => r.type === REL_OFFICE)?.target ?? 'xl/workbook.xml';
  const part = resolvePart('', target);
  const xml = await pkg.text(part);
  const rels = await relationships(pkg, part);
  const prefix = /xmlns:([\w]+)="http:\/\/schemas\.openxmlformats\.org\/officeDocument\/2006\/relationships"/.exec(xml)?.[1] ?? 'r';
  const sheets = elements(xml, 'sheet').map((e) => {
    const id = attribute(e.attrs, `${prefix}:id`) ?? '';
    const rel = rels.find((r) => r.id === id);
    return { name: attribute(e.attrs, 'name') ?? '', sheetId: Number(attribute(e.attrs, 'sheetId') ?? 0), part: rel ? resolvePart(part, rel.target) : '' };
  });
  const styles = rels.find((r) => r.type === REL_STYLES);
  return { part, xml, prefix, sheets, styles: styles ? resolvePart(part, styles.target) : null };
}

/** The styles part, and new cell formats made from existing ones with a mark's fill. */
class Styles {
  private readonly made = new Map<string, number>();
  private readonly fills = new Map<MarkKind, number>();
  private boldXf: number | null = null;
  private wrapXf: number | null = null;
  private xml: string;
  private readonly xfs: string[];

  constructor(
    private readonly pkg: Package,
    private readonly part: string,
    xml: string,
  ) {
    this.xml = xml;
    const cellXfs = section(xml, 'cellXfs');
    this.xfs = cellXfs ? elements(xml, 'xf', cellXfs.start, cellXfs.end).map((e) => xml.slice(e.start, e.end)) : [];
  }

  /** The format of `base` with the mark's fill: one new format per (base, mark), shared by the cells that need it. */
  marked(base: number, kind: MarkKind): number {
    const key = `${base}:${kind}`;
    const known = this.made.get(key);
    if (known !== undefined) return known;
    const fill = this.fillFor(kind);
    const source = this.xfs[base] ?? this.xfs[0] ?? '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>';
    const m = /^<xf([^>]*?)(\/?)>/.exec(source)!;
    const xf = `<xf${withAttributes(m[1], { fillId: String(fill), applyFill: '1' })}${m[2]}>${source.slice(m[0].length)}`;
    const index = this.appendXf(xf);
    this.made.set(key, index);
    return index;
  }

  /** Text wrapped at the top of its cell, for the report's columns. */
  wrapped(): number {
    if (this.wrapXf !== null) return this.wrapXf;
    this.wrapXf = this.appendXf('<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>');
    return this.wrapXf;
  }

  /** A bold, larger format for the report's title. */
  title(): number {
    if (this.boldXf !== null) return this.boldXf;
    const fonts = section(this.xml, 'fonts');
    let fontId = 0;
    if (fonts) {
      fontId = elements(this.xml, 'font', fonts.start, fonts.end).length;
      this.xml = this.xml.slice(0, fonts.end) + '<font><b/><sz val="14"/><name val="宋体"/><family val="3"/><charset val="134"/></font>' + this.xml.slice(fonts.end);
      this.xml = this.xml.replace(/<fonts([^>]*?)count="\d+"/, `<fonts$1count="${fontId + 1}"`);
    }
    this.boldXf = this.appendXf(`<xf numFmtId="0" fontId="${fontId}" fillId="0" borderId="0" xfId="0" applyFont="1"/>`);
    return this.boldXf;
  }

  save(): void {
    this.pkg.put(this.part, this.xml);
  }

  private fillFor(kind: MarkKind): number {
    const known = this.fills.get(kind);
    if (known !== undefined) return known;
    const fills = section(this.xml, 'fills');
    const tag = `<fill><patternFill patternType="solid"><fgColor rgb="FF${FILL[kind]}"/><bgColor indexed="64"/></patternFill></fill>`;
    let index: number;
    if (fills) {
      index = elements(this.xml, 'fill', fills.start, fills.end).length;
      this.xml = this.xml.slice(0, fills.end) + tag + this.xml.slice(fills.end);
      this.xml = this.xml.replace(/<fills([^>]*?)count="\d+"/, `<fills$1count="${index + 1}"`);
    } else {
      // Excel requires the two default fills before any of one's own.
      index = 2;
      const fonts = section(this.xml, 'fonts');
      const at = fonts ? fonts.close : this.xml.indexOf('<cellXfs');
      this.xml = this.xml.slice(0, at) + `<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>${tag}</fills>` + this.xml.slice(at);
    }
    this.fills.set(kind, index);
    return index;
  }

  private appendXf(xf: string): number {
    const cellXfs = section(this.xml, 'cellXfs');
    if (!cellXfs) throw new Error('styles without cellXfs');
    const index = this.xfs.length;
    this.xml = this.xml.slice(0, cellXfs.end) + xf + this.xml.slice(cellXfs.end);
    this.xml = this.xml.replace(/<cellXfs([^>]*?)count="\d+"/, `<cellXfs$1count="${index + 1}"`);
    this.xfs.push(xf);
    return index;
  }
}

const cellKey = (row: number, col: number) => `${row},${col}`;

function numberText(n: number): string {
  return String(Math.round(n * 1e9) / 1e9);
}

/** A cell as the patch leaves it: the same start tag but for what changes, the same formula. */
function editedCell(attrs: string, body: string | null, row: number, col: number, edit: CellEdit, style: (base: number, kind: MarkKind) => number, inherited = 0): string {
  // A new cell shows its row's or column's format: it keeps it.
  const base = Number(attribute(attrs, 's') ?? inherited);
  const changes: Record<string, string | null> = { r: `${columnLetter(col)}${row + 1}` };
  if (edit.mark) changes.s = String(style(base, edit.mark));
  else if (base !== 0 && attribute(attrs, 's') === undefined) changes.s = String(base);
  let inner = body;
  if (edit.value) {
    const v = edit.value.v;
    if (v === null) {
      changes.t = null;
      inner = null;
    } else if (typeof v === 'number') {
      changes.t = null;
      inner = `<v>${numberText(v)}</v>`;
    } else {
      changes.t = 'inlineStr';
      inner = `<is><t xml:space="preserve">${escapeXml(v)}</t></is>`;
    }
  } else if (edit.result && body !== null) {
    const f = /<f\b[^>]*?(?:\/>|>[\s\S]*?<\/f>)/.exec(body)?.[0] ?? '';
    const rest = body.replace(/<f\b[^>]*?(?:\/>|>[\s\S]*?<\/f>)/, '').replace(/<v>[\s\S]*?<\/v>|<v\/>/, '');
    changes.t = null;
    inner = `${f}${edit.result.v === null ? '' : `<v>${numberText(edit.result.v)}</v>`}${rest}`;
  }
  const open = `<c${withAttributes(attrs, changes)}`;
  return inner === null || inner === '' ? `${open}/>` : `${open}>${inner}</c>`;
}

/** The style a cell that does not exist yet would show: its row's, else its column's. */
function defaultStyles(xml: string): { column: (col: number) => number } {
  const cols = section(xml, 'cols');
  const list = cols ? elements(xml, 'col', cols.start, cols.end).map((e) => ({ min: Number(attribute(e.attrs, 'min')), max: Number(attribute(e.attrs, 'max')), style: Number(attribute(e.attrs, 'style') ?? 0) })) : [];
  return { column: (col) => list.find((c) => col + 1 >= c.min && col + 1 <= c.max)?.style ?? 0 };
}

/** The sheet's XML with its edits: rows and cells not named are kept byte for byte. */
export function editSheetXml(xml: string, edits: Map<string, CellEdit>, style: (base: number, kind: MarkKind) => number): string {
  if (edits.size === 0) return xml;
  const sd = section(xml, 'sheetData');
  if (!sd) throw new Error('sheet without sheetData');
  const byRow = new Map<number, Map<number, CellEdit>>();
  for (const [key, e] of edits) {
    const [r, c] = key.split(',').map(Number);
    const row = byRow.get(r) ?? new Map<number, CellEdit>();
    row.set(c, e);
    byRow.set(r, row);
  }
  const defaults = defaultStyles(xml);
  const rows = elements(xml, 'row', sd.start, sd.end);
  const pieces: string[] = [];
  let cursor = sd.start;
  let last = -1;
  const newRow = (r: number, cellEdits: Map<number, CellEdit>) =>
    `<row r="${r + 1}">${[...cellEdits.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([c, e]) => editedCell('', null, r, c, e, style, defaults.column(c)))
      .join('')}</row>`;
  // Rows are rewritten only where an edit falls, and new rows go in order among them.
  const pending = [...byRow.keys()].sort((a, b) => a - b);
  let p = 0;
  for (const row of rows) {
    const explicit = attribute(row.attrs, 'r');
    const r = explicit ? Number(explicit) - 1 : last + 1;
    last = r;
    while (p < pending.length && pending[p] < r) {
      pieces.push(xml.slice(cursor, row.start));
      cursor = row.start;
      pieces.push(newRow(pending[p], byRow.get(pending[p])!));
      p++;
    }
    const mine = byRow.get(r);
    if (!mine && explicit) continue;
    pieces.push(xml.slice(cursor, row.start));
    cursor = row.end;
    if (!mine) {
      // A row without its number: numbered, so rows put before it cannot shift it.
      pieces.push(xml.slice(row.start, row.end).replace(/^<row/, `<row r="${r + 1}"`));
      continue;
    }
    p += pending[p] === r ? 1 : 0;
    const rowStyle = attribute(row.attrs, 'customFormat') === '1' || attribute(row.attrs, 'customFormat') === 'true' ? Number(attribute(row.attrs, 's') ?? 0) : null;
    const cells = row.body === null ? [] : elements(row.body, 'c');
    const out: string[] = [];
    let col = -1;
    const todo = new Map(mine);
    for (const cell of cells) {
      const ref = attribute(cell.attrs, 'r');
      const c = ref ? parseA1(ref)!.col : col + 1;
      col = c;
      for (const k of [...todo.keys()].sort((a, b) => a - b)) {
        if (k >= c) break;
        const e = todo.get(k)!;
        out.push(editedCell('', null, r, k, e, style, rowStyle ?? defaults.column(k)));
        todo.delete(k);
      }
      const e = todo.get(c);
      const text = row.body!.slice(cell.start, cell.end);
      if (e) {
        out.push(editedCell(cell.attrs, cell.body, r, c, e, style));
        todo.delete(c);
      } else out.push(ref ? text : text.replace(/^<c/, `<c r="${columnLetter(c)}${r + 1}"`));
    }
    for (const [k, e] of [...todo.entries()].sort((a, b) => a[0] - b[0])) out.push(editedCell('', null, r, k, e, style, rowStyle ?? defaults.column(k)));
    pieces.push(`<row${withAttributes(row.attrs, { r: String(r + 1), spans: null })}>${out.join('')}</row>`);
  }
  while (p < pending.length) {
    pieces.push(xml.slice(cursor, sd.end));
    cursor = sd.end;
    pieces.push(newRow(pending[p], byRow.get(pending[p])!));
    p++;
  }
  pieces.push(xml.slice(cursor, sd.end));
  const data = pieces.join('');
  // `<sheetData/>` has no inside to put rows in.
  if (sd.start === sd.end && xml.slice(sd.open, sd.close).endsWith('/>')) return xml.slice(0, sd.open) + `<sheetData>${data}</sheetData>` + xml.slice(sd.close);
  return xml.slice(0, sd.start) + data + xml.slice(sd.end);
}

/** Where an element goes among a worksheet's children: before the first of those that must follow it. */
function insertBefore(xml: string, element: string, followers: string[], closing: string): string {
  for (const f of followers) {
    const m = new RegExp(`<${f}(?=[\\s/>])`).exec(xml);
    if (m) return xml.slice(0, m.index) + element + xml.slice(m.index);
  }
  return xml.replace(closing, `${element}${closing}`);
}

const VML_HEAD = (idmap: number) =>
  `<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">` +
  `<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="${idmap}"/></o:shapelayout>` +
  `<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>`;

function vmlShape(id: number, row: number, col: number): string {
  return (
    `<v:shape id="_x0000_s${id}" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:216pt;height:90pt;z-index:${id};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">` +
    `<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>` +
    `<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>` +
    `<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>${col + 1}, 15, ${row}, 2, ${col + 4}, 15, ${row + 6}, 16</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>${row}</x:Row><x:Column>${col}</x:Column></x:ClientData></v:shape>`
  );
}

// With its own font, as Excel writes a note's run (some readers carry a run's font into the next).
const run = (text: string) => `<r><rPr><sz val="9"/><color indexed="81"/><rFont val="宋体"/><family val="3"/><charset val="134"/></rPr><t xml:space="preserve">${escapeXml(text)}</t></r>`;

/** Notes on a sheet: ours below any the school wrote on the same cell, in the sheet's own comments part. */
async function addNotes(pkg: Package, sheetPart: string, sheetXml: string, notes: { address: string; text: string }[]): Promise<string> {
  if (notes.length === 0) return sheetXml;
  const rels = await relationships(pkg, sheetPart);
  const commentsRel = rels.find((r) => r.type === REL_COMMENTS && !r.external);
  const threaded = rels.some((r) => /threadedComment/i.test(r.type));
  const legacyId = /<legacyDrawing\b[^>]*?\b[\w]+:id="([^"]+)"/.exec(sheetXml)?.[1];
  const vmlRel = rels.find((r) => r.id === legacyId) ?? rels.find((r) => r.type === REL_VML && !r.external);

  let commentsPart = commentsRel ? resolvePart(sheetPart, commentsRel.target) : null;
  let xml: string | null = commentsPart && pkg.has(commentsPart) ? await pkg.text(commentsPart) : null;
  if (!xml) {
    commentsPart = pkg.free((n) => `xl/comments${n}.xml`);
    xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors></authors><commentList></commentList></comments>`;
    await addRelationship(pkg, sheetPart, REL_COMMENTS, relativeTarget(sheetPart, commentsPart));
    await addContentType(pkg, `<Override PartName="/${commentsPart}" ContentType="${CT_COMMENTS}"/>`, new RegExp(`PartName="/${commentsPart.replace(/[.[\]]/g, '\\$&')}"`, 'i'));
  }
  // Our author.
  const authors = section(xml, 'authors');
  const authorList = authors ? elements(xml, 'author', authors.start, authors.end) : [];
  let authorId = authorList.findIndex((a) => a.body === 'Plan Balancer');
  if (authorId < 0) {
    authorId = authorList.length;
    xml = authors ? xml.slice(0, authors.end) + '<author>Plan Balancer</author>' + xml.slice(authors.end) : xml.replace(/(<comments[^>]*>)/, '$1<authors><author>Plan Balancer</author></authors>');
  }
  const added: { row: number; col: number }[] = [];
  for (const note of notes) {
    const list = section(xml, 'commentList');
    const existing: Element | undefined = list ? elements(xml, 'comment', list.start, list.end).find((c) => attribute(c.attrs, 'ref') === note.address) : undefined;
    if (existing) {
      const body: string = existing.body ?? '';
      // A threaded comment's note stands in for the thread: Excel rewrites it, so ours stays on the report sheet.
      if (threaded && /\[Threaded comment\]/i.test(body)) continue;
      const text = section(body, 'text');
      const merged: string = text ? body.slice(0, text.end) + run(`\n\n${note.text}`) + body.slice(text.end) : `${body}<text>${run(note.text)}</text>`;
      xml = xml.slice(0, existing.start) + `<comment${existing.attrs}>${merged}</comment>` + xml.slice(existing.end);
    } else {
      const tag = `<comment ref="${note.address}" authorId="${authorId}"><text>${run(note.text)}</text></comment>`;
      xml = list ? xml.slice(0, list.end) + tag + xml.slice(list.end) : xml.replace('</comments>', `<commentList>${tag}</commentList></comments>`);
      const p = parseA1(note.address)!;
      added.push(p);
    }
  }
  pkg.put(commentsPart!, xml);
  if (added.length === 0) return sheetXml;

  // The drawing Excel shows notes through.
  let vmlPart = vmlRel ? resolvePart(sheetPart, vmlRel.target) : null;
  let vml = vmlPart && pkg.has(vmlPart) ? await pkg.text(vmlPart) : null;
  if (!vml) {
    let idmap = 0;
    for (const part of pkg.parts().filter((n) => /\.vml$/i.test(n))) {
      for (const m of (await pkg.text(part)).matchAll(/<o:idmap[^>]*data="([\d,]+)"/g)) for (const d of m[1].split(',')) idmap = Math.max(idmap, Number(d));
    }
    vmlPart = pkg.free((n) => `xl/drawings/vmlDrawing${n}.vml`);
    vml = `${VML_HEAD(idmap + 1)}</xml>`;
    const id = await addRelationship(pkg, sheetPart, REL_VML, relativeTarget(sheetPart, vmlPart));
    await addContentType(pkg, `<Default Extension="vml" ContentType="${CT_VML}"/>`, /Extension="vml"/i);
    const prefix = /xmlns:([\w]+)="http:\/\/schemas\.openxmlformats\.org\/officeDocument\/2006\/relationships"/.exec(sheetXml)?.[1];
    const tag = prefix ? `<legacyDrawing ${prefix}:id="${id}"/>` : `<legacyDrawing xmlns:r="${NS_REL}" r:id="${id}"/>`;
    sheetXml = insertBefore(sheetXml, tag, ['legacyDrawingHF', 'drawingHF', 'picture', 'oleObjects', 'controls', 'webPublishItems', 'tableParts', 'extLst'], '</worksheet>');
  } else if (!/_x0000_t202/.test(vml)) {
    vml = vml.replace(/(<\/o:shapelayout>)/, `$1<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>`);
  }
  const idmapData = Number(/<o:idmap[^>]*data="(\d+)/.exec(vml)?.[1] ?? 1);
  let next = Math.max(idmapData * 1024, ...[...vml.matchAll(/_x0000_s(\d+)/g)].map((m) => Number(m[1]))) + 1;
  const shapes = added.map((p) => vmlShape(next++, p.row, p.col)).join('');
  pkg.put(vmlPart!, vml.replace(/<\/xml>\s*$/, `${shapes}</xml>`));
  return sheetXml;
}

/**
 * A sheet of our own (the report, the scenarios) laid out to be read and printed: inline strings and
 * numbers, the title in bold, text wrapped at the top of its cell in columns of set widths, the title row
 * frozen, landscape, fitted to the page's width.
 */
function ownSheetXml(rows: (string | number)[][], widths: number[], titleStyle: number, textStyle: number): string {
  const cell = (v: string | number, r: number, c: number) => {
    const ref = `${columnLetter(c)}${r + 1}`;
    const s = ` s="${r === 0 && c === 0 ? titleStyle : textStyle}"`;
    if (typeof v === 'number') return Number.isFinite(v) ? `<c r="${ref}"${s}><v>${numberText(v)}</v></c>` : '';
    return v === '' ? '' : `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${escapeXml(v)}</t></is></c>`;
  };
  const data = rows.map((row, r) => `<row r="${r + 1}">${row.map((v, c) => cell(v, r, c)).join('')}</row>`).join('');
  const cols = widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('');
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
    `<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>` +
    `<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>` +
    `<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols>` +
    `<sheetData>${data}</sheetData><pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>` +
    `<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/></worksheet>`
  );
}

const WORKBOOK_AFTER_NAMES = ['calcPr', 'oleSize', 'customWorkbookViews', 'pivotCaches', 'smartTagPr', 'smartTagTypes', 'webPublishing', 'fileRecoveryPr', 'webPublishObjects', 'extLst'];

/** The definedName one of our sheets is found by, set to `reference`. */
function withDefinedName(xml: string, definedName: string, reference: string): string {
  const tag = `<definedName name="${definedName}">${escapeXml(reference)}</definedName>`;
  const names = section(xml, 'definedNames');
  if (names) {
    const ours = elements(xml, 'definedName', names.start, names.end).find((e) => attribute(e.attrs, 'name') === definedName);
    if (ours) return xml.slice(0, ours.start) + tag + xml.slice(ours.end);
    if (names.start === names.end) return xml.slice(0, names.open) + `<definedNames>${tag}</definedNames>` + xml.slice(names.close);
    return xml.slice(0, names.end) + tag + xml.slice(names.end);
  }
  return insertBefore(xml, `<definedNames>${tag}</definedNames>`, WORKBOOK_AFTER_NAMES, '</workbook>');
}

function withFullCalc(xml: string): string {
  const m = /<calcPr\b([^>]*?)(\/?)>/.exec(xml);
  if (m) return xml.slice(0, m.index) + `<calcPr${withAttributes(m[1], { fullCalcOnLoad: '1' })}${m[2]}>` + xml.slice(m.index + m[0].length);
  return insertBefore(xml, '<calcPr fullCalcOnLoad="1"/>', WORKBOOK_AFTER_NAMES.slice(1), '</workbook>');
}

/** One of our sheets' name and reference, as the workbook's definedName has it (never found by title). */
function definedNameReference(xml: string, definedName: string): string | null {
  const names = section(xml, 'definedNames');
  if (!names) return null;
  const ours = elements(xml, 'definedName', names.start, names.end).find((e) => attribute(e.attrs, 'name') === definedName);
  return ours?.body ? unescapeXml(ours.body) : null;
}

/** The school's workbook with the patch in it: bytes of a package every other part of which is as it was. */
export async function patchPackage(original: Uint8Array, patch: Patch): Promise<Uint8Array> {
  const lang = patch.lang;
  const zip = await JSZip.loadAsync(original);
  const pkg = new Package(zip);
  const wb = await workbookOf(pkg);
  const sheetPart = (name: string) => wb.sheets.find((s) => s.name === name)?.part;
  const main = sheetPart(patch.sheet);
  if (!main || !pkg.has(main)) throw new Error(`sheet ${patch.sheet} not found`);
  if (!wb.styles || !pkg.has(wb.styles)) throw new Error('workbook without styles');
  const styles = new Styles(pkg, wb.styles, await pkg.text(wb.styles));

  // Edits per sheet.
  const edits = new Map<string, Map<string, CellEdit>>();
  const at = (sheet: string, address: string): CellEdit | null => {
    const p = parseA1(address);
    if (!p) return null;
    const list = edits.get(sheet) ?? edits.set(sheet, new Map()).get(sheet)!;
    const key = cellKey(p.row, p.col);
    const e = list.get(key) ?? {};
    list.set(key, e);
    return e;
  };
  for (const w of patch.writes) {
    const e = at(patch.sheet, w.address);
    if (e) e.value = { v: w.value };
  }
  for (const r of patch.recalculated) {
    const e = at(r.sheet, r.address);
    if (e) e.result = { v: r.result };
  }
  for (const m of patch.marks) {
    const e = at(patch.sheet, m.address);
    if (e) e.mark = m.kind;
  }
  for (const [sheet, list] of edits) {
    const part = sheetPart(sheet);
    if (!part || !pkg.has(part)) continue;
    let xml = editSheetXml(await pkg.text(part), list, (base, kind) => styles.marked(base, kind));
    if (sheet === patch.sheet) xml = await addNotes(pkg, part, xml, patch.marks.map((m) => ({ address: m.address, text: noteText(m, lang) })));
    pkg.put(part, xml);
  }

  // The report sheet (and the scenarios): ours replaced (found by the workbook's name, never by its title), else a new one.
  let wbXml = wb.xml;
  const names = wb.sheets.map((s) => s.name);
  let nextSheetId = Math.max(0, ...wb.sheets.map((s) => s.sheetId)) + 1;
  for (const own of ownSheets(patch)) {
    const ours = reportSheetOf(definedNameReference(wbXml, own.definedName));
    const name = reportSheetName(names, ours, own.base);
    const xml = ownSheetXml(own.rows, own.widths, styles.title(), styles.wrapped());
    const existing: string | undefined = ours && name === ours ? sheetPart(ours) : undefined;
    if (existing) pkg.put(existing, xml);
    else {
      const part = pkg.free((n) => `xl/worksheets/sheet${n}.xml`);
      pkg.put(part, xml);
      const id = await addRelationship(pkg, wb.part, REL_SHEET, relativeTarget(wb.part, part));
      await addContentType(pkg, `<Override PartName="/${part}" ContentType="${CT_SHEET}"/>`, new RegExp(`PartName="/${part.replace(/[.[\]]/g, '\\$&')}"`, 'i'));
      const sheets = section(wbXml, 'sheets');
      if (!sheets) throw new Error('workbook without sheets');
      wbXml = wbXml.slice(0, sheets.end) + `<sheet name="${escapeXml(name)}" sheetId="${nextSheetId++}" ${wb.prefix}:id="${id}"/>` + wbXml.slice(sheets.end);
      names.push(name);
    }
    wbXml = withDefinedName(wbXml, own.definedName, `'${name.replace(/'/g, "''")}'!$A$1`);
  }
  // Formulas the file cannot hold a result for are Excel's to compute when the file opens.
  wbXml = withFullCalc(wbXml);
  pkg.put(wb.part, wbXml);
  styles.save();
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

