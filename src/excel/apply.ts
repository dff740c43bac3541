/**
 * patch → Excel, and back. Reads everything it needs in one batch, checks the sheet has not changed
 * since it was scanned, then writes in as few syncs as the size allows: values as contiguous row
 * blocks, fills, notes (ExcelApi 1.18; threaded comments on 1.10; else only the report sheet), the
 * report sheet as one 2-D block. What was there before is returned so that one click restores it.
 */

import type { CellValue } from '../core/grid';
import { isErrorValue, parseA1, columnLetter } from '../core/grid';
import { FILL, noteText, ownSheets, type Patch, reportSheetName, reportSheetOf } from '../core/patch';
import { HostError } from '../core/host';

export interface Capabilities {
  notes: boolean; // ExcelApi 1.18
  comments: boolean; // ExcelApi 1.10
  /** Page layout (landscape, fit to width) for the report sheet: ExcelApi 1.9. */
  pageLayout?: boolean;
}

export interface RestoreCell {
  address: string;
  /** True when the add-in wrote a value here: only such cells get their value back. */
  written: boolean;
  value: CellValue;
  /** The fill colour before, or null for none. */
  fill: string | null;
  /** Whether the add-in added a note (or comment) here, and any note text that was there before. */
  noted: boolean;
  priorNote: string | null;
}

export interface RestoreRecord {
  sheet: string;
  cells: RestoreCell[];
  /** The report sheet, when this apply created it (restore leaves it: it is the add-in's own record). */
  createdSheet: string | null;
  /** Every sheet of ours this apply created (the report, the scenarios). */
  createdSheets?: string[];
  at: string;
}

/** Excel on the web refuses requests over 5 MB; stay well under it. */
export const MAX_REQUEST_BYTES = 4_000_000;

interface Block {
  address: string;
  values: (number | string | null)[][];
}

/** Contiguous runs of written cells on each row, so each run is one 2-D write. */
export function rowBlocks(writes: { address: string; value: number | string | null }[]): Block[] {
  const byRow = new Map<number, { col: number; value: number | string | null }[]>();
  for (const w of writes) {
    const p = parseA1(w.address);
    if (!p) continue;
    const list = byRow.get(p.row) ?? [];
    list.push({ col: p.col, value: w.value });
    byRow.set(p.row, list);
  }
  const blocks: Block[] = [];
  for (const [row, cells] of [...byRow].sort((a, b) => a[0] - b[0])) {
    cells.sort((a, b) => a.col - b.col);
    let start = 0;
    for (let i = 1; i <= cells.length; i++) {
      if (i === cells.length || cells[i].col !== cells[i - 1].col + 1) {
        const run = cells.slice(start, i);
        const a = `${columnLetter(run[0].col)}${row + 1}`;
        const b = `${columnLetter(run[run.length - 1].col)}${row + 1}`;
        blocks.push({ address: a === b ? a : `${a}:${b}`, values: [run.map((c) => c.value)] });
        start = i;
      }
    }
  }
  return blocks;
}

