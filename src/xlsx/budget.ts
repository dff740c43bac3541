/**
 * One budget for the whole .xlsx package, checked before anything is unpacked for real: the zip's
 * central directory is read here (not by jszip), every part's declared size and their sum are held
 * to the limits, then every part is inflated in slices with the output counted and thrown away,
 * stopping as soon as a part or the whole goes over — so a zip bomb costs a few milliseconds and
 * no memory, whatever its part is called (a theme, sharedStrings, a leading "/" exceljs accepts).
 */

import { Inflate } from 'pako/lib/inflate';
import { msg, type Message } from '../core/message';
import { MAX_PACKAGE_BYTES, MAX_PART_BYTES, MAX_PARTS, sizeText } from './limits';

export class PackageError extends Error {
  constructor(
    readonly info: Message,
    /** 'truncated': the end of the zip is missing (cut off, or still being written). */
    readonly kind: 'limit' | 'truncated' | 'damaged' = 'limit',
  ) {
    super(info.en);
  }
}

export interface PackagePart {
  /** As stored (a leading "/" or "\" kept). */
  name: string;
  method: number;
  compressedSize: number;
  /** What the central directory says it unpacks to. */
  declaredSize: number;
  /** Offset of the part's local header. */
  offset: number;
}

const u16 = (d: Uint8Array, at: number) => d[at] | (d[at + 1] << 8);
const u32 = (d: Uint8Array, at: number) => (d[at] | (d[at + 1] << 8) | (d[at + 2] << 16)) + d[at + 3] * 0x1000000;
const u64 = (d: Uint8Array, at: number) => u32(d, at) + u32(d, at + 4) * 0x100000000;

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** Where the end-of-central-directory record starts, or -1 (a file cut off before its end). */
export function endRecord(d: Uint8Array): number {
  for (let at = d.length - 22; at >= Math.max(0, d.length - 22 - 0xffff); at--) if (u32(d, at) === EOCD) return at;
  return -1;
}

/** A part's name as exceljs matches it: no leading slash, forward slashes. */
export const partName = (name: string) => name.replace(/\\/g, '/').replace(/^\/+/, '');

/** The parts listed in the central directory, each with its declared sizes; nothing is unpacked. */
export function listParts(d: Uint8Array, fileName: string): PackagePart[] {
  const damaged = (why: string) => new PackageError(msg(`无法打开“${fileName}”：文件已损坏或不是 Excel 工作簿（${why}）。`, `Could not open "${fileName}": the file is damaged or not an Excel workbook (${why}).`), 'damaged');
  const end = endRecord(d);
  if (end < 0)
    throw new PackageError(
      msg(`“${fileName}”不完整：文件的结尾缺失（复制或保存时被中断，或仍在写入）。请等文件写完，或重新保存后再试。`, `"${fileName}" is incomplete: the end of the file is missing (a copy or save was interrupted, or it is still being written). Wait until it is complete, or save it again, and try again.`),
      'truncated',
    );
  let count = u16(d, end + 10);
  let cdOffset = u32(d, end + 16);
  if ((count === 0xffff || cdOffset === 0xffffffff) && end >= 20 && u32(d, end - 20) === ZIP64_LOCATOR) {
    const z = u64(d, end - 20 + 8);
    if (z + 56 > d.length || u32(d, z) !== ZIP64_EOCD) throw damaged('ZIP64');
    count = u64(d, z + 32);
    cdOffset = u64(d, z + 48);
  }
  if (count > MAX_PARTS) throw tooManyParts(fileName, count);
  const parts: PackagePart[] = [];
  let at = cdOffset;
  while (at + 46 <= d.length && u32(d, at) === CENTRAL) {
    if (parts.length >= MAX_PARTS) throw tooManyParts(fileName, parts.length + 1);
    const nameLen = u16(d, at + 28);
    const extraLen = u16(d, at + 30);
    const commentLen = u16(d, at + 32);
    const flags = u16(d, at + 8);
    const raw = d.subarray(at + 46, at + 46 + nameLen);
    const name = flags & 0x800 ? new TextDecoder().decode(raw) : String.fromCharCode(...raw);
    let compressedSize = u32(d, at + 20);
    let declaredSize = u32(d, at + 24);
    let offset = u32(d, at + 42);
    // ZIP64: sizes and offset that do not fit 32 bits are in the extra field, in this order.
    if (compressedSize === 0xffffffff || declaredSize === 0xffffffff || offset === 0xffffffff) {
      for (let e = at + 46 + nameLen; e + 4 <= at + 46 + nameLen + extraLen; e += 4 + u16(d, e + 2)) {
        if (u16(d, e) !== 1) continue;
        let f = e + 4;
        if (declaredSize === 0xffffffff) {
          declaredSize = u64(d, f);
          f += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = u64(d, f);
          f += 8;
        }
        if (offset === 0xffffffff) offset = u64(d, f);
        break;
      }
    }
    parts.push({ name, method: u16(d, at + 10), compressedSize, declaredSize, offset });
    at += 46 + nameLen + extraLen + commentLen;
  }
  if (parts.length === 0) throw damaged('no parts');
  return parts;
}