/** Splits a list of operations so that no batch's JSON payload passes the request cap. */
export function chunkBySize<T>(items: T[], size: (t: T) => number, max = MAX_REQUEST_BYTES): T[][] {
  const out: T[][] = [];
  let cur: T[] = [];
  let bytes = 0;
  for (const it of items) {
    const s = size(it);
    if (cur.length && bytes + s > max) {
      out.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(it);
    bytes += s;
  }
  if (cur.length) out.push(cur);
  return out;
}

type QueuedWrite = { bytes: number; run: () => void };

/**
 * Queues the writes and syncs once per request of at most 5 MB (Excel on the web's cap): one sync
 * for a plan, a few for a very large one. The sync in this loop is the chunking itself.
 */
async function runInRequests(context: Excel.RequestContext, ops: QueuedWrite[]): Promise<void> {
  for (const batch of chunkBySize(ops, (o) => o.bytes)) {
    context.application.suspendApiCalculationUntilNextSync();
    for (const op of batch) op.run();
    // eslint-disable-next-line office-addins/no-context-sync-in-loop -- one sync per 5 MB request, by design
    await context.sync();
  }
}

const same = (a: unknown, b: CellValue) => (a === '' || a === null || a === undefined ? b === null : typeof b === 'number' ? a === b : isErrorValue(b) ? a === b.error : String(a) === String(b));

export async function applyPatch(context: Excel.RequestContext, patch: Patch, caps: Capabilities): Promise<RestoreRecord> {
  const ws = context.workbook.worksheets.getItem(patch.sheet);
  const markAt = new Map(patch.marks.map((m) => [m.address, m]));
  const addresses = [...new Set([...patch.writes.map((w) => w.address), ...patch.marks.map((m) => m.address)])];

  // 1. One batch of reads: current values (to see nothing changed since the scan), fills, notes.
  const reads = addresses.map((address) => {
    const range = ws.getRange(address);
    range.load('values');
    range.format.fill.load('color');
    const note = caps.notes && markAt.has(address) ? ws.notes.getItemOrNullObject(address) : null;
    note?.load('content');
    return { address, range, note };
  });
  // Our sheets (the report, the scenarios) are the ones the workbook names point at; any other sheet is the user's.
  const own = ownSheets(patch).map((o) => {
    const named = context.workbook.names.getItemOrNullObject(o.definedName);
    named.load('formula');
    return { ...o, named };
  });
  const worksheets = context.workbook.worksheets;
  worksheets.load('items/name');
  await context.sync();
  const existingNames = worksheets.items.map((w) => w.name);
  const placed = own.map((o) => {
    const ours = o.named.isNullObject ? null : reportSheetOf(o.named.formula);
    const name = reportSheetName(existingNames, ours, o.base);
    existingNames.push(name);
    return { ...o, name, replacing: name === ours };
  });
  const report = placed[0];

  const changed = patch.writes.filter((w) => !same(reads.find((r) => r.address === w.address)!.range.values[0][0], w.previous));
  if (changed.length)
    throw new HostError(
      `自扫描以来表格已被修改（如 ${changed[0].address}），为避免覆盖您的改动，未写入任何内容。请重新扫描后再试。`,
      `The sheet changed since it was scanned (e.g. ${changed[0].address}); nothing was written so your edits are safe. Re-scan and try again.`,
    );

  const record: RestoreRecord = {
    sheet: patch.sheet,
    cells: reads.map((r) => ({
      address: r.address,
      written: patch.writes.some((w) => w.address === r.address),
      value: patch.writes.find((w) => w.address === r.address)?.previous ?? null,
      fill: r.range.format.fill.color && r.range.format.fill.color !== '#FFFFFF' ? r.range.format.fill.color : null,
      noted: markAt.has(r.address) && (caps.notes || caps.comments),
      priorNote: r.note && !r.note.isNullObject ? r.note.content : null,
    })),
    createdSheet: report.replacing ? null : report.name,
    createdSheets: placed.filter((p) => !p.replacing).map((p) => p.name),
    at: new Date().toISOString(),
  };

  // 2. Writes, in batches under the request cap, calculation suspended until each sync.
  const ops: QueuedWrite[] = [];
  for (const b of rowBlocks(patch.writes)) ops.push({ bytes: JSON.stringify(b).length + 64, run: () => void (ws.getRange(b.address).values = b.values) });
  for (const m of patch.marks) {
    const text = noteText(m, patch.lang);
    const prior = record.cells.find((c) => c.address === m.address)?.priorNote ?? null;
    ops.push({
      bytes: text.length * 3 + 128,
      run: () => {
        ws.getRange(m.address).format.fill.color = `#${FILL[m.kind]}`;
        if (caps.notes) {
          if (prior !== null) ws.notes.getItem(m.address).content = `${prior}\n\n${text}`;
          else ws.notes.add(m.address, text);
        } else if (caps.comments) context.workbook.comments.add(`${patch.sheet}!${m.address}`, text);
      },
    });
  }
  for (const p of placed) {
    const width = Math.max(1, ...p.rows.map((r) => r.length));
    const grid = p.rows.map((r) => [...r.map((v) => (typeof v === 'string' && /^[=+\-@]/.test(v) ? `'${v}` : v)), ...new Array(width - r.length).fill('')]);
    ops.push({
      bytes: JSON.stringify(grid).length + 512,
      run: () => {
        const sheet = p.replacing ? context.workbook.worksheets.getItem(p.name) : context.workbook.worksheets.add(p.name);
        if (p.replacing) sheet.getRange().clear();
        if (grid.length) {
          const all = sheet.getRange(`A1:${columnLetter(width - 1)}${grid.length}`);
          all.values = grid;
          // Laid out to be read and printed: set widths, wrapped text at the top, the title row frozen.
          all.format.wrapText = true;
          all.format.verticalAlignment = 'Top';
          sheet.getRange('A1').format.font.bold = true;
        }
        // A column's width in points: about 7 per character of Excel's default font.
        p.widths.forEach((w, i) => (sheet.getRange(`${columnLetter(i)}1`).format.columnWidth = w * 7));
        sheet.freezePanes.freezeRows(1);
        if (caps.pageLayout) {
          sheet.pageLayout.orientation = 'Landscape';
          sheet.pageLayout.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
        }
        if (!p.replacing) {
          if (!p.named.isNullObject) p.named.delete(); // it pointed at a sheet that is gone or renamed away
          context.workbook.names.add(p.definedName, sheet.getRange('A1'));
        }
      },
    });
  }
  await runInRequests(context, ops);
  return record;
}

export async function restore(context: Excel.RequestContext, record: RestoreRecord, caps: Capabilities): Promise<void> {
  const ws = context.workbook.worksheets.getItem(record.sheet);
  const ops: QueuedWrite[] = [];
  // Values only where the add-in wrote one; fills and notes wherever it marked.
  const values = record.cells.filter((c) => c.written);
  const written = record.cells;
  for (const b of rowBlocks(values.map((c) => ({ address: c.address, value: c.value === null ? null : isErrorValue(c.value) ? c.value.error : (c.value as number | string) }))))
    ops.push({ bytes: JSON.stringify(b).length + 64, run: () => void (ws.getRange(b.address).values = b.values.map((r) => r.map((v) => (v === null ? '' : v)))) });
  for (const c of written) {
    ops.push({
      bytes: 256 + (c.priorNote?.length ?? 0) * 3,
      run: () => {
        const range = ws.getRange(c.address);
        if (c.fill) range.format.fill.color = c.fill;
        else range.format.fill.clear();
        if (c.noted && caps.notes) {
          if (c.priorNote !== null) ws.notes.getItem(c.address).content = c.priorNote;
          else ws.notes.getItem(c.address).delete();
        }
      },
    });
  }
  await runInRequests(context, ops);
}