function tooManyParts(fileName: string, n: number): PackageError {
  return new PackageError(
    msg(`“${fileName}”由 ${n} 个以上部件组成，超过本工具的上限（${MAX_PARTS} 个；真实的教学计划最多约 20 个）：不像一份教学计划，未读取。`, `"${fileName}" is made of ${n} or more parts, beyond this tool's limit (${MAX_PARTS}; a real plan has about 20): that is no teaching plan, and it was not read.`),
  );
}

/** `size`: what the part says it unpacks to, or null when it unpacked past the limit. */
function partTooLarge(fileName: string, part: string, size: number | null, what: Message | null): PackageError {
  const label = what ? { zh: `${what.zh}（${part}）`, en: `${what.en} (${part})` } : { zh: `部件 ${part} `, en: `the part ${part}` };
  const limit = sizeText(MAX_PART_BYTES);
  return new PackageError(
    msg(
      `“${fileName}”中的${label.zh}解压后${size === null ? `超过 ${limit}` : `为 ${sizeText(size)}`}，超过本工具对单个部件的上限 ${limit}：不像一份教学计划，未读取。`,
      `In "${fileName}", ${label.en} unpacks to ${size === null ? `more than ${limit}` : sizeText(size)}, beyond this tool's limit of ${limit} for one part: that is no teaching plan, and it was not read.`,
    ),
  );
}

/** `size`: the declared sum, or null when the parts unpacked past the limit. */
function packageTooLarge(fileName: string, size: number | null, parts: number): PackageError {
  const limit = sizeText(MAX_PACKAGE_BYTES);
  return new PackageError(
    msg(
      `“${fileName}”的 ${parts} 个部件解压后共${size === null ? `超过 ${limit}` : ` ${sizeText(size)}`}，超过本工具的上限 ${limit}：不像一份教学计划，未读取。`,
      `The ${parts} parts of "${fileName}" unpack to ${size === null ? `more than ${limit}` : sizeText(size)} together, beyond this tool's limit of ${limit}: that is no teaching plan, and it was not read.`,
    ),
  );
}

/** Bytes of the file itself, before it is read (the CLI and the page check it first). */
export function fileTooLarge(fileName: string, bytes: number): Message {
  return msg(
    `“${fileName}”有 ${sizeText(bytes)}，超过本工具的上限 ${sizeText(MAX_PACKAGE_BYTES)}（真实的教学计划不到 100 KB）：未读取。`,
    `"${fileName}" is ${sizeText(bytes)}, beyond this tool's limit of ${sizeText(MAX_PACKAGE_BYTES)} (a real plan is under 100 KB): it was not read.`,
  );
}

/**
 * Inflates one part in slices, handing each piece of output to `onData` (or dropping it); stops as
 * soon as the output passes `limit` (the size returned is then above it). -1: not unpackable here.
 */
function inflate(d: Uint8Array, part: PackagePart, limit: number, onData: (chunk: Uint8Array) => void = () => undefined): number {
  const at = part.offset;
  if (at + 30 > d.length || u32(d, at) !== LOCAL) return -1;
  const start = at + 30 + u16(d, at + 26) + u16(d, at + 28);
  const data = d.subarray(start, Math.min(d.length, start + part.compressedSize));
  if (part.method === 0) {
    if (data.length <= limit) onData(data);
    return data.length;
  }
  if (part.method !== 8) return -1;
  let size = 0;
  const inflater = new Inflate({ raw: true, chunkSize: 64 * 1024 });
  inflater.onData = (chunk) => {
    size += chunk.length;
    if (size <= limit) onData(chunk);
  };
  inflater.onEnd = () => undefined;
  // 1 KB of deflate unpacks to at most about 1 MB: the count never runs far past the limit.
  const SLICE = 1024;
  for (let i = 0; i < data.length && size <= limit && !inflater.ended; i += SLICE) {
    inflater.push(data.subarray(i, Math.min(data.length, i + SLICE)), i + SLICE >= data.length);
    if (inflater.err) return -1;
  }
  return size;
}

/** A small part unpacked as text (null past `limit` bytes or when it does not unpack). */
function unpack(d: Uint8Array, part: PackagePart, limit = 1024 * 1024): string | null {
  const chunks: Uint8Array[] = [];
  const size = inflate(d, part, limit, (chunk) => chunks.push(chunk));
  if (size < 0 || size > limit) return null;
  const out = new Uint8Array(size);
  let k = 0;
  for (const c of chunks) out.set(c, (k += c.length) - c.length);
  return new TextDecoder().decode(out);
}

const KINDS: [RegExp, Message][] = [
  [/^xl\/sharedStrings\.xml$/i, msg('共享字符串表', 'the shared strings')],
  [/^xl\/styles\.xml$/i, msg('样式表', 'the styles')],
  [/^xl\/theme\//i, msg('主题', 'the theme')],
  [/^xl\/media\//i, msg('图片', 'a picture')],
  [/^xl\/workbook\.xml$/i, msg('工作簿结构', 'the workbook part')],
];

/** What a part is, for the message: a sheet by the name the user sees, the shared strings, the styles… */
function describePart(d: Uint8Array, parts: PackagePart[], name: string): Message | null {
  const own = partName(name);
  const kind = KINDS.find(([re]) => re.test(own));
  if (kind) return kind[1];
  if (!/worksheets\/[^/]+\.xml$/i.test(own)) return null;
  const find = (n: string) => parts.find((p) => partName(p.name) === n);
  const wb = find('xl/workbook.xml');
  const rels = find('xl/_rels/workbook.xml.rels');
  const wbXml = wb ? unpack(d, wb) : null;
  const relsXml = rels ? unpack(d, rels) : null;
  for (const m of relsXml?.matchAll(/<Relationship\b[^>]*>/g) ?? []) {
    const target = /\bTarget="([^"]+)"/.exec(m[0])?.[1];
    const id = /\bId="([^"]+)"/.exec(m[0])?.[1];
    if (!target || !id || partName(target.startsWith('/') ? target : `xl/${target}`) !== own) continue;
    for (const s of wbXml?.matchAll(/<sheet\b[^>]*>/g) ?? []) {
      if (/\br:id="([^"]+)"/.exec(s[0])?.[1] !== id) continue;
      const sheet = /\bname="([^"]*)"/.exec(s[0])?.[1];
      if (sheet !== undefined) return msg(`工作表“${sheet}”`, `sheet "${sheet}"`);
    }
  }
  return msg('工作表', 'a sheet');
}

/**
 * Holds the package to the budget: the number of parts, each part's declared size and the sum of
 * them, then what each part really unpacks to (counted in slices, stopping at the limit).
 */
export function checkPackage(d: Uint8Array, fileName: string): PackagePart[] {
  const parts = listParts(d, fileName);
  const about = (p: PackagePart) => describePart(d, parts, p.name);
  let declared = 0;
  for (const p of parts) {
    if (p.declaredSize > MAX_PART_BYTES) throw partTooLarge(fileName, p.name, p.declaredSize, about(p));
    declared += p.declaredSize;
  }
  if (declared > MAX_PACKAGE_BYTES) throw packageTooLarge(fileName, declared, parts.length);
  // Declared sizes can lie: what each part really unpacks to, counted and discarded, the whole
  // never inflating more than the budget allows.
  let total = 0;
  for (const p of parts) {
    const size = inflate(d, p, Math.min(MAX_PART_BYTES, MAX_PACKAGE_BYTES - total));
    if (size > MAX_PART_BYTES) throw partTooLarge(fileName, p.name, null, about(p));
    total += Math.max(0, size); // unreadable data (-1): jszip and exceljs say so in their own words
    if (total > MAX_PACKAGE_BYTES) throw packageTooLarge(fileName, null, parts.length);
  }
  return parts;
}
